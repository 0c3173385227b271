import { assertEquals } from "../../../tests/_util/assert.ts";
import { TextLayout } from "./text_layout.ts";

function wrap(
  text: string,
  width: number,
  mode: ConstructorParameters<typeof TextLayout>[1] = "wrap",
) {
  const t = new TextLayout([{ text, pen: 0 }], mode);
  return t.lines(width).map((l) => t.lineText(l));
}

Deno.test("wraps at spaces, breaks long words, keeps hard lines", () => {
  assertEquals(wrap("the quick brown fox", 10), ["the quick", "brown fox"]);
  assertEquals(wrap("abcdefghij", 4), ["abcd", "efgh", "ij"]);
  assertEquals(wrap("a\nb c", 10), ["a", "b c"]);
  assertEquals(wrap("", 5), [""]);
  assertEquals(wrap("  indented text", 9), ["  indente", "d text"]);
});

Deno.test("wraps wide characters by display width", () => {
  assertEquals(wrap("日本語のテキスト", 6), ["日本語", "のテキ", "スト"]);
  // A wide character never straddles the edge.
  assertEquals(wrap("ab日本", 3), ["ab", "日", "本"]);
});

Deno.test("truncates with an ellipsis at the end, start or middle", () => {
  assertEquals(wrap("hello world", 8, "truncate"), ["hello w…"]);
  assertEquals(wrap("hello world", 7, "truncate"), ["hello…"]);
  assertEquals(wrap("hello world", 8, "truncate_start"), ["…o world"]);
  assertEquals(wrap("hello world", 8, "truncate_middle"), ["hell…rld"]);
  assertEquals(wrap("日本語テキスト", 6, "truncate"), ["日本…"]);
  assertEquals(wrap("short", 8, "truncate"), ["short"]);
});

Deno.test("control characters never reach the cells", () => {
  assertEquals(wrap("a\x1b[2Jb\x07c", 20), ["a[2Jbc"]);
  assertEquals(wrap("x\ty", 20), ["x   y"]);
});

Deno.test("min-content is the longest word", () => {
  const t = new TextLayout([{ text: "a bbbb cc", pen: 0 }]);
  assertEquals([t.minContentWidth, t.maxWidth], [4, 9]);
});

Deno.test("a simple text lays out exactly as the same text split into clusters", () => {
  // One run of single-cell units takes the string path; two runs take the
  // per-cluster path. Lines, their text and their cells must agree.
  const texts = ["", "a", "hello world", "  two  spaces  ", "› photo-12.jpg", "abc def ghi jkl"];
  const modes = ["wrap", "truncate", "truncate_start", "truncate_middle", "clip"] as const;
  for (const text of texts) {
    for (const mode of modes) {
      const simple = new TextLayout([{ text, pen: 3 }], mode);
      const split = new TextLayout([
        { text: text.slice(0, 2), pen: 3 },
        { text: text.slice(2), pen: 3 },
      ], mode);
      assertEquals(simple.simple, text);
      assertEquals(split.simple, null);
      assertEquals(
        [simple.maxWidth, simple.minContentWidth, simple.hardLines],
        [split.maxWidth, split.minContentWidth, split.hardLines],
      );
      for (const width of [0, 1, 2, 3, 4, 5, 8, 13, 40, Infinity]) {
        const a = simple.lines(width), b = split.lines(width);
        assertEquals(a, b, `${JSON.stringify(text)} ${mode} ${width}`);
        for (let i = 0; i < a.length; i++) {
          assertEquals(simple.lineText(a[i]), split.lineText(b[i]));
          const cells = (t: TextLayout, l: typeof a[0]) => {
            const out: [string, number, number][] = [];
            t.forEachCell(l, (g, w, p) => out.push([g, w, p]));
            return out;
          };
          assertEquals(cells(simple, a[i]), cells(split, b[i]));
        }
      }
      // The per-cluster arrays are still there when asked for.
      assertEquals([simple.g, simple.w, simple.p], [split.g, split.w, split.p]);
    }
  }
});
