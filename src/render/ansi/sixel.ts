/**
 * RGBA pixels to a sixel image (DEC graphics, as xterm, foot, WezTerm,
 * mlterm and others show it): a fixed 6 x 6 x 6 color cube plus a gray ramp
 * (no per-image palette search, so output is stable for golden files),
 * transparent pixels left undrawn, runs compressed with `!`.
 *
 * @module
 */

const LEVELS = [0, 51, 102, 153, 204, 255];

function paletteIndex(r: number, g: number, b: number): number {
  // Near-grays take the 24-step ramp: the cube has only six grays.
  const max = Math.max(r, g, b), min = Math.min(r, g, b);
  if (max - min < 12) return 216 + Math.min(23, Math.round(((r + g + b) / 3) * 23 / 255));
  const q = (v: number) => Math.round(v / 51);
  return q(r) * 36 + q(g) * 6 + q(b);
}

function paletteRgb(i: number): [number, number, number] {
  if (i >= 216) {
    const v = Math.round(((i - 216) * 255) / 23);
    return [v, v, v];
  }
  return [LEVELS[Math.floor(i / 36)], LEVELS[Math.floor(i / 6) % 6], LEVELS[i % 6]];
}

/**
 * Encodes `width` x `height` RGBA pixels as a sixel DCS string.
 *
 * @example
 * ```ts
 * import { encodeSixel } from "./sixel.ts";
 * const red = new Uint8Array([255, 0, 0, 255, 255, 0, 0, 255]);
 * const s = encodeSixel(red, 2, 1);
 * if (!s.startsWith("\x1bP0;1;0q\"1;1;2;1") || !s.endsWith("\x1b\\")) throw new Error(JSON.stringify(s));
 * ```
 */
export function encodeSixel(rgba: Uint8Array, width: number, height: number): string {
  const idx = new Int16Array(width * height).fill(-1);
  const used = new Set<number>();
  for (let i = 0; i < width * height; i++) {
    const o = i * 4;
    if (rgba[o + 3] < 128) continue;
    const p = paletteIndex(rgba[o], rgba[o + 1], rgba[o + 2]);
    idx[i] = p;
    used.add(p);
  }
  const parts: string[] = [`\x1bP0;1;0q"1;1;${width};${height}`];
  for (const p of [...used].sort((a, b) => a - b)) {
    const [r, g, b] = paletteRgb(p);
    const pc = (v: number) => Math.round((v * 100) / 255);
    parts.push(`#${p};2;${pc(r)};${pc(g)};${pc(b)}`);
  }
  const bits = new Map<number, Uint8Array>();
  for (let band = 0; band < height; band += 6) {
    bits.clear();
    for (let dy = 0; dy < 6 && band + dy < height; dy++) {
      const row = (band + dy) * width;
      for (let x = 0; x < width; x++) {
        const p = idx[row + x];
        if (p < 0) continue;
        let line = bits.get(p);
        if (!line) bits.set(p, line = new Uint8Array(width));
        line[x] |= 1 << dy;
      }
    }
    const colors = [...bits.keys()].sort((a, b) => a - b);
    colors.forEach((p, k) => {
      const line = bits.get(p)!;
      let s = `#${p}`;
      // Trailing empty columns need not be sent.
      let end = width;
      while (end > 0 && line[end - 1] === 0) end--;
      for (let x = 0; x < end;) {
        const v = line[x];
        let run = 1;
        while (x + run < end && line[x + run] === v) run++;
        const ch = String.fromCharCode(63 + v);
        s += run >= 4 ? `!${run}${ch}` : ch.repeat(run);
        x += run;
      }
      parts.push(s + (k < colors.length - 1 ? "$" : ""));
    });
    if (band + 6 < height) parts.push("-");
  }
  parts.push("\x1b\\");
  return parts.join("");
}
