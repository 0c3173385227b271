/** Test helper: a program in a real terminal (a private tmux server), read with capture-pane. */
import { waitForScreen } from "../_util/screen_wait.ts";

/** True when tmux can be run here. */
export function hasTmux(): boolean {
  try {
    return new Deno.Command("tmux", { args: ["-V"], stdout: "null", stderr: "null" }).outputSync()
      .success;
  } catch {
    return false;
  }
}

/** The repository root, with a trailing slash. */
export const ROOT: string = new URL("../../", import.meta.url).pathname;

/** `deno run` for a file of the repository, as a shell command. */
export function denoRun(path: string, env: Record<string, string> = {}, args = ""): string {
  const vars = Object.entries(env).map(([k, v]) => `${k}=${shellQuote(v)} `).join("");
  const file = path.startsWith("/") ? path : ROOT + path;
  return `env ${vars}${Deno.execPath()} run -A --quiet ${file} ${args}`.trim();
}

function shellQuote(s: string): string {
  return `'${s.replaceAll("'", `'\\''`)}'`;
}

/** One tmux server with one session (`t`); the pane stays after the program exits. */
export class Tmux {
  readonly socket = `vp-ansi-${Deno.pid}-${Math.random().toString(36).slice(2, 8)}`;

  async run(...args: string[]): Promise<string> {
    const out = await new Deno.Command("tmux", {
      args: ["-L", this.socket, "-f", "/dev/null", ...args],
      stdout: "piped",
      stderr: "piped",
    }).output();
    if (!out.success) {
      throw new Error(`tmux ${args.join(" ")}: ${new TextDecoder().decode(out.stderr)}`);
    }
    return new TextDecoder().decode(out.stdout);
  }

  /** Starts `cmd` in a `cols` x `rows` terminal. */
  start(cmd: string, cols: number, rows: number): Promise<string> {
    // The exit status is printed by the shell and the pane kept open: tmux's
    // own remain-on-exit sometimes never notices the exit (tmux 3.3a).
    const line = `${cmd}; printf '\\n[exit %d]\\n' $?; exec sleep 3600`;
    return this.run("new-session", "-d", "-s", "t", "-x", String(cols), "-y", String(rows), line);
  }

  /** The visible screen, one line per row. */
  screen(): Promise<string> {
    return this.run("capture-pane", "-p", "-t", "t");
  }

  /** The scrollback and the screen. */
  history(): Promise<string> {
    return this.run("capture-pane", "-p", "-S", "-", "-t", "t");
  }

  /** The screen with colors and attributes as escape sequences. */
  screenWithStyles(): Promise<string> {
    return this.run("capture-pane", "-p", "-e", "-t", "t");
  }

  /** Sends tmux key names (`Enter`, `Tab`, `C-c`...). */
  keys(...keys: string[]): Promise<string> {
    return this.run("send-keys", "-t", "t", ...keys);
  }

  /** Sends bytes to the program as typed (escape sequences included). */
  type(text: string): Promise<string> {
    return this.run("send-keys", "-t", "t", "-l", text);
  }

  /** Presses and releases the left mouse button at a cell (0-based), as SGR mouse reports. */
  click(x: number, y: number): Promise<string> {
    return this.type(`\x1b[<0;${x + 1};${y + 1}M\x1b[<0;${x + 1};${y + 1}m`);
  }

  /** Waits until the screen shows `text` (or `test` passes); returns the screen. */
  waitFor(
    text: string | ((screen: string) => boolean),
    timeoutMs = 20_000,
  ): Promise<string> {
    return waitForScreen(() => this.screen(), text, timeoutMs, 50);
  }

  /** Waits for the program to exit; returns its status. */
  async waitExit(timeoutMs = 20_000): Promise<number> {
    const end = Date.now() + timeoutMs;
    while (Date.now() < end) {
      const m = /\[exit (\d+)\]/.exec(await this.history());
      if (m) return Number(m[1]);
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`the program did not exit; screen:\n${await this.screen()}`);
  }

  async kill(): Promise<void> {
    try {
      await this.run("kill-server");
    } catch {
      // Already gone.
    }
  }
}
