/**
 * (f) Cold start, the child side: a fresh `node` imports the built package by name and runs one
 * WorkflowTestRequest (simulate mode, the request's own mocks), then prints where the time went.
 * bench/run.ts spawns it and measures the wall time from spawn to exit around it.
 *
 *   node cold-start.js <request.json>
 *
 * Prints one line `@@result {"bootMs", "importMs", "runMs", "cpuMs", "status", "tasks"}`: `bootMs`
 * is the time from process start to the first line of this script (Node's own start-up),
 * `importMs` the dynamic import of `conductor-testkit`, `runMs` reading the request and running it
 * (sandbox loading included when the workflow needs one), `cpuMs` the CPU time of the whole process
 * so far (less sensitive than wall time to other load on the machine).
 */
import { readFileSync } from 'node:fs';

async function main(file: string | undefined): Promise<void> {
  // performance.now() counts from the process's time origin, so this is Node's own start-up.
  const bootMs = performance.now();
  if (file === undefined) throw new Error('usage: cold-start.js <request.json>');
  const lib = await import('conductor-testkit');
  const imported = performance.now();
  const request = JSON.parse(readFileSync(file, 'utf8')) as Parameters<typeof lib.runWorkflow>[0];
  const trace = await lib.runWorkflow(request);
  const ran = performance.now();
  const tasks = trace.workflows.reduce((n, wf) => n + wf.tasks.length, 0);
  const cpu = process.cpuUsage();
  const cpuMs = (cpu.user + cpu.system) / 1000;
  process.stdout.write(`@@result ${JSON.stringify({ bootMs, importMs: imported - bootMs, runMs: ran - imported, cpuMs, status: trace.workflow.status, tasks })}\n`);
  // jq-web leaves process.exitCode at 5 after any failing jq program (see bench/worker.ts).
  process.exitCode = 0;
}

main(process.argv[2]).catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
