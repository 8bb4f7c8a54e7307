/**
 * The terminal view of a coverage report: a summary line, coverage per kind, and one row per node
 * with its runs, covered paths and what is still missing. Plain text, no colour (CI logs).
 */
import type { CoverageKind, CoverageReport } from './coverage.js';

const KIND_LABELS: Readonly<Record<CoverageKind, string>> = {
  task: 'tasks run',
  case: 'switch cases',
  loop: 'loop depths',
  retry: 'retries',
  failure: 'failure paths',
  fork: 'fork failures',
};

function pad(text: string, width: number): string {
  return text.length >= width ? text : text + ' '.repeat(width - text.length);
}

/**
 * Formats a report as a table.
 *
 * @example
 * process.stdout.write(formatCoverageTable(result.coverage));
 */
export function formatCoverageTable(report: CoverageReport): string {
  const { summary } = report;
  const lines = [`${report.workflow.name} v${report.workflow.version}: ${report.runs} run${report.runs === 1 ? '' : 's'}, coverage ${summary.percent}% (${summary.covered}/${summary.targets} paths)`, ''];
  for (const [kind, label] of Object.entries(KIND_LABELS) as [CoverageKind, string][]) {
    const k = report.byKind[kind];
    if (k.targets === 0) continue;
    lines.push(`  ${pad(label, 14)} ${k.covered}/${k.targets}`);
  }
  lines.push('');
  const rows: string[][] = [['node', 'type', 'runs', 'paths', 'missing']];
  for (const [ref, node] of Object.entries(report.nodes)) {
    const targets = report.targets.filter((t) => t.ref === ref);
    const covered = targets.filter((t) => t.hits > 0).length;
    const missing = targets.filter((t) => t.hits === 0).map((t) => t.label);
    rows.push([ref, node.type, String(node.runs), `${covered}/${targets.length}`, missing.join(', ')]);
  }
  const widths = [0, 1, 2, 3].map((i) => Math.max(...rows.map((r) => (r[i] as string).length)));
  for (const row of rows) {
    lines.push(`  ${row.map((cell, i) => (i < 4 ? pad(cell, widths[i] as number) : cell)).join('  ')}`.trimEnd());
  }
  const outcomes = Object.entries(report.outcomes).map(([status, n]) => `${status} ${n}`);
  if (outcomes.length > 0) lines.push('', `  workflow ended: ${outcomes.join(', ')}`);
  return `${lines.join('\n')}\n`;
}
