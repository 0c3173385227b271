/**
 * Helpers for the media tests: a browser viewer with a real session host and
 * an SDK app connected to it in-process (before any tab opens), Chromium with
 * WebGPU (SwiftShader), and pixels read back from element screenshots.
 *
 * @module
 */
import { type Browser, chromium, type Locator } from "playwright-core";
import { decodePng, type RgbaImage } from "../../src/media/png.ts";
import { connect } from "../../src/sdk/connect.ts";
import type { Connection } from "../../src/sdk/connection.ts";
import { memoryPair } from "../../src/transport/mod.ts";
import { SessionHost } from "../../viewer/shared/session_host.ts";
import { WEB_DISPLAY } from "../../viewer/web/front_end.ts";
import { HostSessionSource } from "../../viewer/web/host_source.ts";
import { startWebServer, type WebServer } from "../../viewer/web/server.ts";
import { CHROMIUM_ARGS, ensureChromium } from "./_browser.ts";

/**
 * Chromium with WebGPU: the usual headless flags, but `--enable-unsafe-webgpu`
 * instead of `--disable-gpu` (SwiftShader gives an adapter without a GPU).
 */
export async function launchGpuBrowser(): Promise<Browser> {
  const executablePath = await ensureChromium();
  const args = CHROMIUM_ARGS.filter((a) => a !== "--disable-gpu");
  args.push("--enable-unsafe-webgpu");
  return await chromium.launch({ executablePath, args, headless: true });
}

/** A browser viewer (session host + web server) and one SDK app attached to it. */
export interface Viewer {
  host: SessionHost;
  server: WebServer;
  conn: Connection;
  close(): Promise<void>;
}

/** Starts the viewer and connects an app to it, as `viewport --web` would see it. */
export async function startViewer(session = "media"): Promise<Viewer> {
  const host = new SessionHost({ display: WEB_DISPLAY });
  const server = await startWebServer({ source: new HostSessionSource(host) });
  const conn = await connect({
    env: { VIEWPORT: "unix:///unused/media.sock", VIEWPORT_SESSION: session },
    dial: () => {
      const [app, viewer] = memoryPair();
      void host.accept(viewer);
      return Promise.resolve(app);
    },
    reconnect: false,
  });
  return {
    host,
    server,
    conn,
    async close() {
      await conn.close();
      await server.close();
      await host.close();
    },
  };
}

/** Polls `cond` until true (generous: the machine may be busy). */
export async function until(
  cond: () => boolean | Promise<boolean>,
  what: string,
  ms = 30_000,
): Promise<void> {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The element's pixels as shown (a screenshot, decoded). */
export async function pixelsOf(el: Locator): Promise<RgbaImage> {
  return decodePng(await el.screenshot({ animations: "disabled" }));
}

/** The RGB at (x, y) of an image. */
export function rgbAt(img: RgbaImage, x: number, y: number): [number, number, number] {
  const i = (Math.round(y) * img.width + Math.round(x)) * 4;
  return [img.rgba[i], img.rgba[i + 1], img.rgba[i + 2]];
}

/** True when two colors are within `tol` on every channel. */
export function near(a: readonly number[], b: readonly number[], tol = 24): boolean {
  return a.every((v, i) => Math.abs(v - b[i]) <= tol);
}
