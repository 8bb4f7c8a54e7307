/**
 * Java `String.valueOf` for resolved values (shared/spec engine-semantics §3.6, task-types §3.4).
 *
 * Conductor splices embedded `${...}` values into text with `Objects.toString(value)`
 * (UTIL/ParametersUtils.java `replaceVariables`) and picks SWITCH/DECISION cases by the string
 * form of the evaluated value, so the simulator must print values the way Java does.
 */
import { javaToString } from './internal/java-format.js';

/**
 * Java `String.valueOf` of a value built from JSON.
 *
 * - `null`/`undefined` → `"null"`; booleans → `"true"`/`"false"`; strings as they are.
 * - Integral numbers within the Java Long range → digits (`10000000000`); other numbers → Java
 *   `Double.toString` (`2.5`, `1.0E-4`, `1.23456789E7`, `1.0E21`, `NaN`, `Infinity`).
 * - Arrays → `[a, b]` (Java `List.toString`); plain objects → `{k1=v1, k2=v2}` (Java
 *   `Map.toString`, in the object's key order, no quotes), recursively.
 *
 * Divergence: JavaScript cannot tell `1.0` from `1`, so a JSON double with a zero fraction prints
 * like a Java integer (`"1"`, where Java prints `"1.0"`). Java prints the maps the evaluator
 * builds in HashMap order; here key order is the object's insertion order.
 *
 * @example toJavaString({ a: 1, b: 'x', c: [1, 2] }) // '{a=1, b=x, c=[1, 2]}'
 * @example toJavaString(0.0001) // '1.0E-4'
 */
export function toJavaString(value: unknown): string {
  return javaToString(value);
}
