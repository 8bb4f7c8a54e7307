/** Client for a real Conductor server and normalisation of its answers into a Trace. The only door into src/remote. */
export { createConductorClient } from './client.js';
export type { ConductorClient, ConductorClientOptions, GetWorkflowOptions } from './client.js';
export type { ServerWorkflow, ServerTask, ServerHealth } from './server-workflow.js';
export { toTrace } from './normalize.js';
export type { ToTraceOptions } from './normalize.js';
export { fetchChildWorkflows } from './fetch-children.js';
export type { FetchChildWorkflowsOptions } from './fetch-children.js';
export { replay, prepareServer, compareWithServer, taskNamesOf } from './replay.js';
export type { ReplayOptions, ReplayResult } from './replay.js';
export { runModes, serverModeSkipReason } from './modes.js';
export type { RunMode, RunModeName, RunModesOptions, ModeRunOptions } from './modes.js';
