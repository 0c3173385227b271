import { assertEquals } from "../../../tests/_util/assert.ts";
import { segment, textWidth } from "./width.ts";

Deno.test("segment: bars, boxes, Braille and ellipses are one cell per character", () => {
  const g: string[] = [], w: number[] = [];
  const s = "cpu █████░░░ ─│╭ ⠿⣿ … •";
  segment(s, g, w);
  assertEquals(g.join(""), s);
  assertEquals(w, Array.from(s, () => 1));
  assertEquals(textWidth(s), s.length);
});

Deno.test("segment: a combining mark after a fast-path symbol still joins it", () => {
  const g: string[] = [], w: number[] = [];
  segment("█\u0301x", g, w);
  assertEquals(g, ["█\u0301", "x"]);
  assertEquals(w, [1, 1]);
  assertEquals(textWidth("日█"), 3);
});
