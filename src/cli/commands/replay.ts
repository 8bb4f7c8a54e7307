/**
 * `conductor-testkit replay <scenario or request files...> --server URL`: sends each request to a
 * real server's `POST /api/workflow/test`, runs it in the engine (server-compat mode), prints
 * `same <id>` or the diff, and the summary line `N passed, M failed`.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { UsageError } from '../../errors/index.js';
import { replay } from '../../remote/index.js';
import { formatTimeline, formatTraceDiff } from '../../trace/index.js';
import type { Command } from '../command.js';
import { expandJsonFiles } from '../files.js';
import { SERVER_OPTIONS, SERVER_USAGE, readReplayInput, serverClient } from '../server-input.js';
import { readKnownDivergences } from './check.js';

const USAGE = `Usage: conductor-testkit replay <scenario or request files / dirs...> [options]

Replays each WorkflowTestRequest on a real Conductor server and in the engine (server-compat
mode) and compares the answers field by field (ids, times, JOIN poll counts ignored).
Scenario files also register their TaskDefs and workflow definitions first.

Options:
${SERVER_USAGE}
  --known <file>         a Markdown file listing known divergences (see 'check --help'); those
                         are reported but not counted as failures
  --retries <n>          ask the server up to n more times when its answer differs (server races
                         answer the same request differently); passes if one answer agrees
                         (default 0)
  --json                 print the results as JSON`;

export const replayCommand: Command = {
  name: 'replay',
  summary: 'replay requests on a real server and diff its answers with the engine',
  usage: USAGE,
  async run(argv, io) {
    const { values, positionals } = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: { ...SERVER_OPTIONS, json: { type: 'boolean' }, known: { type: 'string' }, retries: { type: 'string' } },
    });
    const retries = values.retries === undefined ? 0 : Number(values.retries);
    if (!Number.isInteger(retries) || retries < 0) throw new UsageError(`--retries must be a whole number >= 0, got "${values.retries}"`);
    const known = values.known === undefined ? new Map<string, string>() : readKnownDivergences(readFileSync(resolve(io.cwd, values.known), 'utf8'));
    let knownCount = 0;
    let skipped = 0;
    if (positionals.length === 0) throw new UsageError('give at least one scenario or request file; see --help');
    const client = serverClient(values, io);
    const files = expandJsonFiles(positionals, io.cwd).filter((f) => !f.endsWith('.golden.json'));
    let passed = 0;
    let failed = 0;
    const json: unknown[] = [];
    for (const file of files) {
      const input = readReplayInput(file, io.cwd);
      if (input.simulateOnly) {
        skipped++;
        if (values.json !== true) io.out(`skip ${input.id} (a simulate-only scenario: it is checked against the engine only)\n`);
        continue;
      }
      let result = await replay(input.request, { client, taskDefs: input.taskDefs, workflowDefs: input.workflowDefs });
      // A server race gives different answers to the same request; the engine gives one of them.
      // Asking again separates a race (some answer agrees) from a real difference (none does).
      let attempts = 1;
      while (!result.equal && result.error === undefined && attempts <= retries) {
        attempts++;
        result = await replay(input.request, { client, taskDefs: input.taskDefs, workflowDefs: input.workflowDefs });
      }
      const again = attempts > 1 ? `  (the server agreed on attempt ${attempts} of ${retries + 1})` : '';
      const reason = known.get(input.id);
      if (result.equal) passed++;
      else if (reason !== undefined && result.error === undefined) knownCount++;
      else failed++;
      if (values.json === true) {
        json.push({ file, id: input.id, equal: result.equal, ...(result.error ? { error: result.error.message } : {}), differences: result.diff?.differences ?? [] });
        continue;
      }
      if (result.error !== undefined) {
        io.out(`ERROR ${input.id}: ${result.error.message}\n  the engine's answer (kept):\n${indent(formatTimeline(result.local))}\n`);
      } else if (result.equal) io.out(`same ${input.id}${reason !== undefined ? '  (listed as a known divergence, agrees this time)' : ''}${again}\n`);
      else if (reason !== undefined) io.out(`known ${input.id}  (${reason.slice(0, 100)}…)\n${indent(formatTraceDiff(result.diff as NonNullable<typeof result.diff>))}\n`);
      else io.out(`DIFF ${input.id}\n${indent(formatTraceDiff(result.diff as NonNullable<typeof result.diff>))}\n`);
    }
    if (values.json === true) io.out(`${JSON.stringify({ passed, failed, known: knownCount, skipped, results: json }, null, 2)}\n`);
    else {
      if (knownCount > 0) io.out(`${knownCount} known divergence${knownCount === 1 ? '' : 's'} not counted (listed in ${values.known ?? ''})\n`);
      io.out(`${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped (simulate-only)` : ''}\n`);
    }
    return failed > 0 ? 1 : 0;
  },
};

function indent(text: string): string {
  return text
    .split('\n')
    .map((l) => `    ${l}`)
    .join('\n');
}
