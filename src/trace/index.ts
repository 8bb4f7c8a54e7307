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
export { isTrace } from './is-trace.js';
export { formatOffset, formatTraceTime } from './format-offset.js';
export { normalizeTrace } from './normalize.js';
export type {
  NormalizeOptions,
  NormalizedTrace,
  NormalizedWorkflow,
  NormalizedTask,
  NormalizedRecord,
  NormalizedValue,
} from './normalize.js';
export { serializeTrace, TRACE_FORMAT_HEADER } from './serialize.js';
export type { SerializeOptions } from './serialize.js';
export { formatTimeline } from './timeline.js';
export type { TimelineOptions } from './timeline.js';
export { diffTraces, formatTraceDiff, DiffFields, DifferenceKind } from './diff.js';
export type { DiffOptions, DiffFieldSet, TraceDiff, TraceDifference } from './diff.js';
