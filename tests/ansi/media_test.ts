/**
 * Media in terminals without pixel graphics, replayed through xterm: image
 * nodes and stream posters in half blocks, vector2d ops in cells (image
 * blits, curves, transforms, clip, text), and sounds: BEL for `bell`, the
 * notification sequence (OSC 9 / 777) for `notification`, in the embedded
 * renderer and the terminal viewer, and ERROR `unsupported` for streams.
 */
import { assert, assertEquals, assertMatch } from "../_util/assert.ts";
import { encodePng } from "../../src/media/png.ts";
import { connect } from "../../src/sdk/connect.ts";
import { canvas } from "../../src/sdk/components.ts";
import { Vector2d } from "../../src/sdk/canvas.ts";
import { SessionHost } from "../../viewer/shared/session_host.ts";
import { TerminalFrontEnd } from "../../viewer/terminal/terminal_front_end.ts";
import { FakeApp, until } from "../viewer/_harness.ts";
import { modelOf, setup } from "./_util.ts";
import { Screen } from "./_xterm.ts";

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

Deno.test("image node: PNG bytes as half blocks (two pixels per cell)", async () => {
  const t = await setup(
    modelOf({
      id: 1,
      type: "box",
      align: "start",
      children: [{ id: 2, type: "image", data: quadrants(), format: "png", alt: "q" }],
    }),
    6,
    3,
  );
  // 4 x 4 pixels: 4 columns, 2 rows of half blocks.
  const at = (x: number, y: number) => {
    const c = t.screen.cell(x, y);
    return [c.char, c.fg, c.bg];
  };
  assertEquals(at(0, 0), ["▀", "#ff0000", "#ff0000"]);
  assertEquals(at(3, 0), ["▀", "#00ff00", "#00ff00"]);
  assertEquals(at(0, 1), ["▀", "#0000ff", "#0000ff"]);
  assertEquals(at(3, 1), ["▀", "#ffffff", "#ffffff"]);
  t.dispose();
});

Deno.test("image node: a format terminals cannot decode shows its alt text", async () => {
  const t = await setup(
    modelOf({
      id: 1,
      type: "image",
      data: new Uint8Array([0xff, 0xd8, 0xff]),
      format: "jpeg",
      alt: "a photo",
    }),
    12,
    3,
  );
  assertMatch(t.screen.text(), /a photo/);
  t.dispose();
});

Deno.test("canvas: an image blit, a curve, a rotated square, a clip and text in cells", async () => {
  const model = modelOf({ id: 1, type: "canvas", width: 40, height: 16, cols: 20, rows: 4 });
  const d = new Vector2d()
    .drawImage({ format: "png", data: quadrants() }, 0, 0, 8, 16)
    .strokeStyle("#ffff00").beginPath().moveTo(12, 14).quadraticCurveTo(20, -6, 28, 14).stroke()
    .save().beginPath().rect(30, 0, 10, 8).clip()
    .translate(35, 4).rotate(Math.PI / 4).fillStyle("#ff00ff").fillRect(-6, -6, 12, 12).restore()
    .fillStyle("#00ffff").textAlign("right").fillText("ok", 40, 16);
  model.apply({ type: "CANVAS", target: 1, mode: "vector2d", commands: d.commands });
  const t = await setup(model, 20, 4);
  // The blit: its quadrants fill whole cells (8 x 16 units = 4 x 4 cells).
  assertEquals([t.screen.cell(0, 0).bg, t.screen.cell(3, 0).bg], ["#ff0000", "#00ff00"]);
  assertEquals([t.screen.cell(0, 3).bg, t.screen.cell(3, 3).bg], ["#0000ff", "#ffffff"]);
  // The curve: thin lines are Braille dots in the stroke color.
  const braille = [];
  for (let y = 0; y < 4; y++) {
    for (let x = 6; x < 14; x++) {
      const c = t.screen.cell(x, y);
      if (c.char >= "\u2801" && c.char <= "\u28ff") braille.push(c.fg);
    }
  }
  assert(braille.length >= 4 && braille.every((c) => c === "#ffff00"), `curve cells: ${braille}`);
  // The rotated square is cut by its clip (x 30-40, y 0-8: cells 15-19, rows 0-1).
  let magenta = 0;
  for (let y = 0; y < 4; y++) {
    for (let x = 0; x < 20; x++) {
      const c = t.screen.cell(x, y);
      if (c.fg === "#ff00ff" || c.bg === "#ff00ff") {
        magenta++;
        assert(x >= 15 && y <= 1, `magenta outside the clip at ${x},${y}`);
      }
    }
  }
  assert(magenta > 0, "the clipped square shows");
  // Right-aligned text ends at the canvas's right edge, on the last row.
  assertEquals(t.screen.lines()[3].slice(-2), "ok");
  assertEquals(t.screen.cell(19, 3).fg, "#00ffff");
  t.dispose();
});

