/**
 * Expressions: `${...}` parameter resolution with Conductor's JSONPath semantics and Java-style
 * stringification. The only door into src/expressions (STYLE 1.1).
 */
export { resolveParameters, resolveValue, substituteSecrets } from './parameters.js';
export type { EvaluationDocument, ResolveOptions, SubstituteSecretsOptions } from './parameters.js';
export { readPath } from './jsonpath.js';
export { toJavaString } from './java-string.js';
