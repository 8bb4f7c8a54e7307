/**
 * `conductor-testkit run <workflow.json | test-request.json> [--input JSON] [--json]`: runs a
 * workflow in memory and prints its timeline (or the run as JSON).
 */
import { parseArgs } from 'node:util';
import type { JsonObject, WorkflowDef, WorkflowTestRequest } from '../../definitions/index.js';
import { parseJson, parseTestRequest, parseWorkflowDef } from '../../definitions/index.js';
import { UsageError } from '../../errors/index.js';
import { runWorkflow } from '../../mocks/index.js';
import { formatTimeline, serializeTrace } from '../../trace/index.js';
import type { Command } from '../command.js';
import { readJsonFile } from '../files.js';

const USAGE = `Usage: conductor-testkit run <workflow.json | test-request.json> [options]

Runs a workflow in memory and prints its timeline.

  A WorkflowTestRequest file (the body of POST /api/workflow/test) brings its own input and mocks.
  A bare WorkflowDef file runs with --input; worker tasks without mocks stall (the run ends RUNNING).

Options:
  --input <json>         workflow input as JSON (overrides the request's input)
  --mode <mode>          simulate (default) or server-compat (what POST /api/workflow/test returns)
  --seed <n>             seed for ids (default 1)
  --start <iso>          virtual start time (default 2024-01-01T00:00:00Z)
  --unmocked <policy>    simulate: error | stall | fail for worker tasks without a mock (default: error for requests, stall for bare definitions)
  --json                 print the run as JSON (Conductor's Workflow shape plus the event log)
  --trace                print the canonical trace text (what snapshots store)`;

function isTestRequestShape(value: unknown): boolean {
  return typeof value === 'object' && value !== null && ('taskRefToMockOutput' in value || 'workflowDef' in value || 'subWorkflowTestRequest' in value);
}

export const runCommand: Command = {
  name: 'run',
  summary: 'run a workflow or a WorkflowTestRequest in memory and print its timeline',
  usage: USAGE,
  async run(argv, io) {
    const { values, positionals } = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        input: { type: 'string' },
        mode: { type: 'string' },
        seed: { type: 'string' },
        start: { type: 'string' },
        unmocked: { type: 'string' },
        json: { type: 'boolean' },
        trace: { type: 'boolean' },
      },
    });
    if (positionals.length !== 1) throw new UsageError('give exactly one workflow or test-request file; see --help');
    const file = positionals[0] as string;
    const raw = readJsonFile(file, io.cwd);
    const input = values.input === undefined ? undefined : (parseJson(values.input, '--input') as JsonObject);
    if (input !== undefined && (typeof input !== 'object' || input === null || Array.isArray(input))) {
      throw new UsageError('--input must be a JSON object, e.g. --input \'{"orderId":"o-1"}\'');
    }
    const seed = values.seed === undefined ? undefined : Number(values.seed);
    if (seed !== undefined && !Number.isSafeInteger(seed)) throw new UsageError(`--seed must be an integer, got "${values.seed}"`);
    const mode = values.mode ?? 'simulate';
    if (mode !== 'simulate' && mode !== 'server-compat') throw new UsageError(`--mode must be simulate or server-compat, got "${mode}"`);
    const unmocked = values.unmocked;
    if (unmocked !== undefined && unmocked !== 'error' && unmocked !== 'stall' && unmocked !== 'fail') {
      throw new UsageError(`--unmocked must be error, stall or fail, got "${unmocked}"`);
    }
    let request: WorkflowTestRequest;
    if (isTestRequestShape(raw)) {
      request = parseTestRequest(raw, { subject: file });
    } else {
      const def: WorkflowDef = parseWorkflowDef(raw, { subject: file });
      request = { name: def.name, version: def.version ?? 1, workflowDef: def, input: {} };
    }
    if (input !== undefined) request = { ...request, input };
    const bareDefinition = !isTestRequestShape(raw);
    const trace = await runWorkflow(request, {
      mode,
      ...(seed !== undefined ? { seed } : {}),
      ...(values.start !== undefined ? { startTime: values.start } : {}),
      ...(mode === 'simulate' ? { unmocked: unmocked ?? (bareDefinition ? 'stall' : 'error') } : {}),
    });
    if (values.json === true) io.out(`${JSON.stringify(trace, null, 2)}\n`);
    else if (values.trace === true) io.out(serializeTrace(trace));
    else io.out(`${formatTimeline(trace)}\n`);
    return 0;
  },
};
