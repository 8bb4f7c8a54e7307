/**
 * The HTML coverage report in a real browser: Debian's Chromium (scripts/install-chromium.sh, run
 * by CI before the tests) driven by playwright-core. The page must render with no network access
 * and show the workflow graph; a screenshot is kept as a build artifact in artifacts/coverage/.
 */
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { describe, it, expect } from 'vitest';

import { parseWorkflowDef } from '../../src/definitions/index.js';
import { explore, renderCoverageHtml } from '../../src/explore/index.js';

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = resolve('artifacts/coverage');
// The flags Chromium needs on these machines (shared/.library env: machines/polyglot.md, "Known to work").
const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

describe('the HTML coverage report in headless Chromium', () => {
  it('renders the claim-triage graph with one node per task and saves a screenshot', async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: run scripts/install-chromium.sh (CI runs it before the tests)`);
    const def = parseWorkflowDef(JSON.parse(readFileSync('fixtures/workflows/claim-triage.json', 'utf8')));
    const result = await explore(def, { runs: 100, seed: 1 });
    mkdirSync(ARTIFACTS, { recursive: true });
    const htmlPath = resolve(ARTIFACTS, 'claim-triage.html');
    const pngPath = resolve(ARTIFACTS, 'claim-triage.png');
    writeFileSync(htmlPath, renderCoverageHtml(def, result.coverage));

    const browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
    try {
      const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
      const outside: string[] = [];
      await page.route('**/*', (route) => {
        const url = route.request().url();
        if (url.startsWith('file://')) return route.continue();
        outside.push(url);
        return route.abort();
      });
      await page.goto(pathToFileURL(htmlPath).href);
      const nodes = await page.locator('svg.workflow-graph g.node').count();
      const edges = await page.locator('svg.workflow-graph path.edge').count();
      const box = await page.locator('svg.workflow-graph').boundingBox();
      const heading = await page.locator('h1').textContent();
      const refs = await page.locator('svg.workflow-graph g.node').evaluateAll((els) => els.map((e) => e.getAttribute('data-ref')));
      await page.screenshot({ path: pngPath, fullPage: true });

      expect(nodes).toBe(18);
      expect(refs.slice(0, 3)).toEqual(['register_claim', 'route_by_channel', 'web_intake']);
      expect(edges).toBeGreaterThan(20);
      expect(box?.width).toBeGreaterThan(600);
      expect(box?.height).toBeGreaterThan(800);
      expect(heading).toContain('claim_triage v1 — workflow coverage');
      expect(outside).toEqual([]);
      expect(statSync(pngPath).size).toBeGreaterThan(20_000);
    } finally {
      await browser.close();
    }
  }, 60_000);
});
