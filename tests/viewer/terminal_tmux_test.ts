/**
 * The terminal front end in a real terminal (tmux): two sessions as tabs,
 * switching with Ctrl-] n / Ctrl-] 1, keys reaching only the focused app,
 * focus and blur sent to the apps, and Ctrl-] q quitting.
 */
import { assertEquals, assertMatch } from "../_util/assert.ts";
import { CLI, Proc, waitForFile, waitUntil, WIRE_APP } from "./_cli.ts";

const hasTmux = (() => {
  try {
    return new Deno.Command("tmux", { args: ["-V"], stdout: "null", stderr: "null" })
      .outputSync().success;
  } catch {
    return false;
  }
})();

class Tmux {
  readonly server = `viewport-test-${Deno.pid}-${crypto.randomUUID().slice(0, 8)}`;

  run(...args: string[]): string {
    const out = new Deno.Command("tmux", { args: ["-L", this.server, ...args], stderr: "piped" })
      .outputSync();
    if (!out.success) throw new Error(`tmux ${args[0]}: ${new TextDecoder().decode(out.stderr)}`);
    return new TextDecoder().decode(out.stdout);
  }

  screen(): string {
    return this.run("capture-pane", "-p", "-t", "t");
  }

  keys(...keys: string[]): void {
    this.run("send-keys", "-t", "t", ...keys);
  }

  async waitScreen(test: (screen: string) => boolean, what: string): Promise<string> {
    let last = "";
    try {
      await waitUntil(() => test(last = this.screen()), what);
    } catch (err) {
      throw new Error(`${(err as Error).message}; screen:\n${last}`);
    }
    return last;
  }

  kill(): void {
    try {
      this.run("kill-server");
    } catch { /* already gone */ }
  }
}

const quote = (s: string) => `'${s.replaceAll("'", `'\\''`)}'`;

Deno.test({
  name: "terminal front end (tmux): two sessions, switching, input to the focused one, quit",
  ignore: !hasTmux,
  async fn() {
    const dir = await Deno.makeTempDir();
    const sock = `${dir}/v.sock`;
    const tmux = new Tmux();
    const viewerCmd = [
      Deno.execPath(),
      "run",
      "-A",
      CLI,
      "--listen",
      `unix://${sock}`,
      "--text-dir",
      dir,
      "--session",
      "one",
      "--",
      Deno.execPath(),
      "run",
      "-A",
      WIRE_APP,
      "--text",
      "first app",
      "--exit",
      "5",
    ].map(quote).join(" ");
    let second: Proc | undefined;
    try {
      tmux.run(
        "new-session",
        "-d",
        "-s",
        "t",
        "-x",
        "80",
        "-y",
        "24",
        `env TERM=xterm-256color ${viewerCmd}; echo "viewer exited $?"; sleep 60`,
      );
      await tmux.waitScreen(
        (s) => s.includes("first app") && s.includes("[1/1] one live"),
        "first app",
      );
      second = new Proc(["run", "-A", WIRE_APP, "--text", "second app"], {
        VIEWPORT: `unix://${sock}`,
        VIEWPORT_SESSION: "two",
      });
      await tmux.waitScreen((s) => s.split("\n")[0].includes("2 two"), "second tab");
      // The first app keeps the focus; keys go to it.
      tmux.keys("a");
      await waitForFile(`${dir}/one.txt`, (t) => t.includes("key a"));
      // Switch to the second: blur/focus reach the apps, keys now go to the second.
      tmux.keys("C-]", "n");
      await tmux.waitScreen(
        (s) => s.includes("[2/2] two live") && s.includes("second app"),
        "switch",
      );
      await waitForFile(`${dir}/two.txt`, (t) => t === "second app\nfocus\n");
      await waitForFile(`${dir}/one.txt`, (t) => t === "first app\nblur\n");
      tmux.keys("b");
      await waitForFile(`${dir}/two.txt`, (t) => t === "second app\nkey b\n");
      assertEquals(await Deno.readTextFile(`${dir}/one.txt`), "first app\nblur\n");
      // Back to the first by number.
      tmux.keys("C-]", "1");
      await tmux.waitScreen((s) => s.includes("[1/2] one live"), "back to one");
      tmux.keys("c");
      await waitForFile(`${dir}/one.txt`, (t) => t === "first app\nkey c\n");
      // Quit: the spawned app is asked to close and the viewer exits with its status.
      tmux.keys("C-]", "q");
      const screen = await tmux.waitScreen((s) => s.includes("viewer exited"), "exit");
      assertMatch(screen, /viewer exited 5/);
    } finally {
      tmux.kill();
      second?.kill();
      await second?.status();
      await Deno.remove(dir, { recursive: true });
    }
  },
});
