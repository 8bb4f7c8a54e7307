/**
 * Reads a V8 `.cpuprofile` (written by `node --cpu-prof`) and answers the questions a profile is
 * read for: which functions take the time themselves (self), which ones the time passes through
 * (inclusive), and by which call paths. Pure functions over the parsed JSON.
 */

/** The parts of V8's profile format read here. */
export interface CpuProfile {
  readonly nodes: readonly CpuProfileNode[];
  readonly startTime: number;
  readonly endTime: number;
  readonly samples?: readonly number[];
  readonly timeDeltas?: readonly number[];
}

export interface CpuProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number; readonly columnNumber: number };
  readonly hitCount?: number;
  readonly children?: readonly number[];
}

/** One function's share of the samples. */
export interface FunctionCost {
  /** `name (file:line)`, the file shortened to its path from `src/`, `bench/` or `node_modules/`. */
  readonly key: string;
  readonly selfPercent: number;
  readonly totalPercent: number;
  /** The call paths (outermost first, `>`-joined, at most `depth` frames up) that carry most of its self time. */
  readonly paths: readonly { readonly path: string; readonly percent: number }[];
}

/** Self and inclusive shares of every function, sorted by self share, plus the profile length. */
export interface ProfileSummary {
  readonly sampleCount: number;
  readonly durationMs: number;
  readonly functions: readonly FunctionCost[];
  /** Share of samples in V8's garbage collector. */
  readonly gcPercent: number;
  /** Share of samples where the process was idle (waiting, e.g. on a child process or the network). */
  readonly idlePercent: number;
}

function shortFile(url: string): string {
  if (url === '') return '';
  const markers = ['/dist/esm/', '/node_modules/'];
  for (const marker of markers) {
    const i = url.lastIndexOf(marker);
    if (i >= 0) return marker === '/node_modules/' ? url.slice(i + 1) : url.slice(i + marker.length);
  }
  if (url.startsWith('node:')) return url;
  const parts = url.split('/');
  return parts.slice(-2).join('/');
}

function frameKey(node: CpuProfileNode): string {
  const f = node.callFrame;
  const name = f.functionName === '' ? '(anonymous)' : f.functionName;
  const file = shortFile(f.url);
  return file === '' ? name : `${name} (${file}:${f.lineNumber + 1})`;
}

/**
 * Summarises a profile. `pathDepth` frames of caller context are kept per self-time path; frames
 * of the bench harness itself (`bench/`) are cut from the top of paths.
 */
export function summarizeProfile(profile: CpuProfile, options: { readonly pathDepth?: number; readonly pathsPerFunction?: number } = {}): ProfileSummary {
  const depth = options.pathDepth ?? 5;
  const perFunction = options.pathsPerFunction ?? 2;
  const byId = new Map<number, CpuProfileNode>();
  const parent = new Map<number, number>();
  for (const node of profile.nodes) {
    byId.set(node.id, node);
    for (const child of node.children ?? []) parent.set(child, node.id);
  }
  // Samples per node: from the sample list when present (exact), else hitCount.
  const hits = new Map<number, number>();
  if (profile.samples !== undefined && profile.samples.length > 0) {
    for (const id of profile.samples) hits.set(id, (hits.get(id) ?? 0) + 1);
  } else {
    for (const node of profile.nodes) if ((node.hitCount ?? 0) > 0) hits.set(node.id, node.hitCount ?? 0);
  }
  let total = 0;
  for (const count of hits.values()) total += count;
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  const paths = new Map<string, Map<string, number>>();
  let gc = 0;
  let idle = 0;
  for (const [id, count] of hits) {
    const node = byId.get(id);
    if (node === undefined) continue;
    const key = frameKey(node);
    if (node.callFrame.functionName === '(garbage collector)') gc += count;
    if (node.callFrame.functionName === '(idle)') idle += count;
    self.set(key, (self.get(key) ?? 0) + count);
    // Inclusive: each function once per sample, however often it recurses on the stack.
    const seen = new Set<string>();
    const chain: string[] = [];
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const n = byId.get(cur);
      if (n === undefined) break;
      const k = frameKey(n);
      if (!seen.has(k)) {
        seen.add(k);
        inclusive.set(k, (inclusive.get(k) ?? 0) + count);
      }
      chain.push(k);
    }
    const callers = chain.slice(1, 1 + depth).filter((k) => !k.includes('(bench/') && k !== '(root)' && k !== '(program)');
    const path = [...callers.reverse(), key].join(' > ');
    let forKey = paths.get(key);
    if (forKey === undefined) paths.set(key, (forKey = new Map()));
    forKey.set(path, (forKey.get(path) ?? 0) + count);
  }
  const pct = (n: number): number => (total === 0 ? 0 : (n / total) * 100);
  const functions: FunctionCost[] = [...self.entries()]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .map(([key, count]) => ({
      key,
      selfPercent: pct(count),
      totalPercent: pct(inclusive.get(key) ?? count),
      paths: [...(paths.get(key) ?? new Map<string, number>()).entries()]
        .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
        .slice(0, perFunction)
        .map(([path, n]) => ({ path, percent: pct(n) })),
    }));
  return { sampleCount: total, durationMs: (profile.endTime - profile.startTime) / 1000, functions, gcPercent: pct(gc), idlePercent: pct(idle) };
}

/** The functions with the largest inclusive share (the time that passes through them), sorted. */
export function topInclusive(summary: ProfileSummary, count: number): readonly FunctionCost[] {
  return [...summary.functions].sort((a, b) => b.totalPercent - a.totalPercent || (a.key < b.key ? -1 : 1)).slice(0, count);
}
