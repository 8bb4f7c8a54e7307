/**
 * The HTML coverage report: the workflow drawn as a graph (tasks top to bottom, SWITCH cases and
 * fork branches side by side, loop bodies in a dashed frame) with every node coloured by its
 * coverage, followed by the per-kind summary and the list of paths still missing. One
 * self-contained page: inline CSS and SVG, no script, nothing fetched.
 *
 * Each task node is an SVG `<g class="node" data-ref="…">`, each edge a `<path class="edge">`, so
 * a browser check can count them.
 */
import type { WorkflowDef, WorkflowTask } from '../definitions/index.js';
import type { CoverageKind, CoverageReport, CoverageTarget } from './coverage.js';

const NODE_W = 200;
const NODE_H = 58;
const GAP_Y = 34;
const GAP_X = 26;
const LOOP_PAD = 18;

/** Colours by state: not run, partly covered, fully covered. */
const FILL = { none: '#f9d6d5', partial: '#fdecc8', full: '#d3f0d8' } as const;
const STROKE = { none: '#c0392b', partial: '#c98a00', full: '#2e8b57' } as const;

function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

interface Block {
  readonly w: number;
  readonly h: number;
  /** SVG for the block with its top-left corner at (x, y); entry at top centre, exit at bottom centre. */
  draw(x: number, y: number): string[];
}

interface Context {
  readonly report: CoverageReport;
  readonly targets: ReadonlyMap<string, readonly CoverageTarget[]>;
}

function edge(x1: number, y1: number, x2: number, y2: number, label?: string): string[] {
  const mid = (y1 + y2) / 2;
  const d = x1 === x2 ? `M${x1},${y1} L${x2},${y2}` : `M${x1},${y1} C${x1},${mid} ${x2},${mid} ${x2},${y2}`;
  const out = [`<path class="edge" d="${d}" marker-end="url(#arrow)"/>`];
  if (label !== undefined) out.push(`<text class="edge-label" x="${x2 + 4}" y="${y2 - 8}">${esc(label)}</text>`);
  return out;
}

function nodeBlock(task: WorkflowTask, ctx: Context): Block {
  const ref = task.taskReferenceName;
  const type = task.type ?? 'SIMPLE';
  const node = ctx.report.nodes[ref];
  const targets = ctx.targets.get(ref) ?? [];
  const covered = targets.filter((t) => t.hits > 0).length;
  const state = (node?.runs ?? 0) === 0 ? 'none' : covered === targets.length ? 'full' : 'partial';
  const diamond = type === 'SWITCH' || type === 'DECISION';
  const title = [`${ref} (${type})`, `ran in ${node?.runs ?? 0} of ${ctx.report.runs} runs`, ...targets.map((t) => `${t.hits > 0 ? '✓' : '✗'} ${t.label}: ${t.hits}`)].join('\n');
  return {
    w: NODE_W,
    h: NODE_H,
    draw(x, y) {
      const shape = diamond
        ? `<rect x="${x}" y="${y}" width="${NODE_W}" height="${NODE_H}" rx="26" fill="${FILL[state]}" stroke="${STROKE[state]}" stroke-width="2"/>`
        : `<rect x="${x}" y="${y}" width="${NODE_W}" height="${NODE_H}" rx="6" fill="${FILL[state]}" stroke="${STROKE[state]}" stroke-width="2"${type === 'DO_WHILE' || type === 'FORK_JOIN' ? ' stroke-dasharray="6 3"' : ''}/>`;
      const barW = NODE_W - 24;
      const filled = targets.length === 0 ? barW : Math.round((barW * covered) / targets.length);
      return [
        `<g class="node" data-ref="${esc(ref)}" data-state="${state}"><title>${esc(title)}</title>`,
        shape,
        `<text class="ref" x="${x + NODE_W / 2}" y="${y + 20}">${esc(clip(ref, 26))}</text>`,
        `<text class="meta" x="${x + NODE_W / 2}" y="${y + 36}">${esc(clip(`${type} · ${node?.runs ?? 0} runs · ${covered}/${targets.length}`, 34))}</text>`,
        `<rect x="${x + 12}" y="${y + 44}" width="${barW}" height="5" rx="2" fill="#ffffff" stroke="#999" stroke-width="0.5"/>`,
        `<rect x="${x + 12}" y="${y + 44}" width="${filled}" height="5" rx="2" fill="${STROKE[state]}"/>`,
        '</g>',
      ];
    },
  };
}

