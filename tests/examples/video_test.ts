/**
 * examples/video.ts under the test driver: ffmpeg encodes a test pattern, the
 * app streams it into a canvas; the driver's display decodes no video, so
 * the app sends it posters only (stills, a few a second), which the screen
 * shows in half blocks, and the status says so; in a pipe it prints its text and starts no ffmpeg.
 * (Decoding in a browser: tests/web/media_examples_test.ts.)
 */
import { assert, assertEquals, assertNotEquals } from "../_util/assert.ts";
import { ensurePackage, FFMPEG } from "../_util/system_packages.ts";
import { openApp } from "../../src/testing/mod.ts";
import video from "../../examples/video.ts";
import { pipeText } from "./_examples.ts";

const STILLS = "stills only: this viewer does not decode video";

Deno.test("video: the test pattern's poster at 80x24 in half blocks", async () => {
  await ensurePackage(FFMPEG);
  await using app = await openApp(video);
  // Until a poster arrives the canvas shows its alt text.
  await app.waitFor("video: test pattern");
  const screen = await app.waitUntil(
    () => app.model.canvases.get(10)?.poster && app.screen(),
    { timeout: 30_000, what: "the first poster" },
  );
  // Every cell of the canvas is a half block (the picture's colors vary with time).
  await app.assertScreen("video", { screen });
  assertEquals([screen.lines[2].trim(), screen.lines[21]], ["▀".repeat(64), ` ${STILLS}`]);
  const colors = new Set<string>();
  for (let x = 1; x < 65; x += 4) colors.add(String(screen.cell(x, 6).bg));
  assert(colors.size > 3, `the pattern's colors: ${[...colors].join(" ")}`);
  // A viewer that decodes no video is sent posters only, never the chunks.
  const drawing = app.model.canvases.get(10)!;
  assertEquals([drawing.mode, drawing.stream?.chunks.length], ["stream", 0]);
  assertNotEquals(drawing.poster, undefined);
  assertEquals(app.projection(), `test pattern\nvideo: test pattern\n${STILLS}`);
});

Deno.test("video: in a pipe, its text (and no ffmpeg)", async () => {
  assertEquals(await pipeText("video"), "test pattern\nvideo: test pattern\n");
});
