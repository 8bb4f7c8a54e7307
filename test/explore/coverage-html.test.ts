import { describe, it, expect } from 'vitest';

import type { WorkflowDef } from '../../src/definitions/index.js';
import { analyseWorkflow, createCoverageCollector, renderCoverageHtml, runScenario } from '../../src/explore/index.js';

const def: WorkflowDef = {
  name: 'a<b>&c',
  version: 2,
  tasks: [
    { name: 'first', taskReferenceName: 'first', taskDefinition: { name: 'first', retryCount: 0 } },
    {
      name: 'route',
      taskReferenceName: 'route',
      type: 'SWITCH',
      evaluatorType: 'value-param',
      expression: 'k',
      inputParameters: { k: '${workflow.input.k}' },
      decisionCases: { x: [{ name: 'xs', taskReferenceName: 'xs', taskDefinition: { name: 'xs', retryCount: 0 } }], y: [] },
    },
  ],
};

async function html(input: Record<string, unknown>): Promise<string> {
  const model = analyseWorkflow(def);
  const coverage = createCoverageCollector(model);
  coverage.record((await runScenario(model, { input, tasks: {} })).trace);
  return renderCoverageHtml(def, coverage.report());
}

describe('renderCoverageHtml', () => {
  it('draws one node per task, coloured by what the runs reached', async () => {
    const page = await html({ k: 'y' });

    expect([...page.matchAll(/<g class="node" data-ref="([^"]+)" data-state="([^"]+)">/g)].map((m) => `${m[1]}:${m[2]}`)).toEqual(['first:partial', 'route:partial', 'xs:none']);
    expect(page).toContain('>x (0)</text>');
    expect(page).toContain('>y (1)</text>');
    expect(page).toContain('>default (0)</text>');
  });

  it('escapes names and loads nothing from outside the page', async () => {
    const page = await html({ k: 'x' });

    expect(page).toContain('<h1>a&lt;b&gt;&amp;c v2 — workflow coverage');
    expect(page).not.toMatch(/<script|<link|\bsrc=|@import|url\((?!#)/);
  });
});
