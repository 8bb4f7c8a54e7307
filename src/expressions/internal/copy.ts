/**
 * Deep copy of JSON-shaped data (plain objects, arrays, primitives). Resolution results must
 * never share objects with the evaluation document: the engine mutates task outputs later.
 */
import { isPlainObject } from './java-format.js';

/** Copies arrays and plain objects recursively; other values are returned as they are. */
export function copyJson(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    const out: unknown[] = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      out[i] = item === undefined ? null : copyJson(item);
    }
    return out;
  }
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value)) {
      const item = value[key];
      if (item === undefined) continue;
      setEntry(out, key, copyJson(item));
    }
    return out;
  }
  return value;
}

/** Assigns an own enumerable property, also for the key `__proto__`. */
export function setEntry(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  } else {
    target[key] = value;
  }
}
