/**
 * A real `nats-server` for the NATS tests: Debian's package (installed once,
 * under the machine-wide lock, like Chromium), on a free loopback port, with
 * an optional configuration. Stopped and started again on the same port for
 * the restart tests.
 *
 * @module
 */
import { ensurePackage, NATS_SERVER } from "../_util/system_packages.ts";

/** Options of {@linkcode startNatsServer}. */
export interface NatsServerOptions {
  /** The port (default: a free one, picked by the server). */
  port?: number;
  /** Lines of nats-server configuration (e.g. `max_payload: 4096`). */
  config?: string[];
}

/** A running server. */
export interface NatsServer {
  /** `127.0.0.1:PORT`. */
  readonly hostPort: string;
  readonly port: number;
  /** The server's process id (for CPU accounting in benchmarks). */
  readonly pid: number;
  /** Stops it (SIGTERM, then SIGKILL) and removes its files. */
  stop(): Promise<void>;
  /** Kills it abruptly (SIGKILL), keeping its files for a restart. */
  kill(): Promise<void>;
  /** Starts it again on the same port after `kill`. */
  restart(): Promise<void>;
}

/** Starts `nats-server` on loopback and waits until it accepts clients. */
export async function startNatsServer(options: NatsServerOptions = {}): Promise<NatsServer> {
  const exe = await ensurePackage(NATS_SERVER);
  const dir = await Deno.makeTempDir({ prefix: "viewport-nats-" });
  const configPath = `${dir}/nats.conf`;
  await Deno.writeTextFile(configPath, (options.config ?? []).join("\n") + "\n");
  let port = options.port ?? -1;
  let child: Deno.ChildProcess | null = null;

  const spawn = async () => {
    const c = new Deno.Command(exe, {
      args: ["-c", configPath, "-a", "127.0.0.1", "-p", String(port)],
      stdin: "null",
      stdout: "null",
      stderr: "piped",
    }).spawn();
    child = c;
    // The log says where it listens; the rest of the log is read and dropped
    // so that the pipe never fills.
    const lines = c.stderr.pipeThrough(new TextDecoderStream()).getReader();
    let log = "";
    for (;;) {
      const { value, done } = await lines.read();
      if (done) throw new Error(`nats-server exited before listening:\n${log.slice(-2000)}`);
      log += value;
      const m = /Listening for client connections on [0-9.]+:(\d+)/.exec(log);
      if (m) {
        port = Number(m[1]);
        break;
      }
      if (/Server is ready/.test(log)) break;
    }
    void (async () => {
      try {
        while (!(await lines.read()).done);
      } catch { /* the process went away */ }
    })();
  };

  const end = async (signal: Deno.Signal) => {
    const c = child as Deno.ChildProcess | null;
    child = null;
    if (!c) return;
    try {
      c.kill(signal);
    } catch { /* already gone */ }
    await c.status;
  };

  await spawn();
  return {
    get hostPort() {
      return `127.0.0.1:${port}`;
    },
    get port() {
      return port;
    },
    get pid() {
      return (child as Deno.ChildProcess | null)?.pid ?? 0;
    },
    async stop() {
      await end("SIGTERM");
      await Deno.remove(dir, { recursive: true }).catch(() => {});
    },
    kill: () => end("SIGKILL"),
    async restart() {
      await end("SIGKILL");
      // The port was just freed; the server binds with SO_REUSEADDR.
      await spawn();
    },
  };
}
