/**
 * An app in its own process, in any language: the driver makes a private
 * unix socket, spawns the command with `VIEWPORT` pointing there (as the
 * `viewport` viewer does), and is the viewer on the connection it accepts.
 *
 * @module
 */
import type { Message } from "../protocol/messages/types.ts";
import { buildAppEnv, listen, type Listener, type Transport } from "../transport/mod.ts";
import { newSessionId } from "../sdk/output_mode.ts";
import { type AppExit, driverEnv, type DriverLink, type Size, TextTail } from "./link.ts";
import { TestViewer } from "./viewer_end.ts";

/** Options for {@linkcode processLink}. */
export interface ProcessOptions {
  size: Size;
  /** The session id (`VIEWPORT_SESSION`); default a fresh one. */
  session?: string;
  /** Working directory of the command. */
  cwd?: string;
  /** More environment variables (the driver's `VIEWPORT*` variables win). */
  env?: Record<string, string>;
  /** How long the app may take to connect (default 30 s). */
  connectTimeoutMs?: number;
}

const GRACE_MS = 3000;

/** The app could not be started, or ended before it connected. */
export class AppStartError extends Error {
  override name = "AppStartError";
}

/**
 * Spawns `command` and waits for it to connect. Rejects with
 * {@linkcode AppStartError} (its stderr included) when it cannot be run or ends
 * first.
 *
 * @example
 * ```ts
 * import { processLink } from "./process.ts";
 * import assert from "node:assert/strict";
 * await assert.rejects(
 *   processLink(["sh", "-c", "echo broken >&2; exit 3"], { size: { columns: 20, rows: 2 } }),
 *   /exited with status 3[^]*broken/,
 * );
 * ```
 */
export async function processLink(
  command: readonly string[],
  options: ProcessOptions,
): Promise<DriverLink> {
  if (command.length === 0 || command.some((c) => typeof c !== "string" || c === "")) {
    throw new TypeError("expected a command: a non-empty list of non-empty strings");
  }
  const session = options.session ?? newSessionId();
  const label = command.join(" ");
  const dir = await Deno.makeTempDir({ prefix: "viewport-driver-" });
  let listener: Listener | undefined;
  let child: Deno.ChildProcess | undefined;
  const stderr = new TextTail();
  const readers: Promise<void>[] = [];
  const cleanup = async () => {
    await listener?.close().catch(() => {});
    await Promise.all(readers);
    await Deno.remove(dir, { recursive: true }).catch(() => {});
  };
  try {
    listener = await listen(`unix://${dir}/app.sock`);
    const env = {
      ...options.env,
      ...buildAppEnv({ uri: listener.uri, session, features: ["canvas"] }),
    };
    try {
      child = new Deno.Command(command[0], {
        args: command.slice(1),
        cwd: options.cwd,
        env,
        stdin: "null",
        stdout: "piped",
        stderr: "piped",
      }).spawn();
    } catch (err) {
      const why = err instanceof Deno.errors.NotFound
        ? "command not found"
        : (err as Error).message;
      throw new AppStartError(`cannot run ${JSON.stringify(command[0])}: ${why}`);
    }
    const stderrRead = drain(child.stderr, stderr);
    readers.push(drain(child.stdout, null), stderrRead);
    const status = child.status;
    const accepted = listener[Symbol.asyncIterator]().next();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const ms = options.connectTimeoutMs ?? 30_000;
    const first = await Promise.race([
      accepted.then((r) => r.done ? null : r.value),
      status.then((s) => s),
      new Promise<"timeout">((r) => timer = setTimeout(() => r("timeout"), ms)),
    ]).finally(() => clearTimeout(timer));
    if (first === "timeout" || first === null || !("send" in first)) {
      if (first === "timeout") child.kill("SIGKILL");
      const s = await status;
      await Promise.all(readers);
      const why = first === "timeout"
        ? `did not connect within ${ms} ms`
        : `exited with status ${statusCode(s)} before it connected`;
      throw new AppStartError(`${label} ${why}${stderrBlock(stderr.text)}`);
    }
    await listener.close();
    return new ProcessLink(label, first, child, stderr, stderrRead, session, options.size, cleanup);
  } catch (err) {
    if (child) {
      try {
        child.kill("SIGKILL");
      } catch { /* already gone */ }
      await child.status;
    }
    await cleanup();
    throw err;
  }
}

