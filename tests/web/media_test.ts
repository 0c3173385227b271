/// <reference lib="dom" />
/**
 * The media rows of the spec in headless Chromium with WebGPU (SwiftShader):
 * ENV from the tab's facts, a vector2d scene with an image blit compared by
 * pixels (against the terminal's rasterizer too), and a WebGPU scene rendered
 * and read back. Video and audio are in `media_stream_test.ts`.
 */
import { assert, assertEquals, assertMatch } from "../_util/assert.ts";
import { encodePng } from "../../src/media/png.ts";
import { rasterize2d, rgbOf } from "../../src/render/ansi/raster2d.ts";
import { GpuCanvas, Vector2d } from "../../src/sdk/canvas.ts";
import { canvas, column, text } from "../../src/sdk/components.ts";
import type { ErrorMessage } from "../../src/protocol/messages/types.ts";
import { screenshot } from "./_browser.ts";
import { launchGpuBrowser, near, pixelsOf, rgbAt, startViewer, until } from "./_media.ts";

/** A 4 x 4 PNG: quadrants red, green, blue, white. */
function quadrants(): Uint8Array {
  const px = new Uint8Array(4 * 4 * 4);
  const colors = [[255, 0, 0], [0, 255, 0], [0, 0, 255], [255, 255, 255]];
  for (let y = 0; y < 4; y++) {
    for (let x = 0; x < 4; x++) {
      const q = (y < 2 ? 0 : 2) + (x < 2 ? 0 : 1);
      px.set([...colors[q], 255], (y * 4 + x) * 4);
    }
  }
  return encodePng(px, 4, 4);
}

const SCENE = new Vector2d()
  .fillStyle("#203040").fillRect(0, 0, 160, 100)
  .drawImage({ format: "png", data: quadrants() }, 10, 10, 40, 40)
  .fillStyle("#ffcc00").beginPath().arc(100, 30, 20, 0, Math.PI * 2).fill()
  .save().translate(60, 60).rotate(Math.PI / 4).fillStyle("rgba(0, 255, 255, 1)")
  .fillRect(-8, -8, 16, 16).restore()
  .strokeStyle("#ff00ff").lineWidth(3).beginPath().moveTo(10, 90)
  .bezierCurveTo(50, 60, 110, 120, 150, 80).stroke()
  .fillStyle({ linear: [120, 60, 160, 60], stops: [[0, "#000000"], [1, "#ffffff"]] })
  .fillRect(120, 55, 40, 10)
  .fillStyle("#ffffff").font("12px sans-serif").fillText("vp", 125, 95);

