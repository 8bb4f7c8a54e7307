/**
 * The deterministic in-memory Conductor engine. The only door into src/engine (STYLE 1.1).
 */
export { createEngine, EngineMode, runtimeNeeds } from './engine.js';
export type { Engine, EngineOptions, EngineLimits, StartRequest, WorkflowSession, RuntimeNeeds } from './engine.js';
export type { TaskResolver, WorkerAnswer, WorkerTaskView, HttpPort } from './ports.js';
export type { HttpTaskRequest, HttpTaskResponse } from './tasks/index.js';
export type { UnmockedPolicy } from './simulate.js';
export { createVirtualClock, parseDuration, DEFAULT_START_TIME } from './clock.js';
export type { VirtualClock, VirtualClockOptions } from './clock.js';
export { MAX_TEST_LOOPS } from './server-compat.js';
export { retryDelaySeconds } from './executor.js';
export { effectiveTaskDef } from './blueprint.js';
export type { EffectiveTaskDef } from './blueprint.js';
export { appendIteration, baseRef } from './refs.js';
