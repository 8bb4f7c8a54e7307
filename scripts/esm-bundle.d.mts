// Types of scripts/esm-bundle.mjs, for test/package/esm-bundle.test.ts.
import type { Metafile } from 'esbuild';

/** Every ESM entry point, relative to `root`: the `import` targets of package.json `exports` and the CLI. */
export function esmEntryPoints(root: string): string[];

/** Bundles the ESM entry points into `outdir` (one build, code splitting); returns esbuild's metafile. */
export function bundleEsm(options: { root: string; outdir: string }): Promise<Metafile>;
