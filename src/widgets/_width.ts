/**
 * Display widths for widgets that line text up in columns: cells as a
 * terminal shows them (wide characters take two), from the renderer's own
 * measure so that both agree.
 *
 * @module
 */
import { segment, textWidth } from "../render/ansi/width.ts";

export { textWidth };

/**
 * `s` in exactly `width` cells: padded with spaces (on the left when
 * `right`), or cut with `…`.
 *
 * @example
 * ```ts
 * import { fit } from "./_width.ts";
 * if (fit("abc", 5, true) !== "  abc" || fit("abcdef", 4, false) !== "abc…") throw new Error();
 * ```
 */
export function fit(s: string, width: number, right: boolean): string {
  const w = textWidth(s);
  if (w <= width) {
    const pad = " ".repeat(width - w);
    return right ? pad + s : s + pad;
  }
  if (width <= 0) return "";
  const g: string[] = [], gw: number[] = [];
  segment(s, g, gw);
  let out = "", used = 0;
  for (let i = 0; i < g.length && used + gw[i] <= width - 1; i++) {
    out += g[i];
    used += gw[i];
  }
  return out + "…" + " ".repeat(Math.max(0, width - 1 - used));
}
