/**
 * Test helpers that run the real `viewport` CLI and apps as processes.
 */
export const ROOT = new URL("../../", import.meta.url).pathname;
export const CLI = `${ROOT}cli/viewport.ts`;
export const WIRE_APP = `${ROOT}tests/viewer/fixtures/wire_app.ts`;

/** A running process with its stderr collected. */
export class Proc {
  readonly child: Deno.ChildProcess;
  #err = "";
  #out = "";
  readonly #done: Promise<void>;

  constructor(args: string[], env: Record<string, string> = {}, cwd = ROOT) {
    this.child = new Deno.Command(Deno.execPath(), {
      args,
      env: { NO_COLOR: "1", ...env },
      cwd,
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    const dec = new TextDecoder();
    const drain = async (s: ReadableStream<Uint8Array>, add: (t: string) => void) => {
      for await (const c of s) add(dec.decode(c, { stream: true }));
    };
    this.#done = Promise.all([
      drain(this.child.stdout, (t) => this.#out += t),
      drain(this.child.stderr, (t) => this.#err += t),
    ]).then(() => {});
  }

  get stderr(): string {
    return this.#err;
  }

  get stdout(): string {
    return this.#out;
  }

  /** Waits for the exit status (and all output). */
  async status(): Promise<number> {
    const s = await this.child.status;
    await this.#done;
    return s.code;
  }

  kill(signal: Deno.Signal = "SIGTERM"): void {
    try {
      this.child.kill(signal);
    } catch { /* already gone */ }
  }
}

/** `viewport ARGS` as a process. */
export function viewer(args: string[], env: Record<string, string> = {}): Proc {
  return new Proc(["run", "-A", CLI, ...args], env);
}

/** Polls `path` until its text passes `test`; returns it. Throws with the last text after `ms`. */
export async function waitForFile(
  path: string,
  test: (text: string) => boolean,
  ms = 20_000,
): Promise<string> {
  const end = Date.now() + ms;
  let last = "(no file)";
  while (Date.now() < end) {
    try {
      last = await Deno.readTextFile(path);
      if (test(last)) return last;
    } catch { /* not there yet */ }
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`timed out waiting for ${path}; last content: ${JSON.stringify(last)}`);
}

/** Polls until `cond()`; throws `what` after `ms`. */
export async function waitUntil(cond: () => boolean, what: string, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
