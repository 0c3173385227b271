/**
 * Incremental frames are exact: after random patches, the screen built from
 * the diffs equals a fresh full render of the same model.
 */
import { assertEquals } from "../_util/assert.ts";
import type { Patch } from "../../src/protocol/messages/types.ts";
import { Renderer } from "../../src/render/ansi/renderer.ts";
import { modelOf, spec } from "./_util.ts";
import { Screen } from "./_xterm.ts";
import { rng } from "../_util/rng.ts";

const WORDS = [
  "alpha",
  "beta",
  "日本語",
  "x",
  "😀",
  "wide 全角 text",
  "",
  "a b c d e f",
  "é̃ combining",
];
const COLORS = ["red", "#00ff00", "#123456", "accent", "blue", undefined];

function snapshot(s: Screen, w: number, h: number): string[] {
  const out: string[] = [];
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const c = s.cell(x, y);
      out.push(
        `${x},${y}:${c.char || " "}|${c.fg}|${c.bg}|${+c.bold}${+c.dim}${+c.italic}${+c
          .underline}${+c.inverse}${+c.strike}`,
      );
    }
  }
  return out;
}

Deno.test("random patches: incremental screen equals a fresh render", async () => {
  for (let seed = 1; seed <= 20; seed++) {
    const r = rng(seed);
    const pick = <T>(xs: T[]): T => xs[Math.floor(r() * xs.length)];
    let nextId = 100;
    const model = modelOf({
      id: 1,
      type: "box",
      dir: "column",
      children: [
        {
          id: 2,
          type: "box",
          dir: "row",
          gap: 1,
          children: [{ id: 3, type: "text", content: "hello" }],
        },
        { id: 4, type: "text", content: "world" },
      ],
    });
    const ids = [3, 4];
    const boxes = [1, 2];
    let w = 24, h = 8;
    const live = new Renderer({ model, width: w, height: h, colorDepth: "truecolor" });
    const screen = new Screen(w, h);
    await screen.write(live.frame());
    for (let step = 0; step < 25; step++) {
      const op = r();
      const patches: Patch[] = [];
      if (op < 0.35 && ids.length) {
        patches.push({ target: pick(ids), set: { content: pick(WORDS) + " " + pick(WORDS) } });
      } else if (op < 0.55 && ids.length) {
        patches.push({
          target: pick(ids),
          set: {
            color: pick(COLORS) ?? null,
            background: r() < 0.3 ? pick(COLORS) ?? null : null,
            bold: r() < 0.5,
          },
        });
      } else if (op < 0.75) {
        const id = nextId++;
        const parent = pick(boxes);
        const n = model.tree.get(parent)!.children.length;
        const node = r() < 0.3
          ? spec({
            id,
            type: "box",
            border: pick(["round", "single", false]),
            dir: pick(["row", "column"]),
            children: [],
          })
          : spec({ id, type: "text", content: pick(WORDS), wrap: pick([true, false]) });
        patches.push({
          target: parent,
          children_insert: { index: Math.floor(r() * (n + 1)), node },
        });
        (node.type === "box" ? boxes : ids).push(id);
      } else if (op < 0.88 && ids.length > 1) {
        const id = ids.splice(Math.floor(r() * ids.length), 1)[0];
        patches.push({ target: id, remove: true });
      } else if (op < 0.94) {
        const parent = model.tree.get(pick(boxes))!;
        if (parent.children.length > 1) {
          patches.push({
            target: parent.id,
            children_move: { from: 0, to: parent.children.length - 1 },
          });
        }
      } else {
        w = 10 + Math.floor(r() * 20);
        h = 4 + Math.floor(r() * 6);
        live.resize(w, h);
        screen.term.resize(w, h);
      }
      if (patches.length) model.apply({ type: "PATCH", patches });
      await screen.write(live.frame());
      const fresh = new Renderer({ model, width: w, height: h, colorDepth: "truecolor" });
      const ref = new Screen(w, h);
      await ref.write(fresh.frame());
      assertEquals(snapshot(screen, w, h), snapshot(ref, w, h), `seed ${seed} step ${step}`);
      fresh.close();
      ref.dispose();
    }
    live.close();
    screen.dispose();
  }
});
