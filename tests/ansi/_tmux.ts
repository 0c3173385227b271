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

/** The terminal modes a program may leave behind, as tmux sees the pane. */
export interface PaneModes {
  /** The alternate screen is on. */
  alternate: boolean;
  /** Some mouse reporting is on (any of the standard, button or motion modes). */
  mouse: boolean;
  /** The cursor is visible. */
  cursor: boolean;
}

/** A pane as a person's terminal leaves it: normal screen, no mouse reporting, cursor shown. */
export const RESTORED: PaneModes = { alternate: false, mouse: false, cursor: true };

/**
 * A directory with `viewport` and `vp-run` commands (this checkout's CLIs) and
 * `deno` (this Deno), to put first on a shell's PATH so that tests type what a
 * person types.
 */
export async function cliBin(): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "vp-bin-" });
  await Deno.symlink(Deno.execPath(), `${dir}/deno`);
  for (const [name, file] of [["viewport", "cli/viewport.ts"], ["vp-run", "cli/vp_run.ts"]]) {
    const path = `${dir}/${name}`;
    await Deno.writeTextFile(
      path,
      `#!/bin/sh\nexec ${shellQuote(Deno.execPath())} run -A --quiet ${
        shellQuote(ROOT + file)
      } "$@"\n`,
    );
    await Deno.chmod(path, 0o755);
  }
  return dir;
}

/** One tmux server with one session (`t`); the pane stays after the program exits. */
export class Tmux {
  readonly socket = `vp-ansi-${Deno.pid}-${Math.random().toString(36).slice(2, 8)}`;
  #prompts = 0;

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

  /**
   * Starts an interactive shell in a `cols` x `rows` terminal whose prompt
   * shows the last exit status (`[0]$ `), in `cwd` with `path` first on PATH.
   * Then {@linkcode Tmux.command} types lines as a person would.
   */
  async startShell(
    cols: number,
    rows: number,
    options: { path?: string; env?: Record<string, string>; cwd?: string } = {},
  ): Promise<void> {
    const vars = Object.entries({
      PS1: "[$?]$ ",
      PATH: `${options.path ? options.path + ":" : ""}${Deno.env.get("PATH") ?? ""}`,
      ...options.env,
    }).map(([k, v]) => `${k}=${shellQuote(v)}`).join(" ");
    const cd = options.cwd ? `cd ${shellQuote(options.cwd)} && ` : "";
    await this.run(
      "new-session",
      "-d",
      "-s",
      "t",
      "-x",
      String(cols),
      "-y",
      String(rows),
      `${cd}env ${vars} bash --norc --noprofile -i`,
    );
    await this.waitPrompt();
  }

  /** Types `line` and presses Enter. */
  async command(line: string): Promise<void> {
    await this.type(line);
    await this.keys("Enter");
  }

  /**
   * Waits for the shell's next prompt (the one after the last seen) and
   * returns the exit status it shows.
   */
  async waitPrompt(timeoutMs = 60_000): Promise<number> {
    const want = this.#prompts + 1;
    const end = Date.now() + timeoutMs;
    while (Date.now() < end) {
      // (capture-pane drops trailing spaces: an empty prompt reads "[0]$")
      const prompts = [...(await this.history()).matchAll(/^\[(\d+)\]\$(?: |$)/gm)];
      if (prompts.length >= want) {
        this.#prompts = want;
        return Number(prompts[want - 1][1]);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`no prompt came back; screen:\n${await this.screen()}`);
  }

  /** The current (last) prompt line, as the screen shows it (without trailing spaces). */
  async promptLine(): Promise<string> {
    const lines = (await this.screen()).split("\n").filter((l) => /^\[\d+\]\$(?: |$)/.test(l));
    return lines.at(-1)?.trimEnd() ?? "";
  }

  /** The pane's terminal modes now. */
  async modes(): Promise<PaneModes> {
    const out = await this.run(
      "display-message",
      "-p",
      "-t",
      "t",
      "#{alternate_on} #{mouse_standard_flag}#{mouse_button_flag}#{mouse_any_flag} #{cursor_flag}",
    );
    const [alt, mouse, cursor] = out.trim().split(" ");
    return { alternate: alt === "1", mouse: /1/.test(mouse), cursor: cursor === "1" };
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
