/**
 * `vp-run --via stdio` on a real terminal (a PTY made by this test): the
 * user's keystrokes reach CMD, a resize of the user's terminal reaches CMD's,
 * and the terminal's mode is the same after vp-run as before it.
 */
import { assertEquals, assertMatch } from "../_util/assert.ts";
import { PtyHost } from "../../src/relay/pty_host.ts";
import { HostedViewer, VP_RUN } from "./_harness.ts";

// CMD: echoes one line, then reports its terminal size on SIGWINCH and exits 9.
const CMD = `read line; echo "got:$line"; trap 'stty size; exit 9' WINCH; echo armed; ` +
  "while :; do sleep 0.05; done";

Deno.test("vp-run on a terminal: keystrokes and resizes reach CMD, the terminal is restored", async () => {
  const viewer = await HostedViewer.start();
  const dir = await Deno.makeTempDir({ prefix: "vp-run-tty-" });
  const vpRun = [Deno.execPath(), "run", "-A", VP_RUN, "--via", "stdio", "--to", viewer.uri];
  const quoted = [...vpRun, "--", "sh", "-c", CMD].map((a) => `'${a.replaceAll("'", `'\\''`)}'`);
  const script = `stty -g > ${dir}/before; echo start; ${quoted.join(" ")}; ` +
    `echo "code:$?"; stty -g > ${dir}/after`;
  let text = "";
  const user = PtyHost.spawn({
    command: ["sh", "-c", script],
    env: { ...Deno.env.toObject(), NO_COLOR: "1" },
    cols: 80,
    rows: 24,
    onText: (b) => text += new TextDecoder().decode(b),
  });
  const until = async (what: string) => {
    const end = Date.now() + 20_000;
    while (!text.includes(what)) {
      if (Date.now() > end) {
        throw new Error(`no ${JSON.stringify(what)} in ${JSON.stringify(text)}`);
      }
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  try {
    await until("start");
    // Typed before vp-run reads it, the line waits in the terminal; either way CMD gets it.
    user.write(new TextEncoder().encode("hello\r"));
    await until("got:hello");
    await until("armed");
    user.resize(100, 30);
    await until("code:9");
    assertMatch(text, /^30 100\r?$/m);
    assertEquals(await user.status, 0);
    const [before, after] = await Promise.all(
      ["before", "after"].map((f) => Deno.readTextFile(`${dir}/${f}`)),
    );
    assertEquals(after, before, "the terminal mode is back");
  } finally {
    user.signal("SIGKILL");
    await user.status;
    await viewer.close();
    await Deno.remove(dir, { recursive: true });
  }
});
