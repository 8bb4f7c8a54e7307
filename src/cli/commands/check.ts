/**
 * `conductor-testkit check <dirs or files...>`: runs conformance scenarios (a WorkflowTestRequest
 * plus the answer a real server gives) against the engine, one line per scenario, a diff per
 * failure, and the summary line `N passed, M failed`. Exit 1 on any failure.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { parseScenario } from '../../definitions/index.js';
import type { Scenario } from '../../definitions/index.js';
import { UsageError, isTestkitError } from '../../errors/index.js';
import { checkScenario, formatMismatches } from '../../mocks/index.js';
import type { ScenarioResult } from '../../mocks/index.js';
import { compareWithServer, toTrace } from '../../remote/index.js';
import { formatTraceDiff } from '../../trace/index.js';
import { goldenPathOf } from './record.js';
import type { Command } from '../command.js';
import { expandJsonFiles, readJsonFile } from '../files.js';

const USAGE = `Usage: conductor-testkit check <dirs or files...> [options]

Runs scenario files (a WorkflowTestRequest plus the execution a real Conductor server returns,
in the format of the Conductor harness corpus) and compares the engine's answer with them.

Options:
  --known <file>     a Markdown file listing known divergences (table rows starting with
                     | \`scenario-id\` |); those are reported but not counted as failures
                     A scenario with a recorded server answer beside it (<name>.golden.json,
                     written by 'conductor-testkit record') must also match that answer.
  --filter <text>    only scenarios whose id contains <text>
  --json             print the results as JSON
  --quiet            print only failures and the summary`;

/** Scenario ids listed in a divergences document (first column of table rows, in backticks). */
export function readKnownDivergences(text: string): Map<string, string> {
  const known = new Map<string, string>();
  for (const line of text.split('\n')) {
    const m = /^\|\s*`([^`]+)`\s*\|\s*([^|]*)\|/.exec(line);
    if (m?.[1] !== undefined) known.set(m[1], (m[2] ?? '').trim());
  }
  return known;
}

export const checkCommand: Command = {
  name: 'check',
  summary: 'run conformance scenarios against the engine and report N passed, M failed',
  usage: USAGE,
  async run(argv, io) {
    const { values, positionals } = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: { known: { type: 'string' }, filter: { type: 'string' }, json: { type: 'boolean' }, quiet: { type: 'boolean' } },
    });
    if (positionals.length === 0) throw new UsageError('give at least one scenario file or directory; see --help');
    const known = values.known === undefined ? new Map<string, string>() : readKnownDivergences(readFileSync(resolve(io.cwd, values.known), 'utf8'));
    const files = expandJsonFiles(positionals, io.cwd).filter((f) => !f.endsWith('.golden.json'));
    const results: { file: string; result: ScenarioResult; known: string | undefined }[] = [];
    let passed = 0;
    let failed = 0;
    let knownCount = 0;
    for (const file of files) {
      let scenario: Scenario;
      try {
        scenario = parseScenario(readJsonFile(file, io.cwd), { subject: file });
      } catch (error) {
        if (!isTestkitError(error)) throw error;
        const result: ScenarioResult = { id: file, passed: false, mismatches: [], error: error.message.split('\n').join(' '), mode: 'server-compat' };
        results.push({ file, result, known: undefined });
        failed++;
        if (values.json !== true) io.out(`FAIL ${file}\n  ${result.error}\n`);
        continue;
      }
      if (values.filter !== undefined && !scenario.id.includes(values.filter)) continue;
      let result = await checkScenario(scenario);
      let goldenDiff: string | undefined;
      const goldenFile = scenario.golden !== undefined ? join(dirname(file), scenario.golden) : goldenPathOf(file);
      if (result.trace !== undefined && existsSync(resolve(io.cwd, goldenFile))) {
        // A recorded answer of the real server: the engine must match it field for field.
        const golden = readJsonFile(goldenFile, io.cwd) as { answer?: unknown };
        const diff = compareWithServer(result.trace, toTrace(golden.answer as never));
        if (!diff.equal) {
          goldenDiff = formatTraceDiff(diff);
          result = { ...result, passed: false };
        }
      }
      const reason = known.get(scenario.id);
      results.push({ file, result, known: reason });
      if (result.passed) passed++;
      else if (reason !== undefined) knownCount++;
      else failed++;
      if (values.json === true) continue;
      if (result.passed) {
        if (values.quiet !== true) io.out(`pass ${scenario.id}${reason !== undefined ? '  (listed as a known divergence but passes: remove it from the list)' : ''}\n`);
      } else if (reason !== undefined) {
        if (values.quiet !== true) io.out(`known ${scenario.id}  (${reason})\n`);
      } else {
        io.out(`FAIL ${scenario.id}\n`);
        if (result.error !== undefined) io.out(`  error: ${result.error}\n`);
        if (result.mismatches.length > 0) io.out(`${formatMismatches(result.mismatches)}\n`);
        if (goldenDiff !== undefined) io.out(`  differs from the recorded server answer (${goldenFile}):\n${goldenDiff.split('\n').map((l) => `    ${l}`).join('\n')}\n`);
      }
    }
    if (values.json === true) {
      io.out(
        `${JSON.stringify(
          {
            passed,
            failed,
            known: knownCount,
            results: results.map(({ file, result, known: k }) => ({
              file,
              id: result.id,
              mode: result.mode,
              passed: result.passed,
              ...(k !== undefined ? { knownDivergence: k } : {}),
              ...(result.error !== undefined ? { error: result.error } : {}),
              mismatches: result.mismatches,
            })),
          },
          null,
          2,
        )}\n`,
      );
    } else {
      if (knownCount > 0) io.out(`${knownCount} known divergence${knownCount === 1 ? '' : 's'} not counted (listed in ${values.known ?? ''})\n`);
      io.out(`${passed} passed, ${failed} failed\n`);
    }
    return failed > 0 ? 1 : 0;
  },
};
