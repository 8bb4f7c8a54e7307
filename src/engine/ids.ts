/**
 * Seeded, deterministic ids and random streams (STYLE 4.1). Ids are UUID-shaped like the
 * server's (core/src/main/java/com/netflix/conductor/core/utils/IDGenerator.java uses random
 * UUIDs), but derived from the run's seed so the same seed gives the same ids.
 */

/** A source of pseudo-random 32-bit integers. */
export interface RandomStream {
  /** Next unsigned 32-bit integer. */
  nextUint32(): number;
  /** Next float in [0, 1). */
  nextFloat(): number;
  /** Next integer in [min, max] (inclusive). */
  nextInt(min: number, max: number): number;
}

/** Creates independent random streams from one seed; each name gets its own stream. */
export interface RandomSource {
  stream(name: string): RandomStream;
}

/** Produces UUID-shaped ids. */
export interface IdSource {
  /** A new id, e.g. `3f0c1e52-8d4a-4b7e-9a11-0c2d5e6f7a8b`. */
  next(): string;
}

/** 32-bit FNV-1a hash of a string, used to derive stream seeds from names. */
export function hashString(text: string, seed = 0x811c9dc5): number {
  let h = seed >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** sfc32 generator seeded from four 32-bit words (fast, good statistical quality, tiny state). */
function sfc32(a: number, b: number, c: number, d: number): RandomStream {
  const nextUint32 = (): number => {
    a >>>= 0;
    b >>>= 0;
    c >>>= 0;
    d >>>= 0;
    const t = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    const r = (t + d) | 0;
    c = (c + r) | 0;
    return r >>> 0;
  };
  for (let i = 0; i < 12; i++) nextUint32();
  return {
    nextUint32,
    nextFloat: () => nextUint32() / 4294967296,
    nextInt: (min: number, max: number) => min + Math.floor((nextUint32() / 4294967296) * (max - min + 1)),
  };
}

/** Creates a random source; streams with the same seed and name always produce the same values. */
export function createRandomSource(seed: number): RandomSource {
  const base = hashString(String(seed));
  return {
    stream(name: string): RandomStream {
      const h = hashString(name, base);
      return sfc32(base, h, hashString(name, h ^ 0x9e3779b9), (seed | 0) ^ 0x6a09e667);
    },
  };
}

const HEX: string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** Creates an id source drawing from a random stream; ids look like version-4 UUIDs. */
export function createIdSource(stream: RandomStream): IdSource {
  return {
    next(): string {
      const a = stream.nextUint32();
      const b = stream.nextUint32();
      const c = stream.nextUint32();
      const d = stream.nextUint32();
      const h = (x: number, shift: number): string => HEX[(x >>> shift) & 0xff] ?? '00';
      return (
        h(a, 24) + h(a, 16) + h(a, 8) + h(a, 0) + '-' +
        h(b, 24) + h(b, 16) + '-' +
        HEX[0x40 | ((b >>> 8) & 0x0f)] + h(b, 0) + '-' +
        HEX[0x80 | ((c >>> 24) & 0x3f)] + h(c, 16) + '-' +
        h(c, 8) + h(c, 0) + h(d, 24) + h(d, 16) + h(d, 8) + h(d, 0)
      );
    },
  };
}
