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
import type { WorkflowDef } from '../definitions/index.js';
import { runtimeNeeds } from '../engine/index.js';
import type { RuntimeNeeds } from '../engine/index.js';
import { createJqEngine, createScriptEngine } from '../expressions/index.js';
import type { JqEngine, ScriptEngine } from '../expressions/index.js';

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