Deno.test("canvas: a stream shows its poster as half blocks; a terminal never decodes video", async () => {
  const model = modelOf({
    id: 1,
    type: "canvas",
    width: 64,
    height: 48,
    cols: 4,
    rows: 2,
    alt: "camera",
  });
  model.apply({
    type: "CANVAS",
    target: 1,
    mode: "stream",
    commands: [
      ["config", { codec: "avc1.42e01e" }],
      ["poster", { format: "png", data: quadrants() }],
    ],
  });
  const t = await setup(model, 4, 2);
  assertEquals([t.screen.cell(0, 0).char, t.screen.cell(0, 0).fg], ["▀", "#ff0000"]);
  assertEquals(t.screen.cell(3, 1).fg, "#ffffff");
  t.dispose();
});

/** An SDK app in ANSI mode drawing into a fake terminal that xterm replays. */
async function ansiApp(env: Record<string, string>) {
  let out = "";
  const conn = await connect({
    env: { TERM: "xterm-256color", ...env },
    isTerminal: true,
    stdout: {
      write: (b: Uint8Array) => Promise.resolve(b.length),
      writeSync: (b: Uint8Array) => (out += new TextDecoder().decode(b), b.length),
    },
    size: { columns: 30, rows: 5 },
    signals: false,
  });
  return { conn, output: () => out };
}

Deno.test("embedded renderer: bell rings BEL, a notification uses OSC 777, a stream is unsupported", async () => {
  const { conn, output } = await ansiApp({ VIEWPORT_NOTIFY: "osc777" });
  const errors: string[] = [];
  conn.on("error", (e) => errors.push("code" in e ? `${e.code}: ${e.message}` : String(e)));
  conn.setTree(canvas({ id: 1, alt: "x" }));
  conn.title("builder");
  conn.audio.play("bell");
  conn.audio.play("notification", { text: "build done" });
  conn.audio.stream().write(new Uint8Array([0xf8, 0xff, 0xfe]));
  await conn.flush();
  const screen = new Screen(30, 5);
  let bells = 0;
  const notes: string[] = [];
  screen.term.onBell(() => bells++);
  screen.term.parser.registerOscHandler(777, (data) => (notes.push(data), true));
  await screen.write(output());
  assertEquals(bells, 1);
  assertEquals(notes, ["notify;builder;build done"]);
  assertEquals(errors.length, 1);
  assertMatch(errors[0], /^unsupported: AUDIO stream of "opus" is not supported/);
  // The ENV of a terminal: cells, no GPU, no video decoding, local.
  const env = conn.env;
  assertEquals(
    [env.display_unit, env.gpu, env.video_decode, env.pixel_density, env.remote, env.latency_ms],
    ["cell", false, [], 1, false, 0],
  );
  assert(env.features?.includes("audio"), `${env.features}`);
  await conn.close();
  screen.dispose();
});

Deno.test("terminal viewer: BEL for bell, OSC 9 with the session's title, ERROR unsupported for a stream", async () => {
  let out = "";
  const fe = new TerminalFrontEnd({
    stdin: { readable: new ReadableStream() },
    stdout: { writeSync: (b) => (out += new TextDecoder().decode(b), b.length) },
    env: { TERM: "xterm-256color", TERM_PROGRAM: "WezTerm" },
    size: () => ({ columns: 40, rows: 8 }),
    signals: false,
  });
  const host = new SessionHost({ display: fe.display });
  fe.attach(host);
  const app = new FakeApp(host);
  await app.send({ type: "REGION", action: "attach", session: "s1" });
  await app.send({ type: "REGION", action: "title", title: "tests" });
  await app.send({ type: "AUDIO", action: "play", builtin: "bell" });
  await app.send({ type: "AUDIO", action: "play", builtin: "notification", text: "all passed" });
  await app.send({ type: "AUDIO", action: "stream", format: "opus", data: new Uint8Array([1]) });
  await app.send({ type: "AUDIO", action: "play", builtin: "fanfare" });
  await until(() => app.of("ERROR").length === 2, "two ERRORs");
  assertEquals(app.of("ERROR").map((e) => e.code), ["unsupported", "unsupported"]);
  assertMatch(
    app.of("ERROR")[1].message,
    /play "fanfare" is not supported: it plays bell, notification/,
  );
  const screen = new Screen(40, 8);
  let bells = 0;
  const notes: string[] = [];
  screen.term.onBell(() => bells++);
  screen.term.parser.registerOscHandler(9, (data) => (notes.push(data), true));
  await until(() => out.includes("\x1b]9;"), "the notification");
  await screen.write(out);
  assertEquals([bells, notes], [1, ["tests: all passed"]]);
  // Its ENV: cells, audio, images, no GPU, no video decoding.
  const env = app.of("ENV")[0];
  assertEquals([env.gpu, env.video_decode, env.pixel_density, env.remote], [false, [], 1, false]);
  assert(env.features?.includes("audio") && env.features.includes("images"), `${env.features}`);
  await fe.close();
  await app.close();
  await host.close();
  screen.dispose();
});
