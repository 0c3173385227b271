/// <reference lib="dom" />
/**
 * The media examples as users run them: `examples/gpu_cube.ts` and
 * `examples/video.ts` through `viewport --web` (the cube on the tab's GPU,
 * and in a browser without WebGPU the vector2d fallback; the video decoded).
 * Their text in a pipe and their terminal screens: tests/examples/.
 */
import { assertEquals, assertMatch } from "../_util/assert.ts";
import { ensurePackage, FFMPEG } from "../_util/system_packages.ts";
import { launchBrowser, screenshot } from "./_browser.ts";
import { launchGpuBrowser, until } from "./_media.ts";
import { spawnDeno, waitForLine } from "./_processes.ts";

async function stop(child: Deno.ChildProcess): Promise<void> {
  try {
    child.kill("SIGTERM");
  } catch { /* already gone */ }
  await child.status;
}

Deno.test("examples through `viewport --web`: the cube on the GPU and its fallback, the video decoded", async (t) => {
  await ensurePackage(FFMPEG);
  const dir = await Deno.makeTempDir();
  const socket = `unix://${dir}/vp.sock`;
  const viewer = spawnDeno([
    "run",
    "-A",
    "cli/viewport.ts",
    "--web=127.0.0.1:0",
    "--listen",
    socket,
  ]);
  const apps: Deno.ChildProcess[] = [];
  const browsers = [];
  try {
    const [, url] = await waitForLine(viewer, /browser viewer at (https?:\/\/\S+)/);
    for (const name of ["gpu_cube", "video"]) {
      const app = spawnDeno(["run", "-A", `examples/${name}.ts`], {
        VIEWPORT: socket,
        VIEWPORT_SESSION: name,
      });
      app.stderr.cancel();
      apps.push(app);
    }
    const gpuBrowser = await launchGpuBrowser();
    browsers.push(gpuBrowser);
    const page = await (await gpuBrowser.newContext({ viewport: { width: 900, height: 650 } }))
      .newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(String(e)));

    await t.step("gpu_cube: WebGPU on a tab with a GPU; the cube's faces are drawn", async () => {
      await page.goto(`${url}&session=gpu_cube`);
      await page.getByText("drawn by WebGPU on this tab's GPU", { exact: false }).waitFor({
        timeout: 30_000,
      });
      const canvas = page.locator("canvas");
      // Somewhere in the middle a face of the cube, not the dark background.
      await until(async () => {
        const px = await canvas.evaluate((el) => {
          const c = el as HTMLCanvasElement;
          return [...c.getContext("2d")!.getImageData(c.width / 2, c.height / 2, 1, 1).data];
        });
        return px[0] + px[1] + px[2] > 150;
      }, "a lit face in the middle");
      await screenshot(page, "example-gpu-cube");
    });

    await t.step("video: decoded by the browser, frames keep coming", async () => {
      await page.goto(`${url}&session=video`);
      await page.getByText("decoded by this browser (h264)").waitFor({ timeout: 30_000 });
      const decoded = () =>
        page.evaluate(() => {
          const vp = (globalThis as unknown as {
            viewport: {
              view: {
                renderer: { canvases: { view(id: number): { stats: { decoded: number } } } };
              };
            };
          }).viewport;
          return vp.view.renderer.canvases.view(10)?.stats.decoded ?? 0;
        });
      await until(async () => (await decoded()) > 10, "ten decoded frames", 60_000);
      const n = await decoded();
      await until(async () => (await decoded()) > n, "more frames", 60_000);
      await screenshot(page, "example-video");
    });
    assertEquals(errors, []);

    await t.step("gpu_cube: a tab without WebGPU gets the vector2d fallback", async () => {
      // Chromium with --disable-gpu has no adapter: the app is told gpu: false by the
      // combined facts of the tabs showing it, and draws polygons instead.
      const plain = await launchBrowser();
      browsers.push(plain);
      const p = await (await plain.newContext({ viewport: { width: 900, height: 650 } })).newPage();
      await page.close();
      await p.goto(`${url}&session=gpu_cube`);
      await p.getByText("drawn as vector2d polygons", { exact: false }).waitFor({
        timeout: 30_000,
      });
      await until(async () => {
        const px = await p.locator("canvas").evaluate((el) => {
          const c = el as HTMLCanvasElement;
          return [...c.getContext("2d")!.getImageData(c.width / 2, c.height / 2, 1, 1).data];
        });
        return px[0] + px[1] + px[2] > 150;
      }, "a lit face drawn by vector2d");
      assertMatch(
        await p.locator("canvas").getAttribute("aria-label") ?? "",
        /spinning shaded cube/,
      );
      await screenshot(p, "example-gpu-cube-fallback");
    });
  } finally {
    for (const b of browsers) await b.close();
    for (const a of apps) await stop(a);
    await stop(viewer);
    await Deno.remove(dir, { recursive: true });
  }
});
