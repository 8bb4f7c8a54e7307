/**
 * The ESM output is one esbuild build with code splitting over every entry point
 * (scripts/esm-bundle.mjs). These tests bundle into a temporary directory (about a second; no tsc)
 * and check what that is for: every `exports` target exists, each module is in the output once,
 * and so classes and module state are shared by the entry points (an error thrown by one entry
 * point is `instanceof` the class another exports).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Metafile } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleEsm, esmEntryPoints } from '../../scripts/esm-bundle.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));
// Inside the repository, so the external packages resolve from its node_modules as for a user.
const outdir = join(root, '.cache', `test-esm-bundle-${process.pid}`);
let metafile: Metafile;

/** The `import` targets of package.json exports, relative to dist/esm. */
function exportedEsmFiles(): string[] {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { exports: Record<string, { import?: { default?: string } } | string> };
  return Object.values(pkg.exports)
    .map((target) => (typeof target === 'string' ? undefined : target.import?.default))
    .filter((file): file is string => file !== undefined)
    .map((file) => file.replace(/^\.\/dist\/esm\//, ''));
}

function jsFilesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.js'));
}

/** Runs an ES module in a fresh `node` (the real loader, not vitest's) and returns its stdout. */
function runInNode(source: string): string {
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', source], { cwd: root, encoding: 'utf8', timeout: 60_000 });
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  return result.stdout;
}

beforeAll(async () => {
  metafile = await bundleEsm({ root, outdir });
});

afterAll(() => {
  rmSync(outdir, { recursive: true, force: true });
});

describe('ESM bundle', () => {
  it('builds every ESM target of package.json exports and the CLI', () => {
    const wanted = [...exportedEsmFiles(), 'src/cli/main.js'];

    const missing = wanted.filter((file) => !existsSync(join(outdir, file)));

    expect(missing).toEqual([]);
    expect(esmEntryPoints(root)).toHaveLength(new Set(wanted).size);
  });

  it('puts each module in exactly one output file', () => {
    const outputsOf = new Map<string, string[]>();
    for (const [output, { inputs }] of Object.entries(metafile.outputs)) {
      for (const input of Object.keys(inputs)) outputsOf.set(input, [...(outputsOf.get(input) ?? []), output]);
    }

    const duplicated = [...outputsOf].filter(([, outputs]) => outputs.length > 1);

    expect(duplicated).toEqual([]);
    expect(outputsOf.get('src/errors/index.ts')).toHaveLength(1);
  });

  it('defines DefinitionError once, in a chunk every entry point shares', () => {
    const defining = jsFilesUnder(outdir).filter((file) => /\bclass DefinitionError\b|\bDefinitionError = class\b/.test(readFileSync(join(outdir, file), 'utf8')));

    expect(defining).toHaveLength(1);
    expect(defining[0]).toMatch(/^chunks\//);
  });

  it('keeps instanceof across entry points: an error the matchers entry throws is the class the main entry exports', () => {
    const url = (file: string): string => pathToFileURL(join(outdir, file)).href;
    const source = `
      const main = await import(${JSON.stringify(url('src/index.js'))});
      const matchers = await import(${JSON.stringify(url('matchers/index.js'))});
      let error;
      try { matchers.traceMatchers.toHaveCompleted.call({ isNot: false }, 42); } catch (e) { error = e; }
      console.log(JSON.stringify({
        name: error?.name,
        usage: error instanceof main.UsageError,
        testkit: error instanceof main.TestkitError,
        definition: new main.DefinitionError('wf', []) instanceof main.TestkitError,
      }));`;

    expect(JSON.parse(runInNode(source))).toEqual({ name: 'UsageError', usage: true, testkit: true, definition: true });
  });

  it('keeps the name of every class of ours (bundling renames clashing names; keepNames is off)', () => {
    const renamed: string[] = [];
    let checked = 0;
    for (const file of jsFilesUnder(outdir)) {
      let source: string | undefined;
      for (const line of readFileSync(join(outdir, file), 'utf8').split('\n')) {
        const section = /^\/\/ ((?:src|matchers)\/\S+\.ts)$/.exec(line);
        if (section !== null) source = readFileSync(join(root, section[1] ?? ''), 'utf8');
        else if (/^\/\/ \S*node_modules\//.test(line)) source = undefined;
        const declared = /^(?:export )?(?:var|let|const) (\w+) = class\b|^(?:export )?class (\w+)\b/.exec(line);
        const name = declared?.[1] ?? declared?.[2];
        if (source !== undefined && name !== undefined) checked++;
        if (source !== undefined && name !== undefined && !new RegExp(`\\bclass ${name}\\b`).test(source)) renamed.push(`${file}: ${name}`);
      }
    }

    expect(renamed).toEqual([]);
    expect(checked).toBeGreaterThan(20);
  });

  it('lists the licence of each package compiled into the output', () => {
    const text = readFileSync(join(outdir, 'THIRD-PARTY-LICENSES.md'), 'utf8');
    const bundled = new Set(Object.keys(metafile.inputs).flatMap((input) => /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input)?.[1] ?? []));

    expect([...bundled]).toEqual(['zod']);
    expect(text).toContain('## zod ');
  });
});
