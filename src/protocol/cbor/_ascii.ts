/**
 * Short ASCII text without a TextDecoder call: the decoder's fast path for
 * the small strings and map keys that make up most protocol messages.
 *
 * @module
 */

const fromCharCode = String.fromCharCode;

/**
 * `n` (at most 16) ASCII bytes as a string, or undefined if any byte is not ASCII.
 * Unrolled so each byte is loaded once for the check and the call; passing codes
 * as arguments beats concatenation and apply().
 */
export function asciiText(s: Uint8Array, p: number, n: number): string | undefined {
  // deno-fmt-ignore
  switch (n) {
    case 0: return "";
    case 1: return (s[p]) < 0x80 ? fromCharCode(s[p]) : undefined;
    case 2: return (s[p] | s[p + 1]) < 0x80 ? fromCharCode(s[p], s[p + 1]) : undefined;
    case 3: return (s[p] | s[p + 1] | s[p + 2]) < 0x80 ? fromCharCode(s[p], s[p + 1], s[p + 2]) : undefined;
    case 4: return (s[p] | s[p + 1] | s[p + 2] | s[p + 3]) < 0x80 ? fromCharCode(s[p], s[p + 1], s[p + 2], s[p + 3]) : undefined;
    case 5: return (s[p] | s[p + 1] | s[p + 2] | s[p + 3] | s[p + 4]) < 0x80 ? fromCharCode(s[p], s[p + 1], s[p + 2], s[p + 3], s[p + 4]) : undefined;
    case 6: return (s[p] | s[p + 1] | s[p + 2] | s[p + 3] | s[p + 4] | s[p + 5]) < 0x80 ? fromCharCode(s[p], s[p + 1], s[p + 2], s[p + 3], s[p + 4], s[p + 5]) : undefined;
    case 7: return (s[p] | s[p + 1] | s[p + 2] | s[p + 3] | s[p + 4] | s[p + 5] | s[p + 6]) < 0x80 ? fromCharCode(s[p], s[p + 1], s[p + 2], s[p + 3], s[p + 4], s[p + 5], s[p + 6]) : undefined;
    case 8: return (s[p] | s[p + 1] | s[p + 2] | s[p + 3] | s[p + 4] | s[p + 5] | s[p + 6] | s[p + 7]) < 0x80 ? fromCharCode(s[p], s[p + 1], s[p + 2], s[p + 3], s[p + 4], s[p + 5], s[p + 6], s[p + 7]) : undefined;
    case 9: return (s[p] | s[p + 1] | s[p + 2] | s[p + 3] | s[p + 4] | s[p + 5] | s[p + 6] | s[p + 7] | s[p + 8]) < 0x80 ? fromCharCode(s[p], s[p + 1], s[p + 2], s[p + 3], s[p + 4], s[p + 5], s[p + 6], s[p + 7], s[p + 8]) : undefined;
    case 10: return (s[p] | s[p + 1] | s[p + 2] | s[p + 3] | s[p + 4] | s[p + 5] | s[p + 6] | s[p + 7] | s[p + 8] | s[p + 9]) < 0x80 ? fromCharCode(s[p], s[p + 1], s[p + 2], s[p + 3], s[p + 4], s[p + 5], s[p + 6], s[p + 7], s[p + 8], s[p + 9]) : undefined;
    case 11: return (s[p] | s[p + 1] | s[p + 2] | s[p + 3] | s[p + 4] | s[p + 5] | s[p + 6] | s[p + 7] | s[p + 8] | s[p + 9] | s[p + 10]) < 0x80 ? fromCharCode(s[p], s[p + 1], s[p + 2], s[p + 3], s[p + 4], s[p + 5], s[p + 6], s[p + 7], s[p + 8], s[p + 9], s[p + 10]) : undefined;
    case 12: return (s[p] | s[p + 1] | s[p + 2] | s[p + 3] | s[p + 4] | s[p + 5] | s[p + 6] | s[p + 7] | s[p + 8] | s[p + 9] | s[p + 10] | s[p + 11]) < 0x80 ? fromCharCode(s[p], s[p + 1], s[p + 2], s[p + 3], s[p + 4], s[p + 5], s[p + 6], s[p + 7], s[p + 8], s[p + 9], s[p + 10], s[p + 11]) : undefined;
    case 13: return (s[p] | s[p + 1] | s[p + 2] | s[p + 3] | s[p + 4] | s[p + 5] | s[p + 6] | s[p + 7] | s[p + 8] | s[p + 9] | s[p + 10] | s[p + 11] | s[p + 12]) < 0x80 ? fromCharCode(s[p], s[p + 1], s[p + 2], s[p + 3], s[p + 4], s[p + 5], s[p + 6], s[p + 7], s[p + 8], s[p + 9], s[p + 10], s[p + 11], s[p + 12]) : undefined;
    case 14: return (s[p] | s[p + 1] | s[p + 2] | s[p + 3] | s[p + 4] | s[p + 5] | s[p + 6] | s[p + 7] | s[p + 8] | s[p + 9] | s[p + 10] | s[p + 11] | s[p + 12] | s[p + 13]) < 0x80 ? fromCharCode(s[p], s[p + 1], s[p + 2], s[p + 3], s[p + 4], s[p + 5], s[p + 6], s[p + 7], s[p + 8], s[p + 9], s[p + 10], s[p + 11], s[p + 12], s[p + 13]) : undefined;
    case 15: return (s[p] | s[p + 1] | s[p + 2] | s[p + 3] | s[p + 4] | s[p + 5] | s[p + 6] | s[p + 7] | s[p + 8] | s[p + 9] | s[p + 10] | s[p + 11] | s[p + 12] | s[p + 13] | s[p + 14]) < 0x80 ? fromCharCode(s[p], s[p + 1], s[p + 2], s[p + 3], s[p + 4], s[p + 5], s[p + 6], s[p + 7], s[p + 8], s[p + 9], s[p + 10], s[p + 11], s[p + 12], s[p + 13], s[p + 14]) : undefined;
    case 16: return (s[p] | s[p + 1] | s[p + 2] | s[p + 3] | s[p + 4] | s[p + 5] | s[p + 6] | s[p + 7] | s[p + 8] | s[p + 9] | s[p + 10] | s[p + 11] | s[p + 12] | s[p + 13] | s[p + 14] | s[p + 15]) < 0x80 ? fromCharCode(s[p], s[p + 1], s[p + 2], s[p + 3], s[p + 4], s[p + 5], s[p + 6], s[p + 7], s[p + 8], s[p + 9], s[p + 10], s[p + 11], s[p + 12], s[p + 13], s[p + 14], s[p + 15]) : undefined;
    default: return undefined;
  }
}
