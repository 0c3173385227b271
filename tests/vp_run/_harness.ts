/**
 * Test helpers for `vp-run`: the real CLI as a process (stdout kept as bytes,
 * for byte-exact checks), a raw frame viewer on a unix socket, and the real
 * session host (the headless viewer) in this process, so tests can click.
 */
import type { Frame } from "../../src/protocol/frame.ts";
import { listen, type Listener, type Transport } from "../../src/transport/mod.ts";
import { concat } from "../_util/hex.ts";
import { SessionHost } from "../../viewer/shared/session_host.ts";
import { TextDirWriter } from "../../viewer/shared/text_dir.ts";

export const ROOT = new URL("../../", import.meta.url).pathname;
export const VP_RUN = `${ROOT}cli/vp_run.ts`;
export const FIXTURES = `${ROOT}tests/vp_run/fixtures`;
export const DENO = Deno.execPath();

/** Promises that resolve once a condition holds, re-checked on `check()`. */
export class Waiters {
  #list: { pred: () => boolean; resolve: () => void }[] = [];

  /** Resolves once `pred()` holds; rejects with `what()` after `ms`. */
  until(pred: () => boolean, what: () => string, ms: number): Promise<void> {
    if (pred()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(what())), ms);
      this.#list.push({
        pred,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      });
    });
  }

  check(): void {
    this.#list = this.#list.filter((w) => {
      if (!w.pred()) return true;
      w.resolve();
      return false;
    });
  }
}

/** `vp-run ARGS` as a process; stdout and stderr collected. */
export class VpRun {
  readonly child: Deno.ChildProcess;
  #out: Uint8Array[] = [];
  #err = "";
  readonly #waiters = new Waiters();
  readonly #done: Promise<void>;

  constructor(args: string[], env: Record<string, string> = {}, stdin: "null" | "piped" = "null") {
    // In a process group of its own (setsid execs in place: the pid is
    // vp-run's), so that cleanup can kill CMD too if vp-run failed to end it.
    const child = new Deno.Command("setsid", {
      args: [DENO, "run", "-A", VP_RUN, ...args],
      env: { NO_COLOR: "1", ...env },
      cwd: ROOT,
      stdin,
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    this.child = child;
    const dec = new TextDecoder();
    this.#done = Promise.all([
      (async () => {
        for await (const c of child.stdout) {
          this.#out.push(c);
          this.#waiters.check();
        }
      })(),
      (async () => {
        for await (const c of child.stderr) this.#err += dec.decode(c, { stream: true });
      })(),
    ]).then(() => this.#waiters.check());
  }

  get stdoutBytes(): Uint8Array {
    return concat(...this.#out);
  }

  get stdout(): string {
    return new TextDecoder().decode(this.stdoutBytes);
  }

  get stderr(): string {
    return this.#err;
  }

  /** Resolves once stdout contains `text`. */
  untilStdout(text: string, ms = 15_000): Promise<void> {
    return this.#waiters.until(
      () => this.stdout.includes(text),
      () => `no ${JSON.stringify(text)} in ${JSON.stringify(this.stdout)}`,
      ms,
    );
  }

  /** The exit status (after all output was read); killed after `ms`. */
  async status(ms = 30_000): Promise<number> {
    const timer = setTimeout(() => this.killGroup(), ms);
    try {
      const s = await this.child.status;
      await this.#done;
      return s.signal ? 128 + signalNumber(s.signal) : s.code;
    } finally {
      clearTimeout(timer);
    }
  }

  kill(signal: Deno.Signal = "SIGTERM"): void {
    try {
      this.child.kill(signal);
    } catch { /* already gone */ }
  }

  /** SIGKILL to vp-run's whole process group (CMD included, unless in a PTY of its own). */
  killGroup(): void {
    try {
      Deno.kill(-this.child.pid, "SIGKILL");
    } catch { /* all gone */ }
  }

  /**
   * For `finally`: SIGTERM (vp-run passes it on to CMD), the whole group
   * killed after 3 s, then waits for the end of the output.
   */
  async stop(): Promise<void> {
    this.kill("SIGTERM");
    const timer = setTimeout(() => this.killGroup(), 3000);
    try {
      await this.child.status;
    } finally {
      clearTimeout(timer);
    }
    await this.#done;
  }
}

function signalNumber(signal: Deno.Signal): number {
  return { SIGHUP: 1, SIGINT: 2, SIGKILL: 9, SIGTERM: 15 }[signal as string] ?? 1;
}

/** A viewer that keeps the raw frames of the first connection. */
export class RawViewer {
  readonly frames: Frame[] = [];
  transport: Transport | undefined;
  readonly #waiters = new Waiters();
  #reading: Promise<void> = Promise.resolve();

  private constructor(readonly listener: Listener, readonly dir: string) {}

  static async start(): Promise<RawViewer> {
    const dir = await Deno.makeTempDir({ prefix: "vp-run-test-" });
    const viewer = new RawViewer(await listen(`unix://${dir}/v.sock`), dir);
    const it = viewer.listener[Symbol.asyncIterator]();
    void it.next().then((r) => {
      if (r.done) return;
      viewer.transport = r.value;
      viewer.#reading = viewer.#read(r.value);
    });
    return viewer;
  }

  get uri(): string {
    return this.listener.uri;
  }

  async #read(t: Transport): Promise<void> {
    try {
      for await (const frame of t.frames()) {
        // Copied: the next chunk may reuse nothing, but the test keeps them long.
        this.frames.push({ type: frame.type, payload: frame.payload.slice(), offset: 0 });
        this.#waiters.check();
      }
    } catch { /* a broken connection shows as missing frames */ }
    this.#waiters.check();
  }

  /** Resolves once `n` frames arrived. */
  untilFrames(n: number, ms = 20_000): Promise<void> {
    return this.#waiters.until(
      () => this.frames.length >= n,
      () => `got ${this.frames.length} frames, expected ${n}`,
      ms,
    );
  }

  async close(): Promise<void> {
    await this.transport?.close();
    await this.#reading;
    await this.listener.close();
    await Deno.remove(this.dir, { recursive: true }).catch(() => {});
  }
}

/** The real headless viewer (session host and text files) serving a unix socket. */
export class HostedViewer {
  readonly host = new SessionHost();
  readonly textDir: string;
  #writer: TextDirWriter;
  #served: Promise<void> = Promise.resolve();

  private constructor(readonly listener: Listener, readonly dir: string) {
    this.textDir = `${dir}/text`;
    this.#writer = new TextDirWriter(this.textDir);
    this.host.observe(this.#writer);
  }

  static async start(): Promise<HostedViewer> {
    const dir = await Deno.makeTempDir({ prefix: "vp-run-host-" });
    const v = new HostedViewer(await listen(`unix://${dir}/v.sock`), dir);
    v.#served = v.host.serve(v.listener);
    return v;
  }

  get uri(): string {
    return this.listener.uri;
  }

  /** Resolves once `pred` holds, polling. */
  async until(pred: () => boolean, what: string, ms = 20_000): Promise<void> {
    const end = Date.now() + ms;
    while (!pred()) {
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  text(session: string): string | undefined {
    return this.host.session(session)?.text();
  }

  async close(): Promise<void> {
    await this.host.close();
    await this.listener.close().catch(() => {});
    await this.#served;
    await this.#writer.flush();
    await Deno.remove(this.dir, { recursive: true }).catch(() => {});
  }
}
