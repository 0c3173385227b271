/**
 * Scalar values the decoder builds from bits it has already read: half, single
 * and double floats, and the two date tags. Pure functions, no decoder state.
 *
 * @module
 */

// Float values come from typed-array aliasing of the bits, not a DataView.
const f32 = new Float32Array(1);
const f32Bits = new Uint32Array(f32.buffer);
const f64 = new Float64Array(1);
const f64Words = new Uint32Array(f64.buffer);
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const HI = LITTLE_ENDIAN ? 1 : 0;
const LO = LITTLE_ENDIAN ? 0 : 1;

const RFC3339 = /^\d{4}-\d\d-\d\d[Tt]\d\d:\d\d:\d\d(\.\d+)?([Zz]|[+-]\d\d:\d\d)$/;
const MAX_DATE_MS = 8.64e15;

/** The IEEE 754 half-precision value of the 16 bits `n`. */
export function halfFloat(n: number): number {
  const exp = (n >> 10) & 0x1f;
  const mant = n & 0x3ff;
  const v = exp === 0
    ? mant * 2 ** -24
    : exp === 31
    ? (mant === 0 ? Infinity : NaN)
    : (mant + 1024) * 2 ** (exp - 25);
  return n & 0x8000 ? -v : v;
}

/** The single-precision value of the 32 bits `n`. */
export function singleFloat(n: number): number {
  f32Bits[0] = n;
  return f32[0];
}

/** The double-precision value of the high and low 32-bit words. */
export function doubleFloat(hi: number, lo: number): number {
  f64Words[HI] = hi;
  f64Words[LO] = lo;
  return f64[0];
}

/** Milliseconds of an RFC 3339 date/time (tag 0), or NaN when `text` is not one. */
export function rfc3339Ms(text: string): number {
  return RFC3339.test(text) ? Date.parse(text.toUpperCase()) : NaN;
}

/**
 * Milliseconds for tag 1 epoch seconds, NaN outside the Date range. Encoders
 * write `ms / 1000`, which `* 1000` does not always undo near the ends of the
 * range; prefer the neighbour that maps back to exactly these seconds.
 */
export function epochMs(seconds: number): number {
  let ms = Math.round(seconds * 1000);
  if (ms / 1000 !== seconds) {
    if ((ms - 1) / 1000 === seconds) ms -= 1;
    else if ((ms + 1) / 1000 === seconds) ms += 1;
  }
  return Math.abs(ms) <= MAX_DATE_MS ? ms : NaN;
}
