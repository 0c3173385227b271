/// <reference lib="dom" />
/**
 * `viewport --web` as a person meets it when things end: a killed app's
 * session shows ended at once and its close control ends a single-app viewer;
 * with `--token-file`, a page left open rejoins a restarted viewer without a
 * reload.
 */
import { assert, assertEquals } from "../_util/assert.ts";
import { launchBrowser, screenshot } from "./_browser.ts";
import { spawnDeno, stopProcess, waitForLine } from "./_processes.ts";

const APP = ["run", "-A", "tests/web/fixtures/pid_app.ts"];

async function readPid(path: string): Promise<number> {
  for (let i = 0; i < 300; i++) {
    const text = await Deno.readTextFile(path).catch(() => "");
    if (/^\d+$/.test(text)) return Number(text);
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`the app never wrote ${path}`);
}

function freePort(): number {
  const l = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (l.addr as Deno.NetAddr).port;
  l.close();
  return port;
}

Deno.test("viewport --web: a killed app's session shows ended; closing it ends the viewer", async () => {
  const dir = await Deno.makeTempDir();
  const viewer = spawnDeno(
    ["run", "-A", "cli/viewport.ts", "--web=127.0.0.1:0", "--", Deno.execPath(), ...APP],
    { PID_FILE: `${dir}/pid` },
  );
  const browser = await launchBrowser();
  try {
    const [, url] = await waitForLine(viewer, /browser viewer at (http\S+)/);
    const page = await browser.newPage({ viewport: { width: 800, height: 400 } });
    page.setDefaultTimeout(15000);
    await page.goto(url);
    await page.getByText("Running until killed.").waitFor();
    Deno.kill(await readPid(`${dir}/pid`), "SIGKILL");
    const killed = performance.now();
    // The page hears of the end when the app's connection closes; on a quiet machine
    // that is well within a second (printed below). The wait is generous because a
    // loaded machine delays everything, and speed is not asserted in tests.
    await page.locator('.vp-session[data-state="ended"]').waitFor({ timeout: 15000 });
    console.log(`ended shown ${Math.round(performance.now() - killed)} ms after the kill`);
    await screenshot(page, "web-killed-app");
    assertEquals(await page.evaluate(() => document.body.dataset.state), "live");
    // Single-app mode: the page stays served until the user closes the session.
    await page.locator(".vp-close").click();
    const status = await viewer.status;
    assertEquals(status.code, 137, "the app's status (killed by SIGKILL)");
    await page.waitForFunction(() => document.body.dataset.state === "disconnected");
    const note = await page.locator(".vp-state-note").textContent();
    assert(note?.includes("The viewer stopped"), note ?? "");
  } finally {
    await browser.close();
    await stopProcess(viewer);
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("viewport --web --token-file: an open page rejoins a restarted viewer without a reload", async () => {
  const dir = await Deno.makeTempDir();
  const port = freePort();
  const start = () =>
    spawnDeno([
      "run",
      "-A",
      "cli/viewport.ts",
      `--web=127.0.0.1:${port}`,
      "--token-file",
      `${dir}/token`,
      "--",
      Deno.execPath(),
      ...APP,
    ], { PID_FILE: `${dir}/pid` });
  let viewer = start();
  const browser = await launchBrowser();
  try {
    const [, first] = await waitForLine(viewer, /browser viewer at (http\S+)/);
    assertEquals((await Deno.stat(`${dir}/token`)).mode! & 0o777, 0o600);
    const page = await browser.newPage({ viewport: { width: 800, height: 400 } });
    page.setDefaultTimeout(20000);
    await page.goto(first);
    await page.getByText("Running until killed.").waitFor();
    await page.evaluate(() => Object.assign(globalThis, { notReloaded: true }));
    // Ctrl-C where the viewer runs: the page says the viewer stopped.
    viewer.kill("SIGINT");
    await viewer.status;
    await page.waitForFunction(() => document.body.dataset.state !== "live");
    await Deno.remove(`${dir}/pid`);
    viewer = start();
    const [, second] = await waitForLine(viewer, /browser viewer at (http\S+)/);
    assertEquals(second, first, "same port, same token");
    await page.waitForFunction(() => document.body.dataset.state === "live");
    await page.locator('.vp-session[data-state="live"]').getByText("Running until killed.")
      .waitFor();
    assertEquals(await page.evaluate(() => "notReloaded" in globalThis), true);
    await screenshot(page, "web-rejoined");
  } finally {
    await browser.close();
    await stopProcess(viewer);
    await Deno.remove(dir, { recursive: true });
  }
});
