/**
 * JavaScript that runs inside the QuickJS sandbox, once per sandbox context (see
 * `script-sandbox.ts`). It is kept as source text because it executes in the guest, not in Node.
 *
 * What it sets up, and why (Conductor: core/.../core/events/ScriptEvaluator.java builds a GraalJS
 * context per evaluation with the single binding `$`; task-types §3.2):
 * - `run(source, inputJson, seed)` evaluates the user's script through a direct `eval` inside a
 *   function whose scope holds only `$`. A classic script's completion value is returned, a
 *   top-level `return` stays a SyntaxError, and top-level `let`/`const`/`var`/function
 *   declarations stay local to the call instead of piling up in the reused global scope.
 * - `prepare(expression, source)` compiles, once per source, a function that `run` calls instead
 *   of the `eval`: only for scripts the host found to be a single expression (script-sandbox.ts
 *   `toCompilableExpression`), whose value, errors and line numbers the function reproduces.
 * - `finish()` converts the result like `ScriptEvaluator.getObject`, formats errors in GraalJS
 *   wording, and deletes the call's implicit globals (`x = 1`). Baseline globals are read-only,
 *   so `Array = 1` is silently ignored (sloppy mode) instead of replacing the built-in.
 * - Every intrinsic reachable from the global object is frozen ("lockdown"), so a script cannot
 *   leave state behind in `Array.prototype` & co. for the next call. A few inherited data
 *   properties that honest code assigns on its own objects (`this.name = ...` in an Error subclass,
 *   `Foo.prototype.toString = ...`) become accessors whose setter defines an own property, so
 *   the frozen prototype does not turn those assignments into silent no-ops.
 * - Math's `random` is a seeded generator, reseeded on every call; `performance`, `WeakRef`,
 *   `FinalizationRegistry` and `queueMicrotask` are removed (wall clock, garbage-collector timing,
 *   and a global GraalJS does not have).
 * - `$` is built from JSON with two prototypes that mimic the Java host objects GraalJS exposes:
 *   maps answer `get/size/containsKey/isEmpty/getOrDefault`, lists `get/size/isEmpty/contains`,
 *   both print like Java (`[1, 2]`, `{k=v}`), and `JSON.stringify(map)` gives `{}` as GraalJS
 *   does for a host `LinkedHashMap` (checked with GraalJS 25.0.2, HostAccess.ALL).
 *
 * The evaluator function is compiled separately under the file name `ctk-evaluator` so stack
 * frames of the user's code (file `<input>`, the name QuickJS gives eval code) can be told apart.
 */
