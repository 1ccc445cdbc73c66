/**
 * Seeded random numbers. Every random choice in Gauntlet goes through an Rng made from
 * an explicit seed, so the same seed gives the same episode in any process.
 */
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform in [lo, hi). */
  uniform(lo: number, hi: number): number;
  /** Uniform integer in [lo, hi]. */
  int(lo: number, hi: number): number;
  /** Standard normal sample. */
  normal(): number;
  /** An independent child stream, stable for the same parent seed and label. */
  fork(label: string): Rng;
}

/** Makes a deterministic Rng (sfc32 seeded through splitmix32) from an integer seed. */
export function makeRng(seed: number): Rng {
  if (!Number.isFinite(seed)) throw new Error(`seed: expected a finite number, got ${seed}`);
  let s = seed >>> 0;
  const splitmix = () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
  const nextU32 = sfc32(splitmix(), splitmix(), splitmix(), splitmix());
  for (let i = 0; i < 12; i++) nextU32();
  const next = () => nextU32() / 4294967296;
  return {
    next,
    uniform: (lo, hi) => lo + (hi - lo) * next(),
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    normal: () => {
      // Box-Muller; 1 - next() keeps the log argument in (0, 1].
      const u = 1 - next();
      const v = next();
      return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    },
    fork: (label) => makeRng((seed ^ hashString(label)) >>> 0),
  };
}

/** The sfc32 generator from four 32-bit words of state: each call returns the next uint32. */
export function sfc32(a: number, b: number, c: number, d: number): () => number {
  return () => {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = ((c << 21) | (c >>> 11)) >>> 0;
    c = (c + t) >>> 0;
    return t;
  };
}

/** 32-bit FNV-1a hash of a string, for deriving stable sub-seeds from names. */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
