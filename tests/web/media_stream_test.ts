/// <reference lib="dom" />
/**
 * Remote stream video and audio in headless Chromium: a clip made by ffmpeg
 * in the test, streamed through the SDK's ffmpeg helper, decoded with
 * WebCodecs (frames counted, the last one compared by pixels with ffmpeg's
 * own decoding), the drop-to-key-frame backpressure, Opus decoded (sample
 * count), and a builtin sound played after a click (AudioContext state).
 */
import { assert, assertEquals } from "../_util/assert.ts";
import { ensurePackage, FFMPEG } from "../_util/system_packages.ts";
import { canvas, column, text } from "../../src/sdk/components.ts";
import { streamVideo } from "../../src/sdk/ffmpeg.ts";
import { OggOpusReader } from "../../src/sdk/ogg.ts";
import { IvfReader, VideoStream } from "../../src/sdk/video.ts";
import type { ErrorMessage } from "../../src/protocol/messages/types.ts";
import { screenshot } from "./_browser.ts";
import { launchGpuBrowser, startViewer, until } from "./_media.ts";

async function ffmpeg(bin: string, ...args: string[]): Promise<Uint8Array> {
  const out = await new Deno.Command(bin, {
    args: ["-hide_banner", "-loglevel", "error", "-nostdin", ...args],
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (!out.success) {
    throw new Error(`ffmpeg ${args.join(" ")}: ${new TextDecoder().decode(out.stderr)}`);
  }
  return out.stdout;
}

interface PageStats {
  decoded: number;
  dropped: number;
  posters: number;
}

Deno.test("browser media: video streamed from ffmpeg and decoded, audio decoded and played", async (t) => {
  const bin = await ensurePackage(FFMPEG);
  const dir = await Deno.makeTempDir({ prefix: "vp-media-" });
  const v = await startViewer("stream");
  const { conn } = v;
  const errors: ErrorMessage[] = [];
  conn.on("error", (e) => {
    if ("type" in e && e.type === "ERROR") errors.push(e);
  });
  conn.setTree(column({ id: 1, gap: 1 }, [
    text("video", { id: 2 }),
    canvas({ id: 30, width: 96, height: 64, alt: "a test pattern" }),
    canvas({ id: 31, width: 64, height: 48, alt: "a burst" }),
  ]));
  await conn.flush();
  const browser = await launchGpuBrowser();
  const page = await (await browser.newContext({ viewport: { width: 600, height: 400 } }))
    .newPage();
  const pageErrors: string[] = [];
  page.on("pageerror", (e) => pageErrors.push(String(e)));
  const stats = (id: number) =>
    page.evaluate((id) => {
      const vp = (globalThis as unknown as {
        viewport: {
          view: { renderer: { canvases: { view(id: number): { stats: unknown } | undefined } } };
        };
      }).viewport;
      return vp.view?.renderer.canvases.view(id)?.stats ?? null;
    }, id) as Promise<PageStats | null>;
  try {
    await page.goto(v.server.url);
    await until(() => conn.env.video_decode?.includes("h264") === true, "an ENV with h264");

    await t.step(
      "H.264 from ffmpeg: every frame decoded, the last compared by pixels",
      async () => {
        const clip = `${dir}/clip.mp4`;
        await ffmpeg(
          bin,
          "-f",
          "lavfi",
          "-i",
          "testsrc=size=96x64:rate=15:duration=1",
          "-c:v",
          "libx264",
          "-pix_fmt",
          "yuv420p",
          "-y",
          clip,
        );
        const feed = streamVideo(conn, 30, {
          input: ["-re", "-i", clip],
          fps: 15,
          posterEveryMs: 100_000,
        });
        await feed.done;
        assertEquals(feed.stats.sent, 15, "ffmpeg made 15 frames");
        await until(async () => (await stats(30))?.decoded === 15, "15 decoded frames", 60_000);
        assertEquals((await stats(30))?.dropped, 0);
        // ffmpeg's own picture of the last frame, scaled as the canvas shows it.
        const want = await ffmpeg(
          bin,
          "-i",
          clip,
          "-vf",
          "select=eq(n\\,14)",
          "-frames:v",
          "1",
          "-f",
          "rawvideo",
          "-pix_fmt",
          "rgba",
          "pipe:1",
        );
        // The canvas's own pixels (96 x 64 at this page's scale of 1).
        const got = new Uint8Array(
          await page.locator('[data-vp-id="30"]').evaluate((el) => {
            const c = el as HTMLCanvasElement;
            return [...c.getContext("2d")!.getImageData(0, 0, c.width, c.height).data];
          }),
        );
        assertEquals(got.length, 96 * 64 * 4);
        // Two lossy encodes apart (the helper encodes the clip again): compared
        // as the mean difference per channel, and per 8 x 8 block.
        let total = 0, worst = 0;
        for (let by = 0; by < 8; by++) {
          for (let bx = 0; bx < 12; bx++) {
            let block = 0;
            for (let y = 0; y < 8; y++) {
              for (let x = 0; x < 8; x++) {
                const i = ((by * 8 + y) * 96 + bx * 8 + x) * 4;
                for (let c = 0; c < 3; c++) block += Math.abs(want[i + c] - got[i + c]);
              }
            }
            total += block;
            worst = Math.max(worst, block / 192);
          }
        }
        const mean = total / (96 * 64 * 3);
        assert(
          mean < 10 && worst < 40,
          `the last frame differs from ffmpeg's: mean ${mean}, worst block ${worst}`,
        );
        await screenshot(page, "media-video");
      },
    );

    await t.step(
      "backpressure: a burst beyond the decoder's queue drops deltas up to the next key frame",
      async () => {
        const ivf = await ffmpeg(
          bin,
          "-f",
          "lavfi",
          "-i",
          "testsrc=size=64x48:rate=30:duration=2",
          "-c:v",
          "libvpx-vp9",
          "-deadline",
          "realtime",
          "-g",
          "30",
          "-f",
          "ivf",
          "pipe:1",
        );
        const reader = new IvfReader();
        const chunks = [...reader.push(ivf)];
        assertEquals([chunks.length, chunks.filter((c) => c.key).length], [60, 2]);
        const video = new VideoStream(conn, 31, { codec: reader.header!.codec });
        for (const c of chunks) video.chunk(c);
        video.flush(); // all 60 in one message: far more than the decoder takes at once
        // The canvas keeps what follows the last key frame: the first group of
        // pictures is skipped whole, and of the second the decoder takes what
        // its queue holds and the deltas after that are dropped.
        await until(
          async () => {
            const s = await stats(31);
            return s !== null && s.decoded + s.dropped === 30;
          },
          "the last 30 chunks decoded or dropped",
          60_000,
        );
        const s = (await stats(31))!;
        assert(
          s.dropped > 0 && s.decoded >= 1,
          `deltas past the queue were dropped (${JSON.stringify(s)})`,
        );
        // The next key frame decodes again.
        const more = [...new IvfReader().push(ivf)].slice(0, 3).map((c, i) => ({
          ...c,
          timestamp: 3_000_000 + i * 33_333,
        }));
        for (const c of more) video.chunk(c);
        video.flush();
        await until(
          async () => (await stats(31))!.decoded === s.decoded + 3,
          "3 more decoded frames",
        );
      },
    );

    await t.step("audio: a builtin before any gesture is held, with a note on screen", async () => {
      conn.audio.play("bell");
      await page.locator(".vp-sound-note").getByText("click or press a key").waitFor();
      const a = await page.evaluate(() =>
        (globalThis as unknown as { viewport: { audio: { stats: { blocked: number } } } }).viewport
          .audio
          .stats.blocked
      );
      assertEquals(a, 1);
      await screenshot(page, "media-sound-note");
    });

    await t.step("audio: Opus made by ffmpeg is decoded to the expected sample count", async () => {
      const ogg = await ffmpeg(
        bin,
        "-f",
        "lavfi",
        "-i",
        "sine=frequency=440:duration=1",
        "-c:a",
        "libopus",
        "-frame_duration",
        "20",
        "-ar",
        "48000",
        "-f",
        "ogg",
        "pipe:1",
      );
      const reader = new OggOpusReader();
      const packets = [...reader.push(ogg)];
      assert(packets.length >= 50, `${packets.length} packets`);
      conn.audio.stream({ channels: reader.head!.channels }).write(packets);
      await until(async () => {
        const s = await page.evaluate(() =>
          (globalThis as unknown as { viewport: { audio: { stats: { packets: number } } } })
            .viewport
            .audio.stats.packets
        );
        return s === packets.length;
      }, "every packet decoded");
      const samples = await page.evaluate(() =>
        (globalThis as unknown as { viewport: { audio: { stats: { samples: number } } } }).viewport
          .audio
          .stats.samples
      );
      // 20 ms packets at 48 kHz: 960 samples each.
      assertEquals(samples, packets.length * 960);
    });

    await t.step("audio: after a click a builtin plays; the AudioContext runs", async () => {
      await page.mouse.click(300, 300);
      await page.locator(".vp-sound-note").waitFor({ state: "hidden" });
      conn.audio.play("notification", { text: "done" });
      await until(async () => {
        const a = await page.evaluate(() => {
          const au = (globalThis as unknown as {
            viewport: { audio: { stats: { played: number }; state: string } };
          }).viewport.audio;
          return [au.stats.played, au.state];
        });
        return a[0] === 1 && a[1] === "running";
      }, "a played builtin in a running AudioContext");
    });
    assertEquals(errors, []);
    assertEquals(pageErrors, []);
  } finally {
    await browser.close();
    await v.close();
    await Deno.remove(dir, { recursive: true });
  }
});
