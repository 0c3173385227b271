/**
 * Pixel graphics in terminals: kitty and sixel byte sequences compared with
 * golden files (`UPDATE_GOLDEN=1` rewrites them after a deliberate change:
 * look at them in a kitty or sixel terminal first), the frames replayed
 * through xterm (which ignores both, so the cells around the pictures show),
 * and the terminal query that picks the protocol.
 */
import { assert, assertEquals } from "../_util/assert.ts";
import { encodePng } from "../../src/media/png.ts";
import { GraphicsProbe } from "../../src/render/ansi/graphics_probe.ts";
import { InputParser } from "../../src/render/ansi/input_parser.ts";
import { Renderer } from "../../src/render/ansi/renderer.ts";
import { TerminalDriver } from "../../src/render/ansi/terminal.ts";
import { SessionHost } from "../../viewer/shared/session_host.ts";
import { TerminalFrontEnd } from "../../viewer/terminal/terminal_front_end.ts";
import { FakeApp, until } from "../viewer/_harness.ts";
import type { ViewportModel } from "../../src/model/viewport_model.ts";
import { modelOf, spec } from "./_util.ts";
import { Screen } from "./_xterm.ts";

const GOLDEN = new URL("./fixtures/graphics/", import.meta.url);
const decoder = new TextDecoder();

/** A 4 x 4 PNG: quadrants red, green, blue, white. */
function quadrants(): Uint8Array {
  const px = new Uint8Array(64);
  const colors = [[255, 0, 0], [0, 255, 0], [0, 0, 255], [255, 255, 255]];
  for (let i = 0; i < 16; i++) {
    const x = i % 4, y = i >> 2;
    px.set([...colors[(y < 2 ? 0 : 2) + (x < 2 ? 0 : 1)], 255], i * 4);
  }
  return encodePng(px, 4, 4);
}

function scene(): ViewportModel {
  const model = modelOf({
    id: 1,
    type: "box",
    dir: "column",
    children: [
      { id: 2, type: "text", content: "pictures" },
      {
        id: 3,
        type: "image",
        data: quadrants(),
        format: "png",
        alt: "quadrants",
        cols: 4,
        rows: 2,
      },
      { id: 4, type: "canvas", width: 40, height: 20, cols: 5, rows: 2, alt: "chart" },
    ],
  });
  model.apply({
    type: "CANVAS",
    target: 4,
    mode: "vector2d",
    commands: [["set_fill", "#00ff00"], ["fill_rect", 0, 0, 20, 20], ["set_fill", "#ff0000"], [
      "fill_rect",
      20,
      0,
      20,
      20,
    ]],
  });
  return model;
}

