/**
 * Seeded pseudo-random numbers: the same seed and stream name give the same numbers on every machine.
 *
 * Generator: xoshiro128** (Blackman & Vigna), 32-bit integer arithmetic only (`Math.imul`, shifts),
 * so its integer output is bit-identical on every JavaScript engine. Its 128-bit state is filled by
 * the string hash cyrb128 of `"<seed>/<stream>"`, where `<seed>` is the integer seed written in
 * decimal. Different stream names therefore give independent streams from one seed:
 * `createRng(seed, 'init:0')` for layer 0's weights, `createRng(seed, 'shuffle')` for the trainer,
 * `createRng(seed, 'split')` for train/test splits, `createRng(seed, 'gradcheck')` for sampling.
 *
 * Draw order (the contract that makes results reproducible):
 * - `next()` consumes two 32-bit outputs a, b and returns ((a >>> 5) · 2^26 + (b >>> 6)) / 2^53,
 *   a float64 in [0, 1) with 53 random bits.
 * - `normal()` is Box–Muller without caching: u1 = 1 − next() (in (0, 1]), u2 = next(),
 *   returns sqrt(−2 ln u1) · cos(2π u2). Each call consumes exactly two `next()` draws.
 * - `int(n)` returns floor(next() · n), one `next()` draw.
 * - `shuffle(a)` is Fisher–Yates from the end: for i = len−1 down to 1, j = int(i + 1), swap a[i], a[j].
 */

/** A seeded source of random numbers. Not shared between uses: create one stream per purpose. */
export interface Rng {
  /** A uniform float64 in [0, 1). */
  next(): number;
  /** A standard normal draw (mean 0, standard deviation 1). */
  normal(): number;
  /** A uniform integer in [0, n). */
  int(n: number): number;
  /** Shuffles `array` in place (Fisher–Yates) and returns it. */
  shuffle<T extends { length: number; [i: number]: number }>(array: T): T;
  /** The raw 32-bit unsigned output of the underlying generator. */
  nextUint32(): number;
}

/** cyrb128: a fast 128-bit string hash (public domain, bryc), used only to seed the generator. */
function cyrb128(text: string): [number, number, number, number] {
  let h1 = 1779033703, h2 = 3144134277, h3 = 1013904242, h4 = 2773480762;
  for (let i = 0; i < text.length; i++) {
    const k = text.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}

const TWO_POW_26 = 67108864;
const TWO_POW_53 = 9007199254740992;

class Xoshiro128 implements Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(state: [number, number, number, number]) {
    [this.a, this.b, this.c, this.d] = state;
    // An all-zero state would only ever produce zeros.
    if ((this.a | this.b | this.c | this.d) === 0) this.a = 0x9e3779b9;
  }

  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.b, 5), 7), 9) >>> 0;
    const t = this.b << 9;
    this.c ^= this.a;
    this.d ^= this.b;
    this.b ^= this.c;
    this.a ^= this.d;
    this.c ^= t;
    this.d = rotl(this.d, 11);
    return result;
  }

  next(): number {
    const hi = this.nextUint32() >>> 5;
    const lo = this.nextUint32() >>> 6;
    return (hi * TWO_POW_26 + lo) / TWO_POW_53;
  }

  normal(): number {
    const u1 = 1 - this.next();
    const u2 = this.next();
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }

  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  shuffle<T extends { length: number; [i: number]: number }>(array: T): T {
    for (let i = array.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const tmp = array[i];
      array[i] = array[j];
      array[j] = tmp;
    }
    return array;
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/**
 * The bare xoshiro128** generator from an explicit 128-bit state (four unsigned 32-bit words),
 * for testing against the reference implementation's published outputs.
 */
export function rngFromState(state: readonly [number, number, number, number]): Rng {
  return new Xoshiro128([state[0] >>> 0, state[1] >>> 0, state[2] >>> 0, state[3] >>> 0]);
}

/**
 * A random stream determined by an integer `seed` and a `stream` name (default `"default"`).
 * The same pair gives the same numbers on every machine; different names give independent streams.
 */
export function createRng(seed: number, stream = 'default'): Rng {
  if (!Number.isFinite(seed)) throw new Error(`createRng: the seed must be a finite number, got ${seed}`);
  const integerSeed = Math.trunc(seed);
  return new Xoshiro128(cyrb128(`${integerSeed}/${stream}`));
}
