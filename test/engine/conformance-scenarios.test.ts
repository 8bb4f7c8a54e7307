/**
 * Our conformance scenarios (fixtures/scenarios) as tests: each one passes its expectation, and
 * each one is deterministic (STYLE 7.3: two runs on one seed serialize byte for byte).
 */
import { describe, it, expect } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseScenario, serializeTrace } from '../../src/index.js';
import { checkScenario, formatMismatches } from '../../src/mocks/index.js';

const dir = fileURLToPath(new URL('../../fixtures/scenarios/', import.meta.url));
const files = readdirSync(dir).filter((f) => f.endsWith('.json') && !f.endsWith('.golden.json')).sort();

describe('our conformance scenarios', () => {
  it('cover at least one scenario per task type', () => {
    const types = new Set<string>();
    const walk = (tasks: unknown): void => {
      for (const t of (tasks as Array<Record<string, unknown>> | undefined) ?? []) {
        types.add(typeof t['type'] === 'string' ? t['type'] : 'SIMPLE');
        walk(t['loopOver']);
        walk(t['defaultCase']);
        for (const list of Object.values((t['decisionCases'] as Record<string, unknown> | undefined) ?? {})) walk(list);
        for (const branch of (t['forkTasks'] as unknown[] | undefined) ?? []) walk(branch);
        const inline = (t['subWorkflowParam'] as { workflowDefinition?: { tasks?: unknown } } | undefined)?.workflowDefinition;
        if (typeof inline === 'object') walk(inline.tasks);
      }
    };

    for (const f of files) walk((JSON.parse(readFileSync(dir + f, 'utf8')) as { request: { workflowDef: { tasks: unknown } } }).request.workflowDef.tasks);

    const required = ['SIMPLE', 'SWITCH', 'DECISION', 'FORK_JOIN', 'JOIN', 'FORK_JOIN_DYNAMIC', 'EXCLUSIVE_JOIN', 'DO_WHILE', 'DYNAMIC', 'SUB_WORKFLOW', 'START_WORKFLOW', 'TERMINATE', 'SET_VARIABLE', 'INLINE', 'LAMBDA', 'JSON_JQ_TRANSFORM', 'WAIT', 'HUMAN', 'HTTP', 'EVENT', 'KAFKA_PUBLISH', 'NOOP'];
    expect(required.filter((t) => !types.has(t))).toEqual([]);
  });

  for (const file of files) {
    it(`${file.replace(/\.json$/, '')} matches its expectation and is deterministic`, async () => {
      const scenario = parseScenario(JSON.parse(readFileSync(dir + file, 'utf8')));

      const first = await checkScenario(scenario);
      const second = await checkScenario(scenario);

      expect(first.error).toBeUndefined();
      expect(formatMismatches(first.mismatches)).toBe('');
      expect(first.passed).toBe(true);
      if (first.trace === undefined || second.trace === undefined) throw new Error(`${file}: a run produced no trace`);
      expect(serializeTrace(second.trace)).toBe(serializeTrace(first.trace));
    });
  }
});
