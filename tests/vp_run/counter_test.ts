/**
 * examples/counter.ts under `vp-run` against a headless viewer: the real
 * `viewport --headless --listen` process (its text file shows the counter),
 * and the same session host in this process, where the test can click.
 * Every `--via` but tcp (covered by the launcher's unit of endpoints) is run.
 */
import { assertEquals } from "../_util/assert.ts";
import { viewer as viewportCli, waitForFile } from "../viewer/_cli.ts";
import { DENO, HostedViewer, ROOT, VpRun } from "./_harness.ts";

const COUNTER = `${ROOT}examples/counter.ts`;

/** Clicks the counter's button (node 3) until the label says `Counter: 1`. */
async function clickOnce(viewer: HostedViewer, session: string): Promise<void> {
  await viewer.until(() => viewer.text(session) === "Counter: 0\n[+1]", "the counter's first tree");
  const s = viewer.host.session(session)!;
  assertEquals(await s.input({ kind: "click", target: 3, x: 1, y: 0, button: 0 }), true);
  await viewer.until(() => viewer.text(session) === "Counter: 1\n[+1]", "Counter: 1");
}

for (const via of ["stdio", "fd", "unix-abstract", "unix"] as const) {
  Deno.test(`counter via ${via}: a click reaches the app, the projection shows Counter: 1`, async () => {
    const viewer = await HostedViewer.start();
    const session = `counter-${via}`;
    const run = new VpRun(
      ["--via", via, "--to", viewer.uri, "--session", session, "--", DENO, "run", "-A", COUNTER],
    );
    try {
      await clickOnce(viewer, session);
      // The user closes the session: the app is asked to close and returns; its 0 is vp-run's.
      viewer.host.closeSession(session);
      assertEquals(await run.status(), 0, run.stderr);
      assertEquals(run.stderr, "");
    } finally {
      await run.stop();
      await viewer.close();
    }
  });
}

Deno.test("counter via stdio against `viewport --headless --listen`: the text file, then SIGINT", async () => {
  const dir = await Deno.makeTempDir({ prefix: "vp-run-cli-" });
  const sock = `unix://${dir}/v.sock`;
  const viewer = viewportCli(["--headless", "--listen", sock, "--text-dir", `${dir}/text`]);
  let run: VpRun | undefined;
  try {
    await waitForSocket(`${dir}/v.sock`);
    run = new VpRun(
      ["--via", "stdio", "--to", sock, "--session", "cli", "--", DENO, "run", "-A", COUNTER],
    );
    const text = await waitForFile(`${dir}/text/cli.txt`, (t) => t.includes("Counter: 0"));
    assertEquals(text, "Counter: 0\n[+1]\n");
    // ^C for vp-run is ^C for the app: its terminal (the PTY) interrupts it; 128 + 2.
    run.kill("SIGINT");
    assertEquals(await run.status(), 130, run.stderr);
  } finally {
    await run?.stop();
    viewer.kill("SIGTERM");
    await viewer.status();
    await Deno.remove(dir, { recursive: true });
  }
});

async function waitForSocket(path: string, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  for (;;) {
    try {
      if ((await Deno.stat(path)).isSocket) return;
    } catch { /* not yet */ }
    if (Date.now() > end) throw new Error(`no socket at ${path}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
