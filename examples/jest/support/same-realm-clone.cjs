// WORKAROUND, to delete once plain-object checks no longer compare prototypes by identity (see the
// note in jest.config.cjs). jest runs tests in a vm context but gives them the host's
// structuredClone, whose copies belong to the host realm. The engine clones every definition with
// structuredClone (src/engine/blueprint.ts), and isPlainObject in
// src/expressions/internal/java-format.ts requires `Object.getPrototypeOf(v) === Object.prototype`
// of the test's realm, so any task with inputParameters fails with "resolveParameters: params must
// be a plain object of JSON values or null, got an instance of Object." This makes structuredClone
// return plain objects and arrays of the test's realm (other values as the host clone made them).
const hostClone = globalThis.structuredClone;

function intoThisRealm(value, seen) {
  if (typeof value !== 'object' || value === null) return value;
  if (seen.has(value)) return seen.get(value);
  if (Array.isArray(value)) {
    const copy = [];
    seen.set(value, copy);
    for (const item of value) copy.push(intoThisRealm(item, seen));
    return copy;
  }
  const proto = Object.getPrototypeOf(value);
  if (proto !== null && Object.getPrototypeOf(proto) !== null) return value;
  const copy = proto === null ? Object.create(null) : {};
  seen.set(value, copy);
  for (const key of Object.keys(value)) copy[key] = intoThisRealm(value[key], seen);
  return copy;
}

globalThis.structuredClone = (value, options) => intoThisRealm(hostClone(value, options), new Map());
