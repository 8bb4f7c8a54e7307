// The ESM output as one esbuild build with code splitting (issue #7, target (f); docs/performance.md
// proposal C1). Used by scripts/build.mjs (what we publish), bench/build.mjs (what the bench
// measures: the same output) and test/package/esm-bundle.test.ts.
//
// Why a bundle: importing the tsc output made Node's ESM loader resolve, read, compile and link
// ~120 of our own modules one by one, most of the import time of a cold start. The bundle has one
// file per entry point plus shared chunks.
//
// Why one build over every entry point, with splitting: each module then exists exactly once in
// the output, in the entry that alone uses it or in a chunk the entries share. Separate builds
// per entry would give each its own copy of src/errors (so `instanceof DefinitionError` would fail
// across entry points) and of module state (the QuickJS sandbox and jq engine that
// src/mocks/shared-runtimes.ts loads once per process, the parse caches of src/expressions).
//
// Dependencies: external, except zod (BUNDLED below). External is the norm for a library: users
// share our fast-check instance (arbitraries they build go into explore(), ours into their
// fc.record), npm dedupes it and ships its fixes without a release of ours; the wasm packages
// (QuickJS, jq-web) and json-schema-to-typescript are loaded with import() the first time they are
// needed and stay separate; vitest and @jest/globals are peers and must be the user's copy.
// zod is the exception because it is most of what is left of the import (95 of the ~215 modules
// Node's loader handled before this bundle) and none of its objects cross our API at run time:
// no entry point exports a schema, and validation problems leave as DefinitionError issues (plain
// data). It stays in "dependencies": the CommonJS build requires it and our .d.ts files name its
// types. (zod keeps its global config and registry on globalThis, so our copy and a user's share
// them exactly as one installed copy would.) Cold start of order-fulfilment, medians of
// 15 interleaved fresh processes each (2 cores, load 8.4, so wall times are inflated; CPU is the
// steadier column):
//   tsc output (before)                              wall 554  import 344  CPU 512 ms
//   bundle, every dependency external                wall 480  import 239  CPU 401 ms
//   bundle, zod bundled (this)                       wall 383  import 170  CPU 339 ms
//   bundle, zod + fast-check + jsonc-parser bundled  wall 389  import 160  CPU 332 ms
// (taken with keepNames on, since removed; at load 1.5, 21 processes each: before wall 445, CPU
// 484; this wall 343, CPU 347).
// Bundled packages' licence texts go to THIRD-PARTY-LICENSES.md next to the output.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';

/** Packages compiled into the output; every other bare import stays an import. */
const BUNDLED = ['zod'];

/** The CLI is not in `exports` but is an entry point of its own (bin/conductor-testkit.js). */
const EXTRA_ENTRIES = ['src/cli/main.ts'];

/**
 * Every ESM entry point: the `import` targets of package.json `exports` (dist/esm/X.js → X.ts),
 * plus the CLI. Derived from `exports`, so a new export is bundled without touching this file.
 */
export function esmEntryPoints(root) {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const entries = new Set();
  for (const target of Object.values(pkg.exports)) {
    const file = typeof target === 'object' && target !== null ? target.import?.default : undefined;
    if (typeof file !== 'string') continue;
    const match = /^\.\/dist\/esm\/(.+)\.js$/.exec(file);
    if (match === null) throw new Error(`package.json exports: unexpected ESM target ${file}`);
    entries.add(`${match[1]}.ts`);
  }
  for (const extra of EXTRA_ENTRIES) entries.add(extra);
  return [...entries].sort();
}

/**
 * Bundles the entry points into `outdir`, keeping their paths (src/index.ts → src/index.js), shared
 * code in `outdir/chunks/`. Returns esbuild's metafile (which output holds which input).
 */
export async function bundleEsm({ root, outdir }) {
  const result = await build({
    absWorkingDir: root,
    entryPoints: esmEntryPoints(root),
    outdir,
    outbase: root,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    // package.json engines: node >= 20. Syntax is left as written (tsconfig target ES2022).
    target: 'node20',
    // Its paths are empty: `conductor-testkit` stays a package import, never an alias to src.
    tsconfig: join(root, 'tsconfig.esm.json'),
    plugins: [externalUnlessBundled],
    chunkNames: 'chunks/[name]-[hash]',
    // Merging modules into one scope renames clashing top-level names (`walk` → `walk2` in
    // parameters.ts); at this commit only helper functions, no class, and nothing reads a
    // function's `.name` (error classes set `name` themselves). No keepNames: it wraps every
    // function created at run time in a __name() call, 16 % of the samples of (a) in a profile.
    keepNames: false,
    sourcemap: 'linked',
    sourcesContent: false,
    metafile: true,
    logLevel: 'warning',
  });
  writeThirdPartyLicenses(root, outdir, result.metafile);
  return result.metafile;
}

/** `zod/v4/core` → `zod`, `@scope/pkg/x` → `@scope/pkg`. */
function packageNameOf(specifier) {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/** Marks every bare import (package or node: builtin) external unless its package is in BUNDLED. */
const externalUnlessBundled = {
  name: 'external-unless-bundled',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.kind === 'entry-point' || BUNDLED.includes(packageNameOf(args.path))) return undefined;
      return { path: args.path, external: true };
    });
  },
};

/**
 * Writes the name, version and licence text of each package compiled into the output (their
 * licences, MIT for zod, ask that the notice travel with the code). Fails when a bundled package
 * has no licence file, so a new entry in BUNDLED is checked.
 */
function writeThirdPartyLicenses(root, outdir, metafile) {
  const dirs = new Set();
  for (const input of Object.keys(metafile.inputs)) {
    const match = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input);
    if (match !== null) dirs.add(join(root, match[1]));
  }
  const sections = [...dirs].sort().map((dir) => {
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    const file = ['LICENSE', 'LICENSE.md', 'LICENSE.txt', 'license'].map((f) => join(dir, f)).find((f) => existsSync(f));
    if (file === undefined) throw new Error(`bundled package ${pkg.name} has no licence file in ${dir}`);
    return `## ${pkg.name} ${pkg.version} (${pkg.license})\n\n${readFileSync(file, 'utf8').trim()}\n`;
  });
  const head = '# Third-party code in this directory\n\nCompiled into the chunks by scripts/esm-bundle.mjs.\n';
  writeFileSync(join(outdir, 'THIRD-PARTY-LICENSES.md'), [head, ...sections].join('\n'));
}
