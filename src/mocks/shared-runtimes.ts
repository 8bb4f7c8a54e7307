/**
 * The JavaScript sandbox and the jq engine shared by every run that {@link runWorkflow},
 * {@link startWorkflow} and exploration start in this process, loaded the first time a definition
 * needs them.
 *
 * Why: loading the sandbox (two QuickJS WebAssembly instances and a prepared context) takes
 * 50–120 ms on the 2-core benchmark machine, and each of those calls creates a new engine, so a
 * test file with 50 runs of a workflow with a JavaScript SWITCH paid it 50 times (docs/performance.md).
 *
 * Sharing changes timing only, never a result: every evaluation runs in a fresh global state with
 * the clock, seed and budget of its own request, and a timeout is confirmed on a fresh context
 * (src/expressions/script-engine.ts), so an outcome does not depend on what ran before; jq keeps
 * nothing but a memo of deterministic outcomes (src/expressions/jq-engine.ts). Evaluations are
 * synchronous, so two runs in flight never interleave inside one. Nothing is shared when the
 * caller passes its own `runtimes`.
 */
import type { WorkflowDef, WorkflowTask } from '../definitions/index.js';
import { createJqEngine, createScriptEngine } from '../expressions/index.js';
import type { JqEngine, ScriptEngine } from '../expressions/index.js';

/** Which sandboxes runs of these definitions may call. */
export interface RuntimeNeeds {
  readonly scripts: boolean;
  readonly jq: boolean;
}

/**
 * Whether a run of these definitions (and of the inline sub-workflows they hold) may evaluate
 * JavaScript or jq. The same rules as the engine's own check (src/engine/engine.ts
 * `needsRuntimes`): INLINE, LAMBDA, DO_WHILE, a SWITCH that is not `value-param`, a DECISION with a
 * `caseExpression` need JavaScript; JSON_JQ_TRANSFORM needs jq; DYNAMIC, FORK_JOIN_DYNAMIC and a
 * sub-workflow definition given as a string may resolve to anything, so they need both. When this
 * answers no and the engine disagrees, the engine loads its own sandbox: slower, never wrong.
 */
export function runtimeNeeds(defs: readonly WorkflowDef[]): RuntimeNeeds {
  let scripts = false;
  let jq = false;
  const seen = new Set<WorkflowDef>();
  const walk = (tasks: readonly WorkflowTask[] | undefined): void => {
    for (const t of tasks ?? []) {
      switch (t.type ?? 'SIMPLE') {
        case 'INLINE':
        case 'LAMBDA':
        case 'DO_WHILE':
          scripts = true;
          break;
        case 'SWITCH':
          if (t.evaluatorType !== 'value-param') scripts = true;
          break;
        case 'DECISION':
          if (typeof t.caseExpression === 'string' && t.caseExpression.trim() !== '') scripts = true;
          break;
        case 'JSON_JQ_TRANSFORM':
          jq = true;
          break;
        case 'DYNAMIC':
        case 'FORK_JOIN_DYNAMIC':
          scripts = true;
          jq = true;
          break;
        default:
          break;
      }
      walk(t.loopOver);
      walk(t.defaultCase);
      for (const list of Object.values(t.decisionCases ?? {})) walk(list);
      for (const branch of t.forkTasks ?? []) walk(branch);
      const inline = t.subWorkflowParam?.workflowDefinition;
      if (typeof inline === 'object' && inline !== null) visit(inline);
      if (typeof inline === 'string') {
        scripts = true;
        jq = true;
      }
    }
  };
  const visit = (def: WorkflowDef): void => {
    if (seen.has(def)) return;
    seen.add(def);
    walk(def.tasks);
  };
  for (const def of defs) visit(def);
  return { scripts, jq };
}

/**
 * {@link runtimeNeeds} of one definition, remembered per definition object: a test suite runs the
 * same definition object many times. A definition changed in place after its first run keeps its
 * first answer, which costs at most speed (see runtimeNeeds), never a result.
 */
const needsByDef = new WeakMap<WorkflowDef, RuntimeNeeds>();

function needsOf(def: WorkflowDef): RuntimeNeeds {
  let needs = needsByDef.get(def);
  if (needs === undefined) needsByDef.set(def, (needs = runtimeNeeds([def])));
  return needs;
}

// The one piece of module state of this folder: loaded sandboxes, which hold no run's state (see
// the comment at the top). A rejected load is forgotten so the next run tries again.
let sharedScripts: Promise<ScriptEngine> | undefined;
let sharedJq: Promise<JqEngine> | undefined;

function loadScripts(): Promise<ScriptEngine> {
  sharedScripts ??= createScriptEngine().then(guarded, (error: unknown) => {
    sharedScripts = undefined;
    throw error;
  });
  return sharedScripts;
}

/**
 * The shared sandbox as runs see it: `dispose` does nothing (no run owns it), and when a call
 * throws — misuse, or the rare sandbox crash that leaves the engine unusable (script-engine.ts
 * `#dropModule`) — the next run loads a fresh one instead of inheriting a broken engine.
 */
function guarded(engine: ScriptEngine): ScriptEngine {
  const forget = <T>(call: () => T): T => {
    try {
      return call();
    } catch (error) {
      sharedScripts = undefined;
      throw error;
    }
  };
  return {
    evaluate: (request) => forget(() => engine.evaluate(request)),
    checkSyntax: (source, mode) => forget(() => engine.checkSyntax(source, mode)),
    dispose: () => undefined,
  };
}

function loadJq(): Promise<JqEngine> {
  sharedJq ??= createJqEngine().catch((error: unknown) => {
    sharedJq = undefined;
    throw error;
  });
  return sharedJq;
}

/**
 * The shared sandboxes runs of these definitions need, loaded on first use; `undefined` when they
 * need none (so a workflow of worker tasks never pays for loading QuickJS).
 */
export async function sharedRuntimes(defs: readonly WorkflowDef[]): Promise<{ scripts?: ScriptEngine; jq?: JqEngine } | undefined> {
  let needScripts = false;
  let needJq = false;
  for (const def of defs) {
    const needs = needsOf(def);
    needScripts ||= needs.scripts;
    needJq ||= needs.jq;
  }
  if (!needScripts && !needJq) return undefined;
  const [scripts, jq] = await Promise.all([needScripts ? loadScripts() : undefined, needJq ? loadJq() : undefined]);
  return { ...(scripts !== undefined ? { scripts } : {}), ...(jq !== undefined ? { jq } : {}) };
}