async function drain(stream: ReadableStream<Uint8Array>, tail: TextTail | null): Promise<void> {
  try {
    for await (const chunk of stream) tail?.push(chunk);
  } catch { /* the pipe broke: the process is gone */ }
}

function statusCode(s: Deno.CommandStatus): number {
  return s.signal ? 128 + (SIGNALS[s.signal] ?? 1) : s.code;
}

const SIGNALS: Record<string, number> = { SIGHUP: 1, SIGINT: 2, SIGKILL: 9, SIGTERM: 15 };

/** A process's stderr for a message, or nothing when it wrote none. */
export function stderrBlock(text: string): string {
  const t = text.replace(/\s+$/, "");
  return t ? `; its stderr:\n${t.split("\n").map((l) => `  ${l}`).join("\n")}` : "";
}

class ProcessLink implements DriverLink {
  readonly label: string;
  #viewer: TestViewer;
  #child: Deno.ChildProcess;
  #stderr: TextTail;
  #session: string;
  #exit: AppExit | null = null;
  #listeners = new Set<() => void>();
  #cleanup: () => Promise<void>;
  #closing: Promise<AppExit> | null = null;
  #status: Promise<Deno.CommandStatus>;
  #exitKnown: Promise<void>;
  #closedByUs = false;

  constructor(
    label: string,
    transport: Transport,
    child: Deno.ChildProcess,
    stderr: TextTail,
    stderrRead: Promise<void>,
    session: string,
    size: Size,
    cleanup: () => Promise<void>,
  ) {
    this.label = label;
    this.#child = child;
    this.#stderr = stderr;
    this.#session = session;
    this.#cleanup = cleanup;
    this.#viewer = new TestViewer(transport, {
      env: driverEnv(size, session),
      standardSlots: true,
      record: false,
    });
    this.#viewer.onMessage(() => this.#notify());
    this.#status = child.status;
    // The exit is known once its stderr is read to the end too (a crash report is
    // written just before the exit, and a loaded machine can read it after the
    // status); a child that left stderr open to a grandchild waits at most 2 s.
    this.#exitKnown = this.#status.then(async (s) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([stderrRead, new Promise((r) => timer = setTimeout(r, 2000))]);
      clearTimeout(timer);
      const code = statusCode(s);
      this.#exit = {
        code,
        reason: this.#closedByUs
          ? "ended when closed"
          : s.signal
          ? `killed by ${s.signal}`
          : "exited",
      };
      this.#notify();
    });
  }

  get model() {
    return this.#viewer.model;
  }
  get session() {
    return this.#viewer.session ?? this.#session;
  }
  get title() {
    return this.#viewer.title;
  }
  get exit() {
    return this.#exit;
  }
  get rejections() {
    return this.#viewer.rejected.map((r) =>
      `${r.message.type}: ${(r.error as Error)?.message ?? r.error}`
    );
  }

  async send(message: Message): Promise<boolean> {
    if (this.#exit || this.#viewer.ended) return false;
    try {
      await this.#viewer.send(message);
      return true;
    } catch {
      return false;
    }
  }

  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  stderr(): string {
    return this.#stderr.text;
  }

  #notify(): void {
    for (const l of this.#listeners) l();
  }

  close(): Promise<AppExit> {
    this.#closing ??= this.#close();
    return this.#closing;
  }

  async #close(): Promise<AppExit> {
    const exited = this.#status.then(() => true);
    const within = async (ms: number) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const late = new Promise<false>((r) => timer = setTimeout(() => r(false), ms));
      try {
        return await Promise.race([exited, late]);
      } finally {
        clearTimeout(timer);
      }
    };
    if (!this.#exit) {
      this.#closedByUs = true;
      await this.#viewer.send({ type: "REGION", action: "close" }).catch(() => {});
      if (!(await within(GRACE_MS))) {
        this.#kill("SIGTERM");
        if (!(await within(GRACE_MS))) this.#kill("SIGKILL");
      }
    }
    await this.#status;
    await this.#viewer.close();
    await this.#viewer.done;
    await this.#cleanup();
    await this.#exitKnown;
    this.#listeners.clear();
    return this.#exit!;
  }

  #kill(signal: Deno.Signal): void {
    try {
      this.#child.kill(signal);
    } catch { /* it ended meanwhile */ }
  }
}
