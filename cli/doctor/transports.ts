/**
 * `viewport doctor`'s transport checks: each local scheme is tried for real
 * (listen, connect, one frame across, close) with a short time limit; schemes
 * that need a parent process, a VM or another operating system are reported
 * from what this platform offers.
 *
 * @module
 */
import { MessageType } from "../../src/protocol/constants.ts";
import { encodeFrame } from "../../src/protocol/frame.ts";
import { connect, listen, type Listener, type Transport } from "../../src/transport/mod.ts";

/** How a scheme fared. */
export type TransportStatus = "ok" | "fail" | "available" | "unsupported";

/** One line of the transport table. */
export interface TransportCheck {
  scheme: string;
  status: TransportStatus;
  /** What was tried or why it does not apply. */
  detail: string;
  /** Time taken by a real check, in ms. */
  ms?: number;
}

/** What the checks may use. */
export interface TransportCheckOptions {
  os?: typeof Deno.build.os;
  env?: Readonly<Record<string, string>>;
  /** Limit per check, in ms (default 1500). */
  timeout?: number;
  /** Makes a certificate and key for tls/wss (default: openssl); undefined skips them. */
  makeCert?: (dir: string) => Promise<{ cert: string; key: string } | undefined>;
}

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms} ms`)), ms);
  });
  return Promise.race([p, limit]).finally(() => clearTimeout(timer));
}

/** Listens, connects, sends one frame from the app side and reads it on the viewer side. */
export async function roundTrip(
  listenUri: string,
  connectUri: (l: Listener) => string,
  timeout: number,
): Promise<void> {
  const listener = await listen(listenUri);
  let app: Transport | undefined;
  let peer: Transport | undefined;
  try {
    const accepted = listener[Symbol.asyncIterator]().next();
    // The connect may take the whole check's time (a loaded machine is slow, not broken).
    app = await connect(connectUri(listener), { connectTimeout: timeout });
    const next = await accepted;
    if (next.done) throw new Error("the listener closed before accepting");
    peer = next.value;
    await app.send(encodeFrame(MessageType.PATCH, new Uint8Array([0xa0])));
    const got = await peer.frames().next();
    if (got.done || got.value.type !== MessageType.PATCH) {
      throw new Error("the frame did not arrive");
    }
  } finally {
    await app?.close().catch(() => {});
    await peer?.close().catch(() => {});
    await listener.close().catch(() => {});
  }
}

/**
 * A self-signed certificate for 127.0.0.1 made with openssl (EC P-256, one
 * day); undefined when openssl is missing or fails.
 *
 * @example
 * ```ts
 * import { opensslCert } from "./transports.ts";
 * import assert from "node:assert/strict";
 * const dir = await Deno.makeTempDir();
 * const pair = await opensslCert(dir); // undefined without openssl
 * if (pair) assert.match(await Deno.readTextFile(pair.cert), /BEGIN CERTIFICATE/);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function opensslCert(dir: string): Promise<{ cert: string; key: string } | undefined> {
  const cert = `${dir}/cert.pem`;
  const key = `${dir}/key.pem`;
  try {
    const out = await new Deno.Command("openssl", {
      args: [
        "req",
        "-x509",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:P-256",
        "-nodes",
        "-days",
        "1",
        "-subj",
        "/CN=localhost",
        "-addext",
        "basicConstraints=critical,CA:FALSE",
        "-addext",
        "subjectAltName=IP:127.0.0.1,DNS:localhost",
        "-keyout",
        key,
        "-out",
        cert,
      ],
      stdin: "null",
      stdout: "null",
      stderr: "null",
    }).output();
    return out.success ? { cert, key } : undefined;
  } catch {
    return undefined;
  }
}