Deno.test("browser media: ENV from the tab, vector2d with an image blit, WebGPU", async (t) => {
  const v = await startViewer();
  const { conn } = v;
  const errors: ErrorMessage[] = [];
  conn.on("error", (e) => {
    if ("type" in e && e.type === "ERROR") errors.push(e);
  });
  conn.setTree(column({ id: 1, gap: 1 }, [
    text("media", { id: 2 }),
    canvas({ id: 10, width: 160, height: 100, alt: "a vector scene" }),
    canvas({ id: 20, width: 64, height: 64, alt: "a GPU triangle" }),
  ]));
  conn.draw(10, SCENE.commands);
  await conn.flush();
  // The app connected before any tab: it knows only the viewer's defaults.
  assertEquals([conn.env.pixel_density, conn.env.gpu, conn.env.video_decode], [1, false, []]);
  const browser = await launchGpuBrowser();
  const context = await browser.newContext({
    viewport: { width: 800, height: 600 },
    deviceScaleFactor: 2,
  });
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on("pageerror", (e) => pageErrors.push(String(e)));
  try {
    await t.step("ENV: the app learns the tab's facts when a tab opens", async () => {
      await page.goto(v.server.url);
      await until(
        () => conn.env.gpu === true && conn.env.pixel_density === 2,
        "ENV with the tab's facts",
      );
      const env = conn.env;
      assertEquals(env.gpu_api, "webgpu");
      for (const c of ["h264", "vp8", "vp9", "av1"]) {
        assert(env.video_decode?.includes(c), `video_decode has ${c}: ${env.video_decode}`);
      }
      assert(env.audio_decode?.includes("opus"), `audio_decode: ${env.audio_decode}`);
      assertEquals(env.remote, false);
      assertEquals(env.color_depth, 24);
      assertEquals(env.theme, "light");
      assert(env.features?.includes("gpu") && env.features.includes("video"), `${env.features}`);
      await until(() => (conn.env.latency_ms ?? 0) > 0, "a measured latency");
    });

    await t.step("ENV: resize, theme and density changes reach conn.env", async () => {
      const before = conn.env.display_width!;
      await page.setViewportSize({ width: 500, height: 600 });
      await until(() => conn.env.display_width! < before, "a narrower ENV");
      await page.emulateMedia({ colorScheme: "dark" });
      await until(() => conn.env.theme === "dark", "theme dark");
      const cdp = await context.newCDPSession(page);
      await cdp.send("Emulation.setDeviceMetricsOverride", {
        width: 500,
        height: 600,
        deviceScaleFactor: 3,
        mobile: false,
      });
      await until(() => conn.env.pixel_density === 3, "pixel_density 3");
      await cdp.send("Emulation.setDeviceMetricsOverride", {
        width: 800,
        height: 600,
        deviceScaleFactor: 2,
        mobile: false,
      });
      await until(() => conn.env.pixel_density === 2, "pixel_density back to 2");
      await cdp.detach();
      await page.emulateMedia({ colorScheme: "light" });
      await page.setViewportSize({ width: 800, height: 600 });
    });

    await t.step(
      "vector2d: a scene with an image blit, compared by pixels in both rasterizers",
      async () => {
        const el = page.locator('[data-vp-id="10"]');
        await el.waitFor();
        // Device pixels: 2 per CSS pixel.
        let img = await pixelsOf(el);
        await until(async () => {
          img = await pixelsOf(el);
          return near(rgbAt(img, 2 * 20, 2 * 20), [255, 0, 0]);
        }, "the blitted image");
        assert(img.width >= 320 && img.height >= 200, `${img.width}x${img.height}`);
        // The terminal rasterizer draws the same list at 1 pixel per unit.
        const term = rasterize2d(SCENE.commands, {
          width: 160,
          height: 100,
          scaleX: 1,
          scaleY: 1,
          color: () => undefined,
          defaultColor: 0,
        });
        const termAt = (x: number, y: number) => {
          const c = rgbOf(term.color[y * 160 + x]);
          return [(c >> 16) & 255, (c >> 8) & 255, c & 255];
        };
        const points: [number, number, number[], string][] = [
          [20, 20, [255, 0, 0], "blit: red quadrant"],
          [40, 20, [0, 255, 0], "blit: green quadrant"],
          [20, 40, [0, 0, 255], "blit: blue quadrant"],
          [40, 40, [255, 255, 255], "blit: white quadrant"],
          [100, 30, [255, 204, 0], "arc fill"],
          [60, 60, [0, 255, 255], "rotated square"],
          [70, 80, [32, 48, 64], "background"],
          [155, 60, [235, 235, 235], "gradient's light end"],
          [122, 60, [10, 10, 10], "gradient's dark end"],
        ];
        for (const [x, y, want, what] of points) {
          const browserPx = rgbAt(img, 2 * x + 1, 2 * y + 1);
          assert(
            near(browserPx, want, 30),
            `browser ${what} at ${x},${y}: ${browserPx} vs ${want}`,
          );
          assert(
            near(termAt(x, y), want, 30),
            `terminal ${what} at ${x},${y}: ${termAt(x, y)} vs ${want}`,
          );
        }
        // The curve: some magenta near its middle in both.
        const magenta = (p: number[]) => near(p, [255, 0, 255], 60);
        let inBrowser = false, inTerm = false;
        for (let y = 70; y < 100; y++) {
          if (magenta(rgbAt(img, 160, 2 * y))) inBrowser = true;
          if (magenta(termAt(80, y))) inTerm = true;
        }
        assert(
          inBrowser && inTerm,
          `the bezier stroke crosses x=80 (browser ${inBrowser}, terminal ${inTerm})`,
        );
        assertEquals(errors, []);
        await screenshot(page, "media-vector2d");
      },
    );

    await t.step("vector2d: a bad op is skipped and answered with ERROR bad_message", async () => {
      conn.send({
        type: "CANVAS",
        target: 10,
        mode: "vector2d",
        commands: [...SCENE.commands, ["arc", 0, 0, -1, 0, 1], ["warp", 1]],
      });
      await until(() => errors.length > 0, "an ERROR for the bad ops");
      assertEquals(errors[0].code, "bad_message");
      assertMatch(errors[0].message, /radius/);
      errors.length = 0;
      conn.draw(10, SCENE.commands);
    });

    await t.step(
      "WebGPU: a triangle rendered on the tab's GPU and read back; a uniform animates it",
      async () => {
        const gpu = new GpuCanvas(conn, 20);
        const vertices = new Float32Array([-1, -1, 1, -1, -1, 1]);
        gpu.shader(
          "s",
          `
        struct U { color: vec4f };
        @group(0) @binding(0) var<uniform> u: U;
        @vertex fn vs(@location(0) p: vec2f) -> @builtin(position) vec4f { return vec4f(p, 0.0, 1.0); }
        @fragment fn fs() -> @location(0) vec4f { return u.color; }`,
        )
          .buffer("v", {
            size: vertices.byteLength,
            usage: ["vertex"],
            data: new Uint8Array(vertices.buffer),
          })
          .buffer("u", {
            size: 16,
            usage: ["uniform"],
            data: new Uint8Array(new Float32Array([1, 0, 0, 1]).buffer),
          })
          .renderPipeline("p", {
            shader: "s",
            vertex: "vs",
            fragment: "fs",
            buffers: [{ stride: 8, attributes: [{ location: 0, offset: 0, format: "float32x2" }] }],
          })
          .bindGroup("g", { pipeline: "p", entries: [{ binding: 0, buffer: "u" }] })
          .render({
            clear: [0, 0, 1, 1],
            draws: [{ pipeline: "p", bind_groups: ["g"], vertex_buffers: ["v"], count: 3 }],
          });
        const el = page.locator('[data-vp-id="20"]');
        await el.waitFor();
        // Lower-left half red (the triangle), upper-right blue (the clear color).
        await until(async () => {
          const img = await pixelsOf(el);
          return near(rgbAt(img, 20, 100), [255, 0, 0]) && near(rgbAt(img, 108, 20), [0, 0, 255]);
        }, "the rendered triangle");
        gpu.writeBuffer("u", 0, new Float32Array([0, 1, 0, 1]));
        await until(
          async () => near(rgbAt(await pixelsOf(el), 20, 100), [0, 255, 0]),
          "the green triangle",
        );
        assertEquals(errors, []);
        await screenshot(page, "media-webgpu");
      },
    );

    await t.step("WebGPU: a WGSL error comes back as ERROR; a malformed message too", async () => {
      new GpuCanvas(conn, 20).shader("bad", "@vertex fn vs() -> nonsense { }");
      await until(() => errors.some((e) => /shader bad: line 1/.test(e.message)), "the WGSL error");
      let threw = "";
      try {
        new GpuCanvas(conn, 20).render({ draws: [{ pipeline: "missing", count: 3 }] }).flush();
      } catch (err) {
        threw = (err as Error).message;
      }
      assertMatch(threw, /no resource "missing"/);
    });
    assertEquals(pageErrors, []);
  } finally {
    await browser.close();
    await v.close();
  }
});