/** The picture sequences of a frame: positioned APC (kitty) and DCS (sixel) strings. */
function pictures(frame: string): string {
  // deno-lint-ignore no-control-regex
  const re = /(\x1b\[\d+;\d+H)?(\x1b_G[^\x1b]*\x1b\\|\x1bP[^\x1b]*\x1b\\)/g;
  return [...frame.matchAll(re)].map((m) => m[0]).join("");
}

async function golden(name: string, actual: string): Promise<void> {
  const url = new URL(name, GOLDEN);
  if (Deno.env.get("UPDATE_GOLDEN")) {
    await Deno.mkdir(GOLDEN, { recursive: true });
    await Deno.writeTextFile(url, actual);
  }
  const want = await Deno.readTextFile(url);
  assertEquals(JSON.stringify(actual), JSON.stringify(want), `golden ${name}`);
}

async function frame(r: Renderer, screen: Screen): Promise<string> {
  const bytes = r.frame();
  await screen.write(bytes);
  return bytes ? decoder.decode(bytes) : "";
}

Deno.test("kitty: transmit once, place below the text, move, delete (golden files)", async () => {
  const model = scene();
  const r = new Renderer({
    model,
    width: 12,
    height: 6,
    colorDepth: "truecolor",
    graphics: "kitty",
    cellPixels: { width: 8, height: 16 },
  });
  const screen = new Screen(12, 6);
  const first = await frame(r, screen);
  await golden("kitty_first.txt", pictures(first));
  // The PNG goes as it is; the canvas as zlib-compressed RGBA at 8 x 16 pixels per cell.
  assert(first.includes("a=t,q=2,i=1,f=100"), "the PNG transmitted as PNG");
  assert(/a=t,q=2,i=2,f=32,s=40,v=32,o=z/.test(first), "the canvas as 40 x 32 RGBA");
  assert(first.includes("a=p,q=2,i=1,p=3,c=4,r=2,C=1,z=-1"), "image placed on its 4 x 2 cells");
  // The cells under the pictures are blank; the text around them shows.
  assertEquals(screen.lines().slice(0, 1), ["pictures"]);
  assertEquals(screen.lines()[1].trim(), "");
  // Nothing changed: nothing is sent.
  assertEquals(r.frame(), null);
  // The image moves down a row: placed again, not transmitted again.
  model.apply({
    type: "PATCH",
    patches: [{
      target: 1,
      children_insert: { index: 1, node: spec({ id: 5, type: "text", content: "moved" }) },
    }],
  });
  const moved = await frame(r, screen);
  await golden("kitty_move.txt", pictures(moved));
  assert(!moved.includes("a=t"), "no picture transmitted again");
  assert(moved.includes("\x1b[3;1H\x1b_Ga=p,q=2,i=1,p=3"), "placed at its new row");
  // Removed: its placement is deleted.
  model.apply({ type: "PATCH", patches: [{ target: 3, remove: true }] });
  const removed = await frame(r, screen);
  await golden("kitty_remove.txt", pictures(removed));
  assert(removed.includes("a=d,d=i,q=2,i=1,p=3"), "the placement deleted");
  // Leaving frees the pictures.
  assert(r.release().includes("a=d,d=I,q=2,i=2"), "images freed on release");
  r.close();
  screen.dispose();
});

Deno.test("kitty: a partly visible picture is cropped to what shows", () => {
  const model = modelOf({
    id: 1,
    type: "scroll",
    height: 2,
    children: [{ id: 3, type: "image", data: quadrants(), format: "png", cols: 4, rows: 4 }],
  });
  const r = new Renderer({
    model,
    width: 10,
    height: 2,
    colorDepth: "truecolor",
    graphics: "kitty",
  });
  const out = decoder.decode(r.frame()!);
  // Two of four rows show: the top half of the 4 x 4 image.
  assert(/a=p,q=2,i=1,p=3,c=4,r=2,C=1,z=-1,x=0,y=0,w=4,h=2/.test(out), pictures(out));
  r.close();
});

Deno.test("sixel: pictures as sixel images, redrawn when moved; old cells rewritten (golden files)", async () => {
  const model = scene();
  const r = new Renderer({
    model,
    width: 12,
    height: 6,
    colorDepth: "truecolor",
    graphics: "sixel",
    cellPixels: { width: 4, height: 6 },
  });
  const screen = new Screen(12, 6);
  const first = await frame(r, screen);
  await golden("sixel_first.txt", pictures(first));
  // 4 x 2 cells of 4 x 6 pixels: a 16 x 12 sixel image with the four colors of the PNG.
  assert(first.includes('\x1bP0;1;0q"1;1;16;12'), "image sixel of 16 x 12");
  // The cursor stays beside a picture, so one on the bottom row does not scroll the screen.
  assert(first.includes("\x1b[?8452h"), "sixel cursor mode on");
  for (const c of ["#5;2;0;0;100", "#30;2;0;100;0", "#180;2;100;0;0", "#239;2;100;100;100"]) {
    assert(first.includes(c), `palette entry ${c}`);
  }
  assertEquals(r.frame(), null);
  model.apply({
    type: "PATCH",
    patches: [{
      target: 1,
      children_insert: { index: 1, node: spec({ id: 5, type: "text", content: "moved" }) },
    }],
  });
  const moved = await frame(r, screen);
  await golden("sixel_move.txt", pictures(moved));
  assert(moved.includes('\x1b[3;1H\x1bP0;1;0q"1;1;16;12'), "drawn again at its new row");
  assertEquals(screen.lines()[1], "moved", "the text took the picture's old row");
  assert(r.release().endsWith("\x1b[?8452l"), "and off again on leaving");
  r.close();
  screen.dispose();
});

Deno.test("sixel: a canvas that draws text keeps to cells (sixel would cover the text)", () => {
  const model = modelOf({ id: 4, type: "canvas", width: 40, height: 20, cols: 5, rows: 2 });
  model.apply({
    type: "CANVAS",
    target: 4,
    mode: "vector2d",
    commands: [["set_fill", "#0000ff"], ["fill_rect", 0, 0, 40, 20], ["set_fill", "#ffffff"], [
      "fill_text",
      "Hi",
      0,
      10,
    ]],
  });
  const r = new Renderer({
    model,
    width: 5,
    height: 2,
    colorDepth: "truecolor",
    graphics: "sixel",
  });
  const out = decoder.decode(r.frame()!);
  assert(!out.includes("\x1bP"), "no sixel");
  assert(out.includes("Hi"), "the text as cells");
  r.close();
});

Deno.test("graphics query: kitty, sixel and cell size from the replies; a timeout means cells", async () => {
  const p = new GraphicsProbe();
  assertEquals(p.feed("\x1b[6;18;9t"), null);
  assertEquals(p.feed("\x1b[?64;1;4c"), {
    kitty: false,
    sixel: true,
    cell: { width: 9, height: 18 },
  });
  // The driver asks before the device attributes and reports what came back.
  for (const reply of ["\x1b_Gi=31;OK\x1b\\\x1b[?62;22c", null]) {
    const written: string[] = [];
    let feed!: ReadableStreamDefaultController<Uint8Array>;
    const got: unknown[] = [];
    const term = new TerminalDriver({
      stdin: {
        readable: new ReadableStream({ start: (c) => void (feed = c) }),
        isTerminal: () => true,
      },
      stdout: { writeSync: (b) => (written.push(decoder.decode(b)), b.length) },
      signals: false,
      size: () => ({ columns: 80, rows: 24 }),
      onGraphics: (r) => got.push(r),
    });
    term.start();
    assert(written.join("").includes("\x1b_Gi=31,s=1,v=1,a=q,t=d,f=24;AAAA\x1b\\\x1b[16t\x1b[c"));
    if (reply) feed.enqueue(new TextEncoder().encode(reply));
    const end = Date.now() + 10_000;
    while (got.length === 0 && Date.now() < end) await new Promise((r) => setTimeout(r, 10));
    assertEquals(got, [reply ? { kitty: true, sixel: false } : null]);
    feed.close();
    await term.restore();
  }
});

Deno.test("the terminal's graphics replies never become keys: the driver takes them out", async () => {
  // Replies split anywhere, keys typed in between, the last answer (device
  // attributes) after the wait for graphics ran out: only the keys get through.
  for (const late of [false, true]) {
    let feed!: ReadableStreamDefaultController<Uint8Array>;
    const got: unknown[] = [];
    const keys: string[] = [];
    const term = new TerminalDriver({
      stdin: {
        readable: new ReadableStream({ start: (c) => void (feed = c) }),
        isTerminal: () => true,
      },
      stdout: { writeSync: (b) => b.length },
      signals: false,
      size: () => ({ columns: 80, rows: 24 }),
      onGraphics: (r) => got.push(r),
    });
    const parser = new InputParser();
    term.onInput((b) => {
      for (const e of parser.push(decoder.decode(b))) if (e.type === "key") keys.push(e.key);
    });
    term.start();
    const send = (s: string) => feed.enqueue(new TextEncoder().encode(s));
    const settle = () => new Promise((r) => setTimeout(r, 20));
    send("a\x1b_Gi=31;O");
    await settle();
    send("K\x1b\\b\x1b[6;20;");
    await settle();
    send("10t\x1b[6;5~");
    if (late) {
      const end = Date.now() + 10_000;
      while (got.length === 0 && Date.now() < end) await settle();
    }
    send("\x1b[?62;4;22c");
    send("c");
    const end = Date.now() + 10_000;
    while ((keys.length < 4 || got.length === 0) && Date.now() < end) await settle();
    assertEquals(keys, ["a", "b", "ctrl+pagedown", "c"]);
    assertEquals(got, [
      late ? null : { kitty: true, sixel: true, cell: { width: 10, height: 20 } },
    ]);
    feed.close();
    await term.restore();
  }
});

Deno.test("terminal viewer: pictures with --graphics kitty; a session sent to the back takes them down", async () => {
  let out = "";
  let keys!: ReadableStreamDefaultController<Uint8Array>;
  const fe = new TerminalFrontEnd({
    stdin: { readable: new ReadableStream({ start: (c) => void (keys = c) }) },
    stdout: { writeSync: (b) => (out += decoder.decode(b), b.length) },
    env: { TERM: "xterm-kitty" },
    size: () => ({ columns: 30, rows: 8 }),
    signals: false,
    graphics: "kitty",
  });
  const host = new SessionHost({ display: fe.display });
  fe.attach(host);
  const a = new FakeApp(host);
  await a.send({ type: "REGION", action: "attach", session: "pics" });
  await a.send({
    type: "TREE",
    root: spec({
      id: 1,
      type: "box",
      children: [{ id: 3, type: "image", data: quadrants(), format: "png" }],
    }),
  });
  await until(() => out.includes("a=p,q=2,i=1,p=3"), "the picture placed");
  // Placed in the session's region: below the tab bar, so on the screen's second row.
  assert(out.includes("\x1b[2;1H\x1b_Ga=t,q=2,i=1,f=100"), pictures(out));
  const b = new FakeApp(host);
  await b.send({ type: "REGION", action: "attach", session: "text" });
  await b.send({ type: "TREE", root: spec({ id: 1, type: "text", content: "words" }) });
  await until(() => host.sessions.length === 2, "two sessions");
  const before = out.length;
  // The new session does not take the focus: switch to it (Ctrl-] n).
  keys.enqueue(new TextEncoder().encode("\x1dn"));
  await until(() => out.slice(before).includes("a=d,d=I,q=2,i=1"), "the picture freed");
  await fe.close();
  await a.close();
  await b.close();
  await host.close();
});
