/**
 * A node update that leaves its layout as it was (a text whose new content
 * measures the same, a box that changed colors, a scroll node that scrolled)
 * keeps the cached layouts of the node and its ancestors; one of props the
 * renderer does not read (`text_alt`) changes nothing. After random
 * patches of that kind and of the kind that do change sizes, every node's
 * place and size, and the screen, equal those of a renderer that lays out
 * again after every update.
 */
import { assertEquals } from "../_util/assert.ts";
import type { Patch } from "../../src/protocol/messages/types.ts";
import { Renderer } from "../../src/render/ansi/renderer.ts";
import type { RNode } from "../../src/render/ansi/scene.ts";
import { modelOf } from "./_util.ts";
import { Screen } from "./_xterm.ts";
import { rng } from "../_util/rng.ts";

const WORDS = [
  "photo-1.jpg",
  "photo-2.jpg",
  "photo-10.jpg",
  "a much longer item name here",
  "x",
  "日本語",
  "",
];
const COLORS = ["red", "#00ff00", "accent", undefined];

function rects(n: RNode | null, out: string[] = []): string[] {
  if (!n) return out;
  const f = n.flex;
  out.push(
    `${n.model.id}:${f.left},${f.top},${f.width}x${f.height} bar=${f.hasScrollbar} content=${f.contentHeight}`,
  );
  for (const c of n.children) rects(c, out);
  return out;
}

Deno.test("random updates: kept layouts equal a fresh layout", async () => {
  for (let seed = 1; seed <= 25; seed++) {
    const r = rng(seed);
    const pick = <T>(xs: T[]): T => xs[Math.floor(r() * xs.length)];
    const rows = [];
    for (let i = 0; i < 6; i++) {
      rows.push({
        id: 10 + i,
        type: "box",
        interactive: "clickable",
        dir: i % 2 ? "row" : "column",
        children: [{
          id: 20 + i,
          type: "text",
          content: pick(WORDS),
          wrap: pick(["truncate", false, true, undefined]),
        }],
      });
    }
    const model = modelOf({
      id: 1,
      type: "box",
      dir: "column",
      children: [
        {
          id: 2,
          type: "box",
          border: "rounded",
          align_self: pick(["start", undefined]),
          children: [{
            id: 3,
            type: "scroll",
            height: 4,
            virtual_height: pick([6, 40]),
            virtual_offset: 0,
            scroll_top: 0,
            children: rows,
          }],
        },
        { id: 4, type: "box", dir: "row", children: [{ id: 5, type: "text", content: "tail" }] },
      ],
    });
    const w = 16 + Math.floor(r() * 20), h = 12;
    const live = new Renderer({ model, width: w, height: h, colorDepth: "truecolor" });
    const slow = new Renderer({ model, width: w, height: h, colorDepth: "truecolor" });
    slow.scene.keepLayouts = false;
    const screen = new Screen(w, h), ref = new Screen(w, h);
    await screen.write(live.frame());
    await ref.write(slow.frame());
    for (let step = 0; step < 30; step++) {
      const op = r();
      const patches: Patch[] = [];
      const row = Math.floor(r() * 6);
      if (op < 0.45) {
        patches.push({ target: 20 + row, set: { content: pick(WORDS) } });
      } else if (op < 0.5) {
        patches.push({ target: 10 + row, set: { text_alt: r() < 0.8 ? pick(WORDS) : null } });
      } else if (op < 0.6) {
        patches.push({
          target: 10 + row,
          set: {
            background: pick(COLORS) ?? null,
            color: pick(COLORS) ?? null,
            selected: r() < 0.5,
          },
        });
      } else if (op < 0.72) {
        const top = Math.floor(r() * 5);
        patches.push({ target: 3, set: { scroll_top: top, virtual_offset: top } });
      } else if (op < 0.8) {
        patches.push({ target: 20 + row, set: { wrap: pick(["truncate", false, true]) } });
      } else if (op < 0.86) {
        patches.push({
          target: 10 + row,
          set: { width: r() < 0.5 ? 5 : null, padding: r() < 0.3 ? 1 : null },
        });
      } else if (op < 0.91) {
        patches.push({
          target: 3,
          set: { virtual_height: pick([6, 40]), height: pick([3, 4, 5]) },
        });
      } else if (op < 0.96) {
        patches.push({ target: 5, set: { content: pick(WORDS) + " " + pick(WORDS) } });
      } else {
        patches.push({
          target: 20 + row,
          set: { spans: [{ text: pick(WORDS), style: { bold: true } }, { text: pick(WORDS) }] },
        });
      }
      model.apply({ type: "PATCH", patches });
      await screen.write(live.frame());
      await ref.write(slow.frame());
      const at = `seed ${seed} step ${step} ${JSON.stringify(patches)}`;
      assertEquals(rects(live.scene.root), rects(slow.scene.root), at);
      assertEquals(screen.lines(), ref.lines(), at);
    }
    live.close();
    slow.close();
    screen.dispose();
    ref.dispose();
  }
});

Deno.test("a list row's next item, cut to the row, lays nothing out again", () => {
  const model = modelOf({
    id: 1,
    type: "scroll",
    height: 3,
    children: [{
      id: 2,
      type: "box",
      children: [{ id: 3, type: "text", content: "one", wrap: "truncate" }],
    }],
  });
  const live = new Renderer({ model, width: 20, height: 5, colorDepth: "truecolor" });
  live.frame();
  const row = live.scene.byId(2)!.flex;
  let visits = 0;
  const cached = row._cached.bind(row);
  row._cached = (...a) => {
    visits++;
    return cached(...a);
  };
  model.apply({ type: "PATCH", patches: [{ target: 3, set: { content: "two" } }] });
  model.apply({ type: "PATCH", patches: [{ target: 2, set: { background: "red" } }] });
  model.apply({ type: "PATCH", patches: [{ target: 1, set: { scroll_top: 0 } }] });
  live.frame();
  assertEquals(visits, 0);
  // A second line changes the row's height: laid out again.
  model.apply({ type: "PATCH", patches: [{ target: 3, set: { content: "a\nb" } }] });
  live.frame();
  assertEquals(row.height, 2);
  assertEquals(visits > 0, true);
  live.close();
});
