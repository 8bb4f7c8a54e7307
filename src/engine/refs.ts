/**
 * Reference names inside loops (common/src/main/java/com/netflix/conductor/common/utils/TaskUtils.java):
 * iteration N of a loop task `ref` runs as `ref__N`; the base ref is everything before the first
 * `__` — so a definition ref that itself contains `__` cannot be used inside a DO_WHILE.
 */

const LOOP_SEPARATOR = '__';

/** `ref__N` for iteration N. */
export function appendIteration(ref: string, iteration: number): string {
  return `${ref}${LOOP_SEPARATOR}${iteration}`;
}

/** The ref without any loop suffix (split on every `__`, keep the first piece). */
export function baseRef(ref: string): string {
  const at = ref.indexOf(LOOP_SEPARATOR);
  return at < 0 ? ref : ref.slice(0, at);
}
