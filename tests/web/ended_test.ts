/**
 * `viewport --web -- CMD` with a short-lived app: the viewer keeps serving
 * after the app ended, the page shows the app's last screen marked ended, and
 * Ctrl-C (SIGINT) where viewport runs leaves with the app's status.
 */
import { assert, assertEquals, assertMatch } from "../_util/assert.ts";
import { launchBrowser, screenshot } from "./_browser.ts";

const ROOT = new URL("../../", import.meta.url).pathname;

Deno.test("viewport --web: an app that ended stays on the page, marked ended, until Ctrl-C", async () => {
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      `${ROOT}cli/viewport.ts`,
      "--web=127.0.0.1:0",
      "--",
      Deno.execPath(),
      "run",
      "-A",
      `${ROOT}examples/hello.ts`,
    ],
    env: { NO_COLOR: "1" },
    stdin: "null",
    stdout: "null",
    stderr: "piped",
  }).spawn();
  const lines = child.stderr.pipeThrough(new TextDecoderStream()).getReader();
  let err = "";
  const until = async (re: RegExp) => {
    while (!re.test(err)) {
      const { value, done } = await lines.read();
      if (done) throw new Error(`viewport ended early:\n${err}`);
      err += value;
    }
    return re.exec(err)!;
  };
  const browser = await launchBrowser();
  try {
    const url = (await until(/browser viewer at (http\S+)/))[1];
    // The app has ended, and the viewer is still up.
    await until(/viewport: hello ended \(exit 0\); Ctrl-C leaves\n/);
    const page = await browser.newPage({ viewport: { width: 800, height: 400 } });
    await page.goto(url);
    await page.getByText("Hello, Viewport!").waitFor();
    await page.locator('.vp-session[data-state="ended"]').waitFor();
    await page.getByText("hello ended.").waitFor();
    // The header says what the app did, not only that the page is connected.
    const indicator = page.locator(".vp-top .vp-conn");
    await indicator.getByText("App ended").waitFor();
    assertEquals(await indicator.getAttribute("data-state"), "ended");
    await screenshot(page, "web-ended");
    assertEquals(await page.title(), "hello - Viewport");
  } finally {
    await browser.close();
    child.kill("SIGINT");
    const status = await child.status;
    // Read what is left so the stream closes.
    for (;;) {
      const { value, done } = await lines.read();
      if (done) break;
      err += value;
    }
    assertEquals(status.code, 0, err);
  }
  assertMatch(err, /^viewport: browser viewer at http:\/\/127\.0\.0\.1:\d+\/\?token=/);
  assert(!err.includes("Error"), err);
});