export const SCRIPT_PRELUDE = String.raw`(function (G) {
  'use strict';
  const O = Object, R = Reflect, A = Array;
  const jsonParse = JSON.parse, jsonStringify = JSON.stringify;
  const isArray = A.isArray, keysOf = O.keys, ownKeys = R.ownKeys, gopd = O.getOwnPropertyDescriptor;
  const defineProperty = O.defineProperty, getPrototypeOf = O.getPrototypeOf, setPrototypeOf = O.setPrototypeOf;
  const freeze = O.freeze, create = O.create;
  const hasOwn = O.hasOwn, apply = R.apply, construct = R.construct, isInteger = Number.isInteger;
  const isFiniteNumber = Number.isFinite, stringOf = String, mathAbs = Math.abs, imul = Math.imul;
  const objectProto = O.prototype, arrayProto = A.prototype, errorProto = Error.prototype;
  const isPrototypeOf = objectProto.isPrototypeOf, errorToString = errorProto.toString;
  const mapProtoJs = Map.prototype, mapEntries = mapProtoJs.entries, typedArrayProto = getPrototypeOf(Int8Array.prototype);
  const bigIntToString = BigInt.prototype.toString; // used by javaNumber
  const NativeError = Error, NativeWeakSet = WeakSet, NativeSet = Set, NativeMap = Map;
  const wsAdd = WeakSet.prototype.add, wsHas = WeakSet.prototype.has;
  const setAdd = Set.prototype.add, setHas = Set.prototype.has, setDelete = Set.prototype.delete;
  const mapSet = Map.prototype.set, mapHas = Map.prototype.has;
  const arrayPush = arrayProto.push, arrayJoin = arrayProto.join;
  const regexpExec = RegExp.prototype.exec;
  const toExponential = Number.prototype.toExponential, stringIncludes = stringOf.prototype.includes;
  const stringSlice = stringOf.prototype.slice, stringIndexOf = stringOf.prototype.indexOf;
  const inputFrame = /<input>:(\d+):(\d+)/;
  const topLevelFrame = /^\s*at <eval> \(<input>:/;
  // The innermost frame is the user's code (not a built-in such as JSON.parse or repeat).
  const userFrame = /^\s*at [^\n]*\(<input>:\d+:\d+\)/;
  // A syntax error of the script itself: its position, then the evaluator's eval call (JSON.parse
  // also reports its text position as "<input>:1:n", followed by "at parse (native)").
  const scriptParseFrame = /^\s*at <input>:\d+:\d+\n\s*at [^\n]*\(ctk-evaluator:/;

  // --- seeded random numbers (mulberry32), reseeded per call ---
  let randomState = 0;
  defineProperty(Math, 'random', { value: function random() {
    randomState = (randomState + 0x6d2b79f5) | 0;
    let t = randomState;
    t = imul(t ^ (t >>> 15), t | 1);
    t ^= t + imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }, writable: true, enumerable: false, configurable: true });

  // --- globals GraalJS does not have, or that read clocks / GC timing ---
  // queueMicrotask is absent from GraalJS 25 too (checked); WeakRef exists there but its
  // behaviour depends on garbage collection, so it goes with FinalizationRegistry.
  for (const name of ['performance', 'WeakRef', 'FinalizationRegistry', 'queueMicrotask']) delete G[name];

  const method = (fn) => ({ value: fn, writable: true, enumerable: false, configurable: true });

  // --- Date text as GraalJS prints it on a UTC server: "... GMT+0000 (GMT)" (checked against
  // Conductor 3.32.3 on a JVM whose zone is Etc/UTC); QuickJS stops after "GMT+0000". ---
  {
    const RealDate = G.Date;
    const dateProto = RealDate.prototype;
    const nativeToString = dateProto.toString, nativeToTimeString = dateProto.toTimeString;
    const withZone = (text) => (text === 'Invalid Date' ? text : text + ' (GMT)');
    defineProperty(dateProto, 'toString', method(function toString() { return withZone(apply(nativeToString, this, [])); }));
    defineProperty(dateProto, 'toTimeString', method(function toTimeString() { return withZone(apply(nativeToTimeString, this, [])); }));
    const WrappedDate = new Proxy(RealDate, {
      apply() { return withZone(apply(nativeToString, construct(RealDate, []), [])); },
    });
    defineProperty(dateProto, 'constructor', method(WrappedDate));
    defineProperty(G, 'Date', method(WrappedDate));
  }

  // --- errors created by user code (new Error(...)) carry no line in GraalJS; mark them ---
  const userErrors = new NativeWeakSet();
  const hostErrors = new NativeWeakSet();
  const markUser = (e) => { if ((typeof e === 'object' && e !== null)) apply(wsAdd, userErrors, [e]); return e; };
  for (const name of ['Error', 'TypeError', 'RangeError', 'ReferenceError', 'SyntaxError', 'EvalError', 'URIError', 'AggregateError']) {
    const Real = G[name];
    if (typeof Real !== 'function') continue;
    const Wrapped = new Proxy(Real, {
      construct(target, args, newTarget) { return markUser(construct(target, args, newTarget === Wrapped ? target : newTarget)); },
      apply(target, thisArg, args) { return markUser(apply(target, thisArg, args)); },
    });
    defineProperty(Real.prototype, 'constructor', { value: Wrapped, writable: true, enumerable: false, configurable: true });
    defineProperty(G, name, { value: Wrapped, writable: true, enumerable: false, configurable: true });
  }
  const hostError = (message) => { const e = new NativeError(message); apply(wsAdd, hostErrors, [e]); return e; };

  // --- Java-style text of host values (AbstractCollection / AbstractMap toString) ---
  const javaNumber = (n) => {
    if (n !== n) return 'NaN';
    if (n === Infinity) return 'Infinity';
    if (n === -Infinity) return '-Infinity';
    if (isInteger(n)) return mathAbs(n) < 1e21 ? (n === 0 ? '0' : stringOf(n)) : apply(bigIntToString, BigInt(n), []);
    const m = mathAbs(n);
    if (m >= 1e-3 && m < 1e7) { const s = stringOf(n); return apply(stringIncludes, s, ['.']) ? s : s + '.0'; }
    const exp = apply(toExponential, n, []);
    const at = apply(stringIndexOf, exp, ['e']);
    let mantissa = apply(stringSlice, exp, [0, at]);
    if (!apply(stringIncludes, mantissa, ['.'])) mantissa += '.0';
    let exponent = apply(stringSlice, exp, [at + 1]);
    if (exponent[0] === '+') exponent = apply(stringSlice, exponent, [1]);
    return mantissa + 'E' + exponent;
  };
  const javaString = (v, depth) => {
    if (depth > 200) return '...';
    if (v === null || v === undefined) return 'null';
    if (typeof v === 'number') return javaNumber(v);
    if (typeof v !== 'object') return stringOf(v);
    const parts = [];
    if (isArray(v)) {
      for (let i = 0; i < v.length; i++) apply(arrayPush, parts, [javaString(v[i], depth + 1)]);
      return '[' + apply(arrayJoin, parts, [', ']) + ']';
    }
    for (const k of keysOf(v)) apply(arrayPush, parts, [k + '=' + javaString(v[k], depth + 1)]);
    return '{' + apply(arrayJoin, parts, [', ']) + '}';
  };

  // --- the stand-ins for java.util.Map / java.util.List ---
  const MapProto = create(objectProto, {
    get: method(function get(key) { return hasOwn(this, key) ? this[key] : null; }),
    getOrDefault: method(function getOrDefault(key, fallback) { return hasOwn(this, key) ? this[key] : fallback; }),
    containsKey: method(function containsKey(key) { return hasOwn(this, key); }),
    size: method(function size() { return keysOf(this).length; }),
    isEmpty: method(function isEmpty() { return keysOf(this).length === 0; }),
    toString: method(function toString() { return javaString(this, 0); }),
    toJSON: method(function toJSON() { return {}; }),
  });
  const ListProto = create(arrayProto, {
    get: method(function get(index) {
      if (typeof index !== 'number' || !isInteger(index) || index < 0 || index >= this.length) {
        throw hostError('Index ' + stringOf(index) + ' out of bounds for length ' + stringOf(this.length));
      }
      return this[index];
    }),
    size: method(function size() { return this.length; }),
    isEmpty: method(function isEmpty() { return this.length === 0; }),
    contains: method(function contains(value) { for (let i = 0; i < this.length; i++) if (this[i] === value) return true; return false; }),
    toString: method(function toString() { return javaString(this, 0); }),
  });
  const toHost = (v) => {
    if (typeof v !== 'object' || v === null) return v;
    if (isArray(v)) { for (let i = 0; i < v.length; i++) toHost(v[i]); setPrototypeOf(v, ListProto); return v; }
    for (const k of keysOf(v)) toHost(v[k]);
    setPrototypeOf(v, MapProto);
    return v;
  };

  // --- result conversion: ScriptEvaluator.getObject ---
  const NUMBER_TAG = '\u0000ctk-number';
  // A cyclic value makes the server's recursive getObject overflow the Java stack; a depth limit
  // gives the same outcome without tracking ancestors.
  const MAX_DEPTH = 1000;
  const tooDeep = {};
  const toJava = (v, depth) => {
    if (v === null || v === undefined) return null;
    const t = typeof v;
    if (t === 'boolean' || t === 'string') return v;
    if (t === 'number') {
      if (!isFiniteNumber(v) || (v === 0 && 1 / v < 0)) return { [NUMBER_TAG]: v !== v ? 'NaN' : v === 0 ? '-0' : v > 0 ? 'Infinity' : '-Infinity' };
      return v;
    }
    if (t === 'bigint') {
      // getObject: fitsInInt / fitsInLong / fitsInDouble (exactly), else no branch matches and the
      // value falls through to the member-map case, which is empty for a BigInt.
      if (v >= -9223372036854775808n && v <= 9223372036854775807n) return Number(v);
      const asDouble = Number(v);
      return isFiniteNumber(asDouble) && BigInt(asDouble) === v ? asDouble : {};
    }
    if (t === 'symbol') return {};
    if (depth > MAX_DEPTH) throw tooDeep;
    if (isArray(v) || apply(isPrototypeOf, typedArrayProto, [v])) {
      const n = v.length;
      const out = new A(n);
      for (let i = 0; i < n; i++) out[i] = toJava(v[i], depth + 1);
      return out;
    }
    const out = {};
    if (apply(isPrototypeOf, mapProtoJs, [v])) {
      for (const [k, value] of apply(mapEntries, v, [])) {
        const key = toJava(k, depth + 1);
        defineProperty(out, typeof key === 'object' && key !== null ? jsonStringify(key) : stringOf(key),
          { value: toJava(value, depth + 1), writable: true, enumerable: true, configurable: true });
      }
      return out;
    }
    const keys = keysOf(v);
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i];
      // A key named __proto__ must become a key, not a prototype change.
      if (key === '__proto__') defineProperty(out, key, { value: toJava(v[key], depth + 1), writable: true, enumerable: true, configurable: true });
      else out[key] = toJava(v[key], depth + 1);
    }
    return out;
  };

  // --- GraalJS wording of errors ---
  const ENGINE_MESSAGES = [
    [/^cannot read property '(.*)' of (null|undefined)$/s, (m) => "Cannot read property '" + m[1] + "' of " + m[2]],
    [/^cannot set property '(.*)' of (null|undefined)$/s, (m) => "Cannot set property '" + m[1] + "' of " + m[2]],
    [/^'(.*)' is read-only$/s, (m) => 'Assignment to constant "' + m[1] + '"'],
    [/^invalid array length$/, () => 'Invalid array length'],
    [/^cannot convert symbol to string$/, () => 'Cannot convert a Symbol value to a string'],
    [/^class constructors must be invoked with 'new'$/, () => "Class constructor cannot be invoked without 'new'"],
    [/^empty array$/, () => 'Reduce of empty array with no initial value'],
    [/^invalid repeat count$/, () => 'illegal repeat count'],
    [/^expecting hex digit$/, () => 'illegal escape sequence'],
  ];
  const engineMessage = (message) => {
    for (const [pattern, render] of ENGINE_MESSAGES) {
      const m = apply(regexpExec, pattern, [message]);
      if (m !== null) return render(m);
    }
    return message;
  };
  let singleLine = false;
  const lineOf = (e, name) => {
    let stack;
    try { stack = e.stack; } catch (_) { return undefined; }
    if (typeof stack !== 'string') return undefined;
    const m = apply(regexpExec, inputFrame, [stack]);
    if (m === null) return undefined;
    // Inside a function QuickJS-ng often reports the function's first line instead of the
    // failing one (a statement that starts with a global or closure read carries no position);
    // GraalJS reports the failing line. No line beats a wrong one, so only an error raised by
    // top-level code, or a syntax error of the script itself, gets a line. An error raised inside
    // a built-in (JSON.parse, String.prototype.repeat, ...) has none, as in GraalJS.
    // A one-line script is the exception: whatever frame raised it, its line is 1
    // (the harness's do_while_cleanup_demo fails inside an IIFE with "at line 1" on the server).
    const own = name === 'SyntaxError' ? scriptParseFrame : topLevelFrame;
    if (apply(regexpExec, own, [stack]) !== null) return Number(m[1]);
    if (singleLine && name !== 'SyntaxError' && apply(regexpExec, userFrame, [stack]) !== null) return 1;
    return undefined;
  };
  const describeError = (e) => {
    if (typeof e === 'object' && e !== null && apply(isPrototypeOf, errorProto, [e])) {
      if (apply(wsHas, hostErrors, [e])) return { message: stringOf(e.message) };
      const user = apply(wsHas, userErrors, [e]);
      let name = 'Error', message = '';
      try { name = stringOf(e.name); message = stringOf(e.message); } catch (_) { /* keep defaults */ }
      if (!user) message = engineMessage(message);
      const text = message === '' ? name : name === '' ? message : name + ': ' + message;
      const line = user ? undefined : lineOf(e, name);
      return line === undefined ? { message: text } : { message: text, line };
    }
    if (typeof e === 'object' && e !== null) return { message: 'Error' };
    return { message: stringOf(e) };
  };

  // --- state of one call ---
  let evaluator;
  let outcome;   // { ok: true, value } | { ok: false, error }

  // Implicit globals (sloppy \`x = 1\`, \`this.y = 2\`) are enumerable own properties of the global
  // object, while every baseline global is non-enumerable and frozen in place; so after each call
  // \`Object.keys(globalThis)\` lists exactly what the script added, and deleting it restores the
  // baseline. Non-enumerable additions can only come through the define-property functions,
  // which record their key when the target is the global object.
  const definedOnGlobal = new NativeSet();
  const record = (target, key) => { if (target === G) apply(setAdd, definedOnGlobal, [key]); };
  const globalProto = getPrototypeOf(G);
  const getOwnPropertySymbols = O.getOwnPropertySymbols, isExtensible = O.isExtensible;
  const setClear = NativeSet.prototype.clear;
  let baselineSymbols = 0;
  const wrapDefine = (holder, name, recordKeys) => {
    const original = holder[name];
    defineProperty(holder, name, { value: { [name](...args) { recordKeys(args); return apply(original, this, args); } }[name],
      writable: true, enumerable: false, configurable: true });
  };
  wrapDefine(O, 'defineProperty', (args) => record(args[0], args[1]));
  wrapDefine(R, 'defineProperty', (args) => record(args[0], args[1]));
  wrapDefine(O, 'defineProperties', (args) => { if (args[0] === G && typeof args[1] === 'object' && args[1] !== null) for (const k of ownKeys(args[1])) record(G, k); });
  /** Puts the global object back; false when the script made that impossible (then the context is replaced). */
  const restoreGlobals = () => {
    let clean = true;
    for (const key of keysOf(G)) { try { if (!delete G[key]) clean = false; } catch (_) { clean = false; } }
    if (definedOnGlobal.size > 0) {
      for (const key of definedOnGlobal) { if (gopd(G, key) !== undefined && gopd(G, key).configurable === false) { clean = false; continue; } try { delete G[key]; } catch (_) { clean = false; } }
      apply(setClear, definedOnGlobal, []);
    }
    if (getOwnPropertySymbols(G).length !== baselineSymbols || getPrototypeOf(G) !== globalProto || !isExtensible(G)) clean = false;
    return clean;
  };

  /** Whether the last call left something on the global object (implicit globals & co.). */
  const isDirty = () => {
    // for-in is the cheapest walk in QuickJS: baseline globals are not enumerable, so any
    // enumerable key is an implicit global (\`x = 1\`, \`this.y = 2\`).
    for (const _ in G) return true;
    return definedOnGlobal.size > 0 || getOwnPropertySymbols(G).length !== baselineSymbols ||
      getPrototypeOf(G) !== globalProto || !isExtensible(G);
  };

  /**
   * Runs one script. Returns a number as is; other results as text whose first character says
   * what follows: S (a string), T / F (booleans), N (null), E (a JSON envelope: objects, lists,
   * errors, or anything after which the global object needs cleaning).
   */
  const run = function run(source, inputJson, seed) {
    randomState = seed | 0;
    singleLine = apply(stringIndexOf, source, ['\n']) === -1 && apply(stringIndexOf, source, ['\r']) === -1;
    outcome = undefined;
    const input = toHost(jsonParse(inputJson));
    const compiled = apply(mapGet, compiledScripts, [source]);
    try {
      outcome = { ok: true, value: apply(compiled === undefined ? evaluator : compiled, G, [input, source]) };
    } catch (e) {
      outcome = { ok: false, error: e };
    }
    const dirty = isDirty();
    if (outcome.ok && !dirty) {
      const v = outcome.value;
      const t = typeof v;
      if (t === 'number') return v;
      if (t === 'string') return 'S' + v;
      if (t === 'boolean') return v ? 'T' : 'F';
      if (v === null || v === undefined) return 'N';
    }
    return envelopeOf(dirty);
  };

  // --- scripts compiled once (the host decides which; see script-sandbox.ts \`prepare\`) ---
  // For a script that is one expression statement, \`eval\` would parse it again on every call.
  // Its compiled stand-in has the evaluator's shape: a sloppy function of ($, __ctk_source__)
  // called with this = the global object, whose inner arrow (same this, arguments and new.target
  // as eval code) reads $ as a closure variable like eval code does and is named <eval>, so the
  // innermost frame reads "at <eval> (<input>:line:col)" with the script's own line numbers.
  const compiledScripts = new NativeMap();
  const mapGet = NativeMap.prototype.get;
  const indirectEval = G.eval;
  const prepare = function prepare(expression, source) {
    const compiled = indirectEval('(function ($, __ctk_source__) { return ({ "<eval>": () => (' + expression +
      '\n) })["<eval>"](); })');
    freeze(compiled);
    apply(mapSet, compiledScripts, [source, compiled]);
    return true;
  };

  /** The JSON envelope of the current outcome; called again by the host after promise jobs ran. */
  const finish = function finish() {
    return envelopeOf(isDirty());
  };

  const envelopeOf = (dirty) => {
    let envelope;
    const current = outcome;
    if (current === undefined) {
      envelope = { ok: false, message: 'InternalError: the script did not run' };
    } else if (current.ok) {
      try {
        // The common case skips building an envelope object: only the value is stringified.
        return 'E{"ok":true,"dirty":' + (dirty ? 'true' : 'false') + ',"value":' + jsonStringify(toJava(current.value, 0)) + '}';
      } catch (e) {
        // Either our depth limit or QuickJS's own stack limit ends the walk of a cyclic value.
        const overflow = e === tooDeep || (typeof e === 'object' && e !== null && apply(isPrototypeOf, RangeError.prototype, [e]) &&
          !apply(wsHas, userErrors, [e]) && e.message === 'Maximum call stack size exceeded');
        if (overflow) envelope = { ok: false, message: 'java.lang.StackOverflowError' };
        else envelope = { ok: false, ...describeError(e) };
      }
    } else {
      envelope = { ok: false, ...describeError(current.error) };
    }
    envelope.dirty = dirty;
    return 'E' + jsonStringify(envelope);
  };

  /** Puts the global object back after a call that left something on it. */
  const restore = function restore() {
    outcome = undefined;
    return restoreGlobals();
  };

  // --- lockdown ---
  const tame = (proto, names) => {
    for (const name of names) {
      const desc = gopd(proto, name);
      if (desc === undefined || !('value' in desc)) continue;
      const value = desc.value;
      defineProperty(proto, name, {
        get: function () { return value; },
        set: function (v) {
          if (this === proto) throw new TypeError("Cannot assign to read only property '" + stringOf(name) + "' of object");
          defineProperty(this, name, { value: v, writable: true, enumerable: true, configurable: true });
        },
        enumerable: desc.enumerable, configurable: false,
      });
    }
  };
  const harden = (roots) => {
    const seen = new NativeSet();
    const queue = [];
    const visit = (v) => {
      if ((typeof v !== 'object' && typeof v !== 'function') || v === null || v === G) return;
      if (apply(setHas, seen, [v])) return;
      apply(setAdd, seen, [v]);
      apply(arrayPush, queue, [v]);
    };
    for (const r of roots) visit(r);
    for (let i = 0; i < queue.length; i++) {
      const obj = queue[i];
      visit(getPrototypeOf(obj));
      for (const key of ownKeys(obj)) {
        const desc = gopd(obj, key);
        if (desc === undefined) continue;
        visit(desc.value); visit(desc.get); visit(desc.set);
      }
      freeze(obj);
    }
  };

  return function init(evaluatorFunction) {
    evaluator = evaluatorFunction;
    const errorNames = ['Error', 'TypeError', 'RangeError', 'ReferenceError', 'SyntaxError', 'EvalError', 'URIError', 'AggregateError'];
    tame(objectProto, ['constructor', 'toString', 'toLocaleString', 'valueOf', 'hasOwnProperty', 'isPrototypeOf', 'propertyIsEnumerable']);
    tame(Function.prototype, ['constructor', 'toString']);
    tame(arrayProto, ['constructor', 'toString']);
    tame(Promise.prototype, ['constructor']);
    for (const name of errorNames) {
      const ctor = G[name];
      if (typeof ctor === 'function') tame(ctor.prototype, ['constructor', 'name', 'message', 'toString']);
    }
    tame(MapProto, ['get', 'getOrDefault', 'containsKey', 'size', 'isEmpty', 'toString', 'toJSON']);
    tame(ListProto, ['get', 'size', 'isEmpty', 'contains', 'toString']);
    const hidden = [];
    try { apply(arrayPush, hidden, [getPrototypeOf(function* () {}), getPrototypeOf(async function () {}),
      getPrototypeOf(async function* () {}), getPrototypeOf([][Symbol.iterator]()), getPrototypeOf(new NativeMap()[Symbol.iterator]()),
      getPrototypeOf(new NativeSet()[Symbol.iterator]()), getPrototypeOf(''[Symbol.iterator]()),
      getPrototypeOf(/x/[Symbol.matchAll]('x')), getPrototypeOf(Int8Array), getPrototypeOf(Int8Array.prototype)]); } catch (_) { /* optional intrinsics */ }
    try { apply(arrayPush, hidden, [getPrototypeOf([].values().map((x) => x)), getPrototypeOf(Iterator.from({ next() { return { done: true }; } }))]); } catch (_) { /* iterator helpers */ }
    const roots = [MapProto, ListProto, evaluator, ...hidden];
    for (const key of ownKeys(G)) {
      const desc = gopd(G, key);
      apply(arrayPush, roots, [desc.value, desc.get, desc.set]);
    }
    harden(roots);
    // Baseline globals become read-only and non-enumerable (most already are not enumerable).
    for (const key of ownKeys(G)) {
      const desc = gopd(G, key);
      if ('value' in desc) desc.writable = false;
      desc.configurable = false;
      desc.enumerable = false;
      defineProperty(G, key, desc);
    }
    baselineSymbols = getOwnPropertySymbols(G).length;
    return { run, finish, restore, prepare };
  };
})(globalThis)`;

/**
 * The function that runs the user's source. Compiled at global scope under its own file name, so
 * its scope holds nothing but `$` and the source, and its frames never look like user code.
 * `__ctk_source__` is visible to the script under that name; nothing else of the sandbox is.
 */
export const SCRIPT_EVALUATOR = '(function ($, __ctk_source__) { return eval(__ctk_source__); })';
