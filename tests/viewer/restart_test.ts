// End to end, real processes: a viewer is killed while an SDK app streams rows
// and patches, and a new viewer starts on the same socket. The app reconnects,
// its session comes back under its name, and no row within the retention
// bound is lost (transport-spec 6.3).
import { assert, assertEquals } from "../_util/assert.ts";
import { ROOT, viewer, waitForFile } from "./_cli.ts";

const ROWS = 3000;

function rowsIn(text: string): number[] {
  const out: number[] = [];
  for (const line of text.split("\n")) {
    const m = /^(\d+)\t(\d+)$/.exec(line);
    if (m) {
      assertEquals(Number(m[2]), Number(m[1]) ** 2, `row ${line}`);
      out.push(Number(m[1]));
    }
  }
  return out;
}

Deno.test({
  name: "restart: a viewer killed mid-stream comes back with the session and every row",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "hostile-restart-" });
    const sock = `${dir}/vp.sock`;
    const first = viewer(["--headless", "--listen", `unix://${sock}`, "--text-dir", `${dir}/one`]);
    let second: ReturnType<typeof viewer> | undefined;
    const app = new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", `${ROOT}tests/viewer/fixtures/stream_app.ts`, "--rows", String(ROWS)],
      env: { VIEWPORT: `unix://${sock}`, VIEWPORT_SESSION: "e2e", NO_COLOR: "1" },
      stdin: "piped",
      stdout: "null",
      stderr: "piped",
    });
    let child: Deno.ChildProcess | undefined;
    try {
      // The socket exists once the first viewer listens.
      const until = Date.now() + 30_000;
      while (!(await Deno.lstat(sock).then(() => true, () => false))) {
        if (Date.now() > until) throw new Error(`no socket; viewer stderr: ${first.stderr}`);
        await new Promise((r) => setTimeout(r, 25));
      }
      child = app.spawn();
      // Mid-stream: some rows are in, most are still to come.
      await waitForFile(`${dir}/one/e2e.txt`, (t) => {
        const m = /count (\d+)/.exec(t);
        return m !== null && Number(m[1]) >= 300;
      }, 60_000);
      first.kill("SIGKILL");
      await first.status();
      second = viewer(["--headless", "--listen", `unix://${sock}`, "--text-dir", `${dir}/two`]);
      const text = await waitForFile(
        `${dir}/two/e2e.txt`,
        (t) => t.startsWith(`done ${ROWS}\n`) && rowsIn(t).length === ROWS,
        120_000,
      );
      // Every row once, in order: nothing lost or doubled across the restart.
      const rows = rowsIn(text);
      assertEquals(rows.length, ROWS);
      for (let i = 0; i < ROWS; i++) assertEquals(rows[i], i);
      assert(!/dropped/.test(text), text.slice(0, 200));
    } finally {
      if (child) {
        await child.stdin.close().catch(() => {});
        const done = await Promise.race([
          child.status,
          new Promise<null>((r) => setTimeout(() => r(null), 10_000)),
        ]);
        if (done === null) child.kill("SIGKILL");
        await child.status;
        await child.stderr.cancel().catch(() => {});
      }
      first.kill("SIGKILL");
      second?.kill("SIGTERM");
      await first.status();
      await second?.status();
      await Deno.remove(dir, { recursive: true });
    }
  },
});
