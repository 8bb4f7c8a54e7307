/**
 * Expressions: `${...}` parameter resolution with Conductor's JSONPath semantics and Java-style
 * stringification. The only door into src/expressions (STYLE 1.1).
 */
export { resolveParameters, resolveValue, substituteSecrets } from './parameters.js';
export type { EvaluationDocument, ResolveOptions, SubstituteSecretsOptions } from './parameters.js';
export { readPath } from './jsonpath.js';
export { toJavaString } from './java-string.js';
export { createScriptEngine, toLoopBoolean, SCRIPT_TIMEOUT_MESSAGE } from './script-engine.js';
export type { ScriptRequest, ScriptOutcome, ScriptEngine, ScriptEngineOptions } from './script-engine.js';
export { createJqEngine } from './jq-engine.js';
export type { JqOutcome, JqEngine } from './jq-engine.js';
export { parseWaitDuration, parseWaitUntil } from './wait-time.js';
// For the engine's copies of mock answers (cheaper than structuredClone: docs/performance.md, E4).
export { copyJson } from './internal/copy.js';
export type { WaitUntilOptions } from './wait-time.js';
export { scriptInputUse, cachedScriptInputUse, pruneScriptInput } from './script-input-paths.js';
export type { ScriptInputUse, ScriptInputPath } from './script-input-paths.js';
