/** The trace model, its canonical serializer and diff. The only door into src/trace. */
export {
  TaskStatus,
  WorkflowStatus,
  TraceEventKind,
  isTerminalTaskStatus,
  isSuccessfulTaskStatus,
  isTerminalWorkflowStatus,
} from './model.js';
export type { TaskRun, WorkflowRun, TraceEvent, PublishedMessage, TraceSource, Trace } from './model.js';