function sequence(tasks: readonly WorkflowTask[], ctx: Context): Block {
  const blocks = tasks.map((t) => taskBlock(t, ctx));
  if (blocks.length === 0) {
    return {
      w: 60,
      h: 24,
      draw: (x, y) => [`<text class="empty" x="${x + 30}" y="${y + 16}">(nothing)</text>`],
    };
  }
  const w = Math.max(...blocks.map((b) => b.w));
  const h = blocks.reduce((sum, b) => sum + b.h, 0) + GAP_Y * (blocks.length - 1);
  return {
    w,
    h,
    draw(x, y) {
      const out: string[] = [];
      let top = y;
      blocks.forEach((b, i) => {
        if (i > 0) out.push(...edge(x + w / 2, top - GAP_Y, x + w / 2, top));
        out.push(...b.draw(x + (w - b.w) / 2, top));
        top += b.h + GAP_Y;
      });
      return out;
    },
  };
}

/** A node whose children are laid side by side (SWITCH/DECISION cases, fork branches), with labels. */
function branching(task: WorkflowTask, branches: readonly { label: string; tasks: readonly WorkflowTask[] }[], ctx: Context): Block {
  const head = nodeBlock(task, ctx);
  const inner = branches.map((b) => ({ label: b.label, block: sequence(b.tasks, ctx) }));
  const rowW = inner.reduce((sum, b) => sum + b.block.w, 0) + GAP_X * Math.max(0, inner.length - 1);
  const rowH = Math.max(0, ...inner.map((b) => b.block.h));
  const w = Math.max(head.w, rowW);
  const h = head.h + GAP_Y + 14 + rowH + GAP_Y;
  return {
    w,
    h,
    draw(x, y) {
      const cx = x + w / 2;
      const out = head.draw(cx - head.w / 2, y);
      let left = x + (w - rowW) / 2;
      const rowTop = y + head.h + GAP_Y + 14;
      const joinY = y + h - 6;
      for (const b of inner) {
        const bx = left + b.block.w / 2;
        out.push(...edge(cx, y + head.h, bx, rowTop, b.label));
        out.push(...b.block.draw(left, rowTop));
        out.push(`<path class="edge merge" d="M${bx},${rowTop + b.block.h} L${bx},${joinY} L${cx},${joinY}"/>`);
        left += b.block.w + GAP_X;
      }
      out.push(`<circle class="merge-dot" cx="${cx}" cy="${joinY}" r="3"/>`);
      return out;
    },
  };
}

function loopBlock(task: WorkflowTask, ctx: Context): Block {
  const head = nodeBlock(task, ctx);
  const body = sequence(task.loopOver ?? [], ctx);
  const frameW = body.w + 2 * LOOP_PAD;
  const w = Math.max(head.w, frameW) + 40;
  const h = head.h + GAP_Y + body.h + 2 * LOOP_PAD;
  const iterations = ctx.report.nodes[task.taskReferenceName]?.iterations ?? {};
  const histogram = Object.entries(iterations).map(([n, count]) => `${n}×: ${count}`).join(', ');
  return {
    w,
    h,
    draw(x, y) {
      const cx = x + w / 2;
      const out = head.draw(cx - head.w / 2, y);
      const fx = cx - frameW / 2;
      const fy = y + head.h + GAP_Y;
      out.push(`<rect class="loop-frame" x="${fx}" y="${fy}" width="${frameW}" height="${body.h + 2 * LOOP_PAD}" rx="10"/>`);
      out.push(...edge(cx, y + head.h, cx, fy + LOOP_PAD));
      out.push(...body.draw(cx - body.w / 2, fy + LOOP_PAD));
      const back = fx + frameW + 14;
      out.push(`<path class="edge loop-back" d="M${cx},${fy + LOOP_PAD + body.h} L${cx},${fy + LOOP_PAD + body.h + 8} L${back},${fy + LOOP_PAD + body.h + 8} L${back},${y + head.h / 2} L${cx + head.w / 2},${y + head.h / 2}" marker-end="url(#arrow)"/>`);
      if (histogram !== '') out.push(`<text class="edge-label" x="${back + 4}" y="${y + head.h / 2 - 6}">${esc(histogram)}</text>`);
      return out;
    },
  };
}

function taskBlock(task: WorkflowTask, ctx: Context): Block {
  const type = task.type ?? 'SIMPLE';
  const node = ctx.report.nodes[task.taskReferenceName];
  if (type === 'SWITCH' || type === 'DECISION') {
    const cases = node?.cases ?? {};
    const branches = Object.entries(task.decisionCases ?? {}).map(([key, tasks]) => ({ label: `${key} (${cases[key] ?? 0})`, tasks }));
    const defaultTarget = (ctx.targets.get(task.taskReferenceName) ?? []).some((t) => t.id === `case:${task.taskReferenceName}:default`);
    if ((task.defaultCase ?? []).length > 0 || defaultTarget) branches.push({ label: `default (${cases['default'] ?? 0})`, tasks: task.defaultCase ?? [] });
    return branching(task, branches, ctx);
  }
  if (type === 'FORK_JOIN') {
    return branching(task, (task.forkTasks ?? []).map((tasks, i) => ({ label: `branch ${i + 1}`, tasks })), ctx);
  }
  if (type === 'DO_WHILE') return loopBlock(task, ctx);
  return nodeBlock(task, ctx);
}

