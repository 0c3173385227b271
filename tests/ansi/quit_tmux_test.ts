/**
 * One quit rule on every terminal surface, tried in a real terminal (tmux) at
 * a shell prompt: the embedded renderer, the terminal viewer and vp-run's
 * viewer each show the key that quits, quit on it with status 0, interrupt on
 * ctrl+c with 130, and give the terminal back (normal screen, no mouse
 * reporting, cursor shown). A short app's whole output stays in the
 * scrollback. (`viewport table` is in tests/shell/terminal_tmux_test.ts.)
 */
import { assert, assertEquals } from "../_util/assert.ts";
import { cliBin, hasTmux, RESTORED, ROOT, Tmux } from "./_tmux.ts";

async function withShell(
  cols: number,
  rows: number,
  body: (tmux: Tmux, dir: string) => Promise<void>,
): Promise<void> {
  const bin = await cliBin();
  const dir = await Deno.makeTempDir({ prefix: "vp-quit-" });
  const tmux = new Tmux();
  try {
    await tmux.startShell(cols, rows, { path: bin, cwd: ROOT, env: { TERM: "xterm-256color" } });
    await body(tmux, dir);
  } finally {
    await tmux.kill();
    await Deno.remove(bin, { recursive: true });
    await Deno.remove(dir, { recursive: true });
  }
}

const lastRow = (screen: string) => screen.split("\n").filter((l) => l !== "").at(-1) ?? "";

/** Quits with `keys`, then checks the status and that the terminal is as it was. */
async function quit(tmux: Tmux, status: number, ...keys: string[]): Promise<void> {
  await tmux.keys(...keys);
  assertEquals(await tmux.waitPrompt(), status, `status after ${keys.join(" ")}`);
  assertEquals(await tmux.promptLine(), `[${status}]$`, "nothing typed at the prompt");
  assertEquals(await tmux.modes(), RESTORED, "terminal modes after quitting");
}

Deno.test({
  name: "quit rule: the embedded renderer shows and takes q, ctrl+q (from an input) and ctrl+c",
  ignore: !hasTmux(),
  async fn() {
    await withShell(60, 14, async (tmux) => {
      await tmux.command("deno run -A examples/counter.ts");
      let screen = await tmux.waitFor("Counter: 0");
      assertEquals(await tmux.modes(), { alternate: true, mouse: true, cursor: false });
      assertEquals(lastRow(screen), " q quit", "the key-hint line");
      await quit(tmux, 0, "q");
      assert((await tmux.screen()).includes("Counter: 0\n[+1]\n"), "the last state stays as text");

      // In an input q is text: the hint says ctrl+q, which quits from there.
      await tmux.command("deno run -A examples/form.ts");
      screen = await tmux.waitFor("Sign up");
      assertEquals(lastRow(screen), " ctrl+q quit");
      await tmux.type("q");
      await tmux.waitFor((s) => /Name: +q\n/.test(s)); // typed over the placeholder
      await quit(tmux, 0, "C-q");

      await tmux.command("deno run -A examples/counter.ts");
      await tmux.waitFor(" q quit");
      await quit(tmux, 130, "C-c");
    });
  },
});

Deno.test({
  name: "quit rule: the terminal viewer names the key on its status line; q quits with 0",
  ignore: !hasTmux(),
  async fn() {
    await withShell(80, 12, async (tmux) => {
      await tmux.command("viewport -- deno run -A examples/counter.ts");
      let screen = await tmux.waitFor("Counter: 0");
      assert(/\[1\/1\] counter live .* q quit$/.test(lastRow(screen)), lastRow(screen));
      assertEquals((await tmux.modes()).alternate, true);
      await quit(tmux, 0, "q");

      // An app that ends at once stays on show, marked ended, until the user quits.
      await tmux.command("viewport -- deno run -A examples/hello.ts");
      screen = await tmux.waitFor("(ended)");
      assert(screen.includes("Hello, Viewport!"), screen);
      assert(/\[1\/1\] hello ended .* q quit$/.test(lastRow(screen)), lastRow(screen));
      await quit(tmux, 0, "q");

      await tmux.command("viewport -- deno run -A examples/form.ts");
      screen = await tmux.waitFor("Sign up");
      assert(lastRow(screen).endsWith("ctrl+q quit"), "typing in an input: ctrl+q");
      await quit(tmux, 0, "C-q");

      await tmux.command("viewport -- deno run -A examples/counter.ts");
      await tmux.waitFor("Counter: 0");
      await quit(tmux, 130, "C-c");
    });
  },
});

Deno.test({
  name: "quit rule: vp-run's own terminal viewer quits on q with 0, and keeps an ended app on show",
  ignore: !hasTmux(),
  async fn() {
    await withShell(80, 12, async (tmux) => {
      await tmux.command("vp-run -- deno run -A examples/counter.ts");
      const screen = await tmux.waitFor("Counter: 0");
      assert(/counter live .* q quit$/.test(lastRow(screen)), lastRow(screen));
      await quit(tmux, 0, "q");
      await tmux.command("vp-run -- deno run -A examples/hello.ts");
      await tmux.waitFor((s) => s.includes("(ended)") && s.includes("Hello, Viewport!"));
      await quit(tmux, 0, "q");
    });
  },
});

Deno.test({
  name: "a short app's whole output stays in the scrollback, longer than the screen",
  ignore: !hasTmux(),
  async fn() {
    await withShell(60, 10, async (tmux, dir) => {
      for (let i = 0; i < 30; i++) await Deno.writeTextFile(`${dir}/f${i}.txt`, "x");
      await tmux.command(`deno run -A examples/files.ts ${dir}`);
      assertEquals(await tmux.waitPrompt(), 0);
      assertEquals(await tmux.modes(), RESTORED);
      const history = await tmux.history();
      for (let i = 0; i < 30; i++) {
        assert(
          new RegExp(`^f${i}\\.txt\\s+1 B\\s`, "m").test(history),
          `f${i}.txt in:\n${history}`,
        );
      }
      assert(history.includes(`Files in ${dir}\nname`), "title and header first");
    });
  },
});
