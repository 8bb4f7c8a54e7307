/**
 * Mock statuses: TaskResult.Status of common/metadata/tasks/TaskResult.java. Any other string is
 * a 400 at deserialisation on the server (shared/spec engine-semantics §7.1).
 */

/** Extra advice for statuses people try that the endpoint cannot take. */
export const mockStatusHints: Readonly<Record<string, string>> = {
  TIMED_OUT: 'mocks cannot time out; use executionTime with a task timeoutSeconds or a never-answering worker',
};