const KIND_LABELS: Readonly<Record<CoverageKind, string>> = {
  task: 'Tasks run',
  case: 'Switch cases',
  loop: 'Loop depths',
  retry: 'Retries',
  failure: 'Failure paths',
  fork: 'Fork failures',
};

const CSS = `
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 24px; color: #222; background: #fafafa; }
h1 { font-size: 20px; margin: 0 0 4px; } h2 { font-size: 16px; margin: 28px 0 8px; }
.summary { color: #555; margin-bottom: 16px; }
.kinds { display: flex; flex-wrap: wrap; gap: 10px; }
.kind { background: #fff; border: 1px solid #ddd; border-radius: 6px; padding: 8px 12px; min-width: 120px; }
.kind b { display: block; font-size: 18px; }
.graph { background: #fff; border: 1px solid #ddd; border-radius: 8px; padding: 12px; overflow: auto; }
svg text { font-family: system-ui, sans-serif; text-anchor: middle; }
svg .ref { font-size: 13px; font-weight: 600; fill: #222; }
svg .meta { font-size: 11px; fill: #555; }
svg .edge { fill: none; stroke: #888; stroke-width: 1.4; }
svg .edge.merge { stroke: #bbb; stroke-dasharray: 3 3; }
svg .edge.loop-back { stroke: #6a5acd; }
svg .edge-label { font-size: 11px; fill: #444; text-anchor: start; }
svg .loop-frame { fill: none; stroke: #6a5acd; stroke-dasharray: 6 4; }
svg .empty { font-size: 11px; fill: #999; }
svg .merge-dot { fill: #bbb; }
.legend span { display: inline-block; padding: 2px 8px; margin-right: 8px; border-radius: 4px; border: 1px solid; font-size: 12px; }
table { border-collapse: collapse; background: #fff; } td, th { border: 1px solid #ddd; padding: 4px 8px; text-align: left; font-size: 13px; }
`;

/**
 * Renders a coverage report as a self-contained HTML page with the workflow graph.
 *
 * @example
 * writeFileSync('coverage.html', renderCoverageHtml(def, result.coverage));
 */
export function renderCoverageHtml(def: WorkflowDef, report: CoverageReport): string {
  const targets = new Map<string, CoverageTarget[]>();
  for (const t of report.targets) {
    const list = targets.get(t.ref) ?? [];
    list.push(t);
    targets.set(t.ref, list);
  }
  const graph = sequence(def.tasks, { report, targets });
  const margin = 24;
  const width = graph.w + 2 * margin + 160;
  const height = graph.h + 2 * margin;
  const svg = [
    `<svg xmlns="http://www.w3.org/2000/svg" class="workflow-graph" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${esc(`${def.name} coverage graph`)}">`,
    '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#888"/></marker></defs>',
    ...graph.draw(margin, margin),
    '</svg>',
  ].join('\n');
  const kinds = (Object.entries(KIND_LABELS) as [CoverageKind, string][])
    .filter(([k]) => report.byKind[k].targets > 0)
    .map(([k, label]) => `<div class="kind">${esc(label)}<b>${report.byKind[k].covered}/${report.byKind[k].targets}</b></div>`)
    .join('\n');
  const missing = report.targets.filter((t) => t.hits === 0);
  const missingRows = missing.length === 0
    ? '<p>Every path was reached.</p>'
    : `<table><tr><th>node</th><th>path</th></tr>${missing.map((t) => `<tr><td>${esc(t.ref)}</td><td>${esc(t.label)}</td></tr>`).join('')}</table>`;
  const outcomes = Object.entries(report.outcomes).map(([s, n]) => `${esc(s)} ${n}`).join(', ');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${esc(`${report.workflow.name} v${report.workflow.version} — workflow coverage`)}</title>
<style>${CSS}</style>
</head>
<body>
<h1>${esc(report.workflow.name)} v${report.workflow.version} — workflow coverage ${report.summary.percent}%</h1>
<div class="summary">${report.runs} runs · ${report.summary.covered} of ${report.summary.targets} paths reached · workflow ended: ${outcomes === '' ? '—' : outcomes}</div>
<div class="kinds">
${kinds}
</div>
<h2>Graph</h2>
<div class="legend"><span style="background:${FILL.full};border-color:${STROKE.full}">every path reached</span><span style="background:${FILL.partial};border-color:${STROKE.partial}">ran, some paths missing</span><span style="background:${FILL.none};border-color:${STROKE.none}">never ran</span> Hover a node for its paths and counts.</div>
<div class="graph">
${svg}
</div>
<h2>Paths not reached (${missing.length})</h2>
${missingRows}
</body>
</html>
`;
}