/** Runs `body` within `timeout`: "ok" with the time taken, or "fail" with one clean line. */
export async function timed(
  scheme: string,
  detail: string,
  timeout: number,
  body: () => Promise<void>,
): Promise<TransportCheck> {
  const start = performance.now();
  try {
    await withTimeout(body(), timeout, scheme);
    return { scheme, status: "ok", detail, ms: Math.round(performance.now() - start) };
  } catch (err) {
    // One line, no ANSI codes: Deno's import errors carry hints and colors.
    const message = String((err as Error)?.message ?? err)
      // deno-lint-ignore no-control-regex
      .replace(/\x1b\[[0-9;]*m/g, "").split("\n")[0].trim();
    return { scheme, status: "fail", detail: message, ms: Math.round(performance.now() - start) };
  }
}

function exists(path: string): boolean {
  try {
    Deno.statSync(path);
    return true;
  } catch {
    return false;
  }
}

/** The schemes that are not tried, described for this platform. */
function described(
  os: typeof Deno.build.os,
  env: Readonly<Record<string, string>>,
): TransportCheck[] {
  const unixLike = os !== "windows";
  const out: TransportCheck[] = [];
  const add = (scheme: string, ok: boolean, yes: string, no: string) =>
    out.push({ scheme, status: ok ? "available" : "unsupported", detail: ok ? yes : no });
  add(
    "fd",
    unixLike,
    "an inherited socket or pipe (viewport --via fd); needs a parent, not tried",
    "inherited descriptors are not supported on Windows",
  );
  add("stdio", true, "frames between terminal text inside a PTY (vp-run --via stdio)", "");
  add(
    "systemd",
    os === "linux",
    `socket activation; LISTEN_FDS is ${env.LISTEN_FDS ? "set" : "not set"} here`,
    `systemd socket activation is Linux only (this is ${os})`,
  );
  const vsockDev = os === "linux" && exists("/dev/vsock");
  out.push({
    scheme: "vsock",
    status: vsockDev ? "available" : "unsupported",
    detail: vsockDev
      ? "/dev/vsock is present (a VM or its host); Deno needs --unstable-vsock"
      : os === "linux"
      ? "/dev/vsock is missing (not a VM, or the vsock module is not loaded)"
      : `vsock is Linux only (this is ${os})`,
  });
  add("windows", os === "windows", "named pipes", `Windows named pipes (this is ${os})`);
  add("launchd", os === "darwin", "launchd sockets", `macOS launchd sockets (this is ${os})`);
  return out;
}

/**
 * Checks every transport. Local ones run in parallel, each within `timeout`.
 *
 * @example
 * ```ts
 * import { checkTransports } from "./transports.ts";
 * import assert from "node:assert/strict";
 * const checks = await checkTransports({ makeCert: async () => undefined });
 * const tcp = checks.find((c) => c.scheme === "tcp");
 * assert.equal(tcp?.status, "ok");
 * ```
 */
export async function checkTransports(o: TransportCheckOptions = {}): Promise<TransportCheck[]> {
  const os = o.os ?? Deno.build.os;
  const env = o.env ?? {};
  const timeout = o.timeout ?? 1500;
  const dir = await Deno.makeTempDir({ prefix: "viewport-doctor-" });
  try {
    const certs = (o.makeCert ?? opensslCert)(dir).catch(() => undefined);
    const id = crypto.randomUUID().slice(0, 8);
    const unixLike = os !== "windows";
    const jobs: Promise<TransportCheck>[] = [];
    if (unixLike) {
      jobs.push(
        timed(
          "unix",
          "socket file, mode 0600",
          timeout,
          () => roundTrip(`unix://${dir}/doctor.sock`, (l) => l.uri, timeout),
        ),
      );
    } else {
      jobs.push(
        Promise.resolve({ scheme: "unix", status: "unsupported", detail: "not on Windows" }),
      );
    }
    if (os === "linux") {
      jobs.push(
        timed(
          "unix-abstract",
          "Linux abstract socket",
          timeout,
          () => roundTrip(`unix-abstract://viewport-doctor-${id}`, (l) => l.uri, timeout),
        ),
      );
    } else {
      jobs.push(Promise.resolve({
        scheme: "unix-abstract",
        status: "unsupported",
        detail: `abstract sockets are Linux only (this is ${os})`,
      }));
    }
    jobs.push(
      timed(
        "tcp",
        "127.0.0.1, token line",
        timeout,
        () => roundTrip("tcp://127.0.0.1:0", (l) => l.uri, timeout),
      ),
    );
    jobs.push(
      timed(
        "ws",
        "127.0.0.1, bearer token",
        timeout,
        () => roundTrip("ws://127.0.0.1:0", (l) => l.uri, timeout),
      ),
    );
    for (const scheme of ["tls", "wss"] as const) {
      jobs.push(certs.then(async (pair) => {
        if (!pair) {
          return {
            scheme,
            status: "available" as const,
            detail: "not tried: openssl could not make a test certificate",
          };
        }
        const q = `cert=${encodeURIComponent(pair.cert)}&key=${encodeURIComponent(pair.key)}`;
        return await timed(
          scheme,
          "127.0.0.1, self-signed certificate",
          timeout,
          () =>
            roundTrip(
              `${scheme}://127.0.0.1:0?${q}`,
              (l) => `${l.uri}${l.uri.includes("?") ? "&" : "?"}insecure=true`,
              timeout,
            ),
        );
      }));
    }
    const tried = await Promise.all(jobs);
    return [...tried, ...described(os, env)];
  } finally {
    await Deno.remove(dir, { recursive: true }).catch(() => {});
  }
}
