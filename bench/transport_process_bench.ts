/**
 * 64 KiB throughput with the app in its own process, as in real use (app and
 * viewer are separate processes, on separate cores when there are two). The
 * in-process benchmark (bench/transport_bench.ts) runs both ends on one
 * thread, where raw loopback TCP swings between ~2 and ~7.5 GB/s from one
 * burst to the next (how the writes and reads of one event loop happen to
 * interleave, keeping the socket's buffers in cache or not). Here the app
 * (bench/transport_process_app.ts) sends bursts of 128 frames of 64 KiB when
 * asked; the viewer side reads them raw or through our listener with
 * `transientFrames`, side by side in the same run. Raw uses the stacks our
 * transports use, without frames:
 * - unix, unix-abstract, tcp: Deno sockets, one reused 256 KiB read buffer;
 * - tls: Deno's TLS server (TCP_NODELAY as our listener sets it) and client;
 * - mtls (mutual TLS, our `node:tls` listener): a `node:tls` server asking
 *   for client certificates and a `node:tls` client presenting one, counted;
 * - ws, wss: `Deno.serve` and a `ws` client, binary messages, counted;
 * - fd: a Unix socket pair made as `spawnWithChannel` and `vp-run --via fd`
 *   make it, one end as the child's fd 3; `node:net` on both ends, the
 *   viewer's reading with `onread` into one reused buffer, counted.
 *
 *   deno bench -A bench/transport_process_bench.ts            # about 20 s
 *   BENCH_TRANSPORTS=mtls,wss deno bench -A bench/transport_process_bench.ts
 *
 * Each transport runs three rounds of 20 iterations, each round with new app
 * processes and connections. At the end it prints the median MB/s of each,
 * framed / raw of the medians, and the median of each iteration's framed /
 * raw (paired: steadier on a shared machine, where raw alone drifted by 25%
 * between runs).
 */
import { spawn } from "node:child_process";
import net, { type AddressInfo, type IpcNetConnectOpts, type Socket } from "node:net";
import tls from "node:tls";
import { encodeFrame, type Frame } from "../src/protocol/frame.ts";
import { denoTlsListener } from "./transport_raw.ts";
import { listen, type Transport } from "../src/transport/mod.ts";
import { spawnWithChannel } from "../src/transport/launch/mod.ts";
import { makeTestCerts, query } from "../tests/transport/certs.ts";
import { BURST, PAYLOAD } from "./transport_process_app.ts";

const APP = new URL("./transport_process_app.ts", import.meta.url).pathname;
const TOTAL = BURST * (PAYLOAD + 8);
const dir = Deno.makeTempDirSync({ prefix: "vp-process-bench-" });
const abstract = `vp-process-bench-${crypto.randomUUID()}`;
const certs = await makeTestCerts();
const pem = (p: string) => Deno.readTextFileSync(p);
const serverFiles = { cert: certs.serverCert, key: certs.serverKey };
// What the current round started (apps, listeners, connections), undone when
// the next round starts or the bench ends.
const undo: (() => unknown)[] = [];
const endRound = () => {
  for (const f of undo.splice(0)) {
    try {
      void Promise.resolve(f()).catch(() => {});
    } catch {
      // Already gone.
    }
  }
};
let roundNo = 0;
globalThis.addEventListener("unload", () => {
  endRound();
  Deno.removeSync(dir, { recursive: true });
  certs.remove();
});

function appArgs(mode: "raw" | "framed", kind: string, address: string): string[] {
  const files = kind === "mtls"
    ? [certs.ca, certs.clientCert, certs.clientKey]
    : kind === "tls" || kind === "wss"
    ? [certs.ca]
    : [];
  return ["run", "-A", APP, mode, kind, address, ...files];
}

function spawnApp(mode: "raw" | "framed", kind: string, address: string): void {
  const child = new Deno.Command(Deno.execPath(), {
    args: appArgs(mode, kind, address),
    stdout: "null",
    stderr: "inherit",
  }).spawn();
  undo.push(() => child.kill());
}

type Burst = () => Promise<void>;

/** Counts arriving bytes; `burst()` asks and resolves once a burst is in. */
function counter(ask: () => void): { add(n: number): void; burst: Burst } {
  let got = 0;
  let done: (() => void) | null = null;
  return {
    add(n) {
      got += n;
      if (got >= TOTAL && done) {
        got -= TOTAL;
        const d = done;
        done = null;
        d();
      }
    },
    burst: () => new Promise<void>((r) => (done = r, ask())),
  };
}

/** Raw over a Deno listener: ask with one byte, read into one reused buffer. */
async function denoRawBurst(kind: string, listener: Deno.Listener, address: string) {
  spawnApp("raw", kind, address);
  const conn = await listener.accept();
  listener.close();
  undo.push(() => conn.close());
  if ("setNoDelay" in conn) (conn as Deno.TcpConn).setNoDelay(true);
  const buf = new Uint8Array(256 * 1024);
  const ask = new Uint8Array([1]);
  return async () => {
    await conn.write(ask);
    for (let got = 0; got < TOTAL;) {
      const n = await conn.read(buf);
      if (n === null) throw new Error("the raw app ended");
      got += n;
    }
  };
}

/** Raw over a Node socket: bytes counted as they arrive. */
function nodeRawBurst(socket: Socket): Burst {
  const count = counter(() => socket.write(new Uint8Array([1])));
  socket.on("data", (d: Uint8Array) => count.add(d.length));
  return count.burst;
}

async function mtlsRawBurst(): Promise<Burst> {
  let accept!: (s: tls.TLSSocket) => void;
  const accepted = new Promise<tls.TLSSocket>((r) => accept = r);
  const server = tls.createServer({
    cert: pem(certs.serverCert),
    key: pem(certs.serverKey),
    ca: pem(certs.ca),
    requestCert: true,
    rejectUnauthorized: true,
  }, accept);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  spawnApp("raw", "mtls", String((server.address() as AddressInfo).port));
  const socket = await accepted;
  server.close();
  undo.push(() => socket.destroy());
  socket.setNoDelay(true);
  return nodeRawBurst(socket);
}

async function wsRawBurst(kind: "ws" | "wss"): Promise<Burst> {
  let open!: (s: WebSocket) => void;
  const opened = new Promise<WebSocket>((r) => open = r);
  const tlsFiles = kind === "wss" ? { cert: pem(certs.serverCert), key: pem(certs.serverKey) } : {};
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen() {}, ...tlsFiles },
    (req) => {
      const { socket, response } = Deno.upgradeWebSocket(req, { idleTimeout: 0 });
      socket.binaryType = "arraybuffer";
      socket.onopen = () => open(socket);
      return response;
    },
  );
  undo.push(() => server.shutdown());
  spawnApp("raw", kind, String(server.addr.port));
  const socket = await opened;
  const count = counter(() => socket.send(new Uint8Array([1])));
  socket.onmessage = (e) => count.add((e.data as ArrayBuffer).byteLength);
  return count.burst;
}

/**
 * Raw fd: a connected Unix socket pair made as `openChildChannel` makes it
 * (a one-shot listener), the accepted end as the child's fd 3; our end reads
 * with `onread` into one reused buffer, counted.
 */
async function fdRawBurst(): Promise<Burst> {
  const path = `${dir}/fd-raw${roundNo}.sock`;
  let accept!: (s: Socket) => void;
  const accepted = new Promise<Socket>((r) => accept = r);
  const server = net.createServer({ pauseOnConnect: true }, accept);
  await new Promise<void>((r) => server.listen(path, r));
  let add = (_n: number) => {};
  const ours = net.connect({
    path,
    onread: { buffer: new Uint8Array(256 * 1024), callback: (n: number) => (add(n), true) },
  } as IpcNetConnectOpts);
  const theirs = await accepted;
  server.close();
  const child = spawn(Deno.execPath(), appArgs("raw", "fd", "-"), {
    stdio: ["ignore", "ignore", "inherit", theirs],
  });
  undo.push(() => child.kill(), () => ours.destroy());
  await new Promise((r) => child.once("spawn", r));
  theirs.destroy();
  const count = counter(() => ours.write(new Uint8Array([1])));
  add = count.add;
  return count.burst;
}

const tcpListener = () => Deno.listen({ hostname: "127.0.0.1", port: 0 });
const portOf = (l: Deno.Listener) => String((l.addr as Deno.NetAddr).port);

const RAW: Record<string, () => Promise<Burst>> = {
  unix: () =>
    denoRawBurst(
      "unix",
      Deno.listen({ transport: "unix", path: `${dir}/raw${roundNo}.sock` }),
      `${dir}/raw${roundNo}.sock`,
    ),
  "unix-abstract": () =>
    denoRawBurst(
      "unix-abstract",
      Deno.listen({ transport: "unix", path: `\0${abstract}-raw${roundNo}` }),
      `${abstract}-raw${roundNo}`,
    ),
  tcp: () => {
    const l = tcpListener();
    return denoRawBurst("tcp", l, portOf(l));
  },
  tls: () => {
    const l = denoTlsListener(pem(certs.serverCert), pem(certs.serverKey));
    return denoRawBurst("tls", l, portOf(l));
  },
  mtls: mtlsRawBurst,
  ws: () => wsRawBurst("ws"),
  wss: () => wsRawBurst("wss"),
  fd: fdRawBurst,
};

const LISTEN_URIS: Record<string, () => string> = {
  unix: () => `unix://${dir}/framed${roundNo}.sock`,
  "unix-abstract": () => `unix-abstract://${abstract}-framed${roundNo}`,
  tcp: () => "tcp://127.0.0.1:0",
  tls: () => `tls://127.0.0.1:0${query(serverFiles)}`,
  mtls: () => `tls://127.0.0.1:0${query({ ...serverFiles, ca: certs.ca })}`,
  ws: () => "ws://127.0.0.1:0/viewport",
  wss: () => `wss://127.0.0.1:0/viewport${query(serverFiles)}`,
};

/** The viewer's end of a framed app, reached through our listener (or fd 3). */
async function framedViewer(kind: string): Promise<Transport> {
  if (kind === "fd") {
    const { child, transport } = await spawnWithChannel(
      Deno.execPath(),
      appArgs("framed", "fd", "-"),
      { stdio: ["ignore", "ignore", "inherit"] },
    );
    undo.push(() => child.kill(), () => transport.close());
    return transport;
  }
  const listener = await listen(LISTEN_URIS[kind]());
  undo.push(() => listener.close());
  const address = kind === "unix"
    ? `${dir}/framed${roundNo}.sock`
    : kind === "unix-abstract"
    ? `${abstract}-framed${roundNo}`
    : new URL(listener.uri.replace(/^\w+:/, "http:")).port;
  const accepted = listener[Symbol.asyncIterator]().next();
  spawnApp("framed", kind, address);
  const transport = (await accepted).value as Transport;
  undo.push(() => transport.close());
  return transport;
}

/** Framed: ask with one frame, take the burst's frames. */
async function framedBurst(kind: string): Promise<Burst> {
  const viewer = await framedViewer(kind);
  const frames: AsyncIterator<Frame> = viewer.frames({ transient: true });
  const ask = encodeFrame(0x06, new Uint8Array([0xa0]));
  return async () => {
    await viewer.send(ask);
    for (let i = 0; i < BURST; i++) {
      if ((await frames.next()).done) throw new Error("the framed app ended");
    }
  };
}

// Raw and framed bursts alternate within each iteration: run back to back,
// either one can drift into a state (TCP buffer autotuning, caches) the other
// never saw, which made raw loopback TCP alone read 2 or 7.5 GB/s by run.
// And each round starts both apps and connections afresh: a process or a
// connection can be lucky or unlucky for its whole life (which core, which
// loopback TCP mode), which alone moved one run's ratio by 30%.
const ROUNDS = 3;
const PER_ROUND = 20;
const WARMUP = 10;
const only = Deno.env.get("BENCH_TRANSPORTS")?.split(",");
const kinds = Object.keys(RAW).filter((k) => !only || only.includes(k));
const samples = new Map<string, number[]>();
for (const kind of kinds) {
  const rawTimes: number[] = [];
  const framedTimes: number[] = [];
  samples.set(`${kind}|raw`, rawTimes);
  samples.set(`${kind}|framed`, framedTimes);
  let raw: Burst | null = null;
  let framed: Burst | null = null;
  let rounds = 0;
  Deno.bench({
    name: `${kind}: a raw burst, then a framed burst (transientFrames), app in a child process`,
    n: ROUNDS * PER_ROUND,
    warmup: 1,
    async fn() {
      if (!raw || !framed || (rawTimes.length === rounds * PER_ROUND && rounds < ROUNDS)) {
        endRound();
        roundNo++;
        rounds++;
        raw = await RAW[kind]();
        framed = await framedBurst(kind);
        for (let i = 0; i < WARMUP; i++) await raw(), await framed();
      }
      let t0 = performance.now();
      await raw();
      rawTimes.push(performance.now() - t0);
      t0 = performance.now();
      await framed();
      framedTimes.push(performance.now() - t0);
    },
  });
}

globalThis.addEventListener("unload", () => {
  // MB/s at quantile q of the burst rates (a short burst is a high rate).
  const rate = (key: string, q: number) => {
    const times = [...samples.get(key)!].sort((a, b) => b - a);
    return TOTAL / times[Math.min(times.length - 1, Math.floor(q * times.length))] / 1000;
  };
  const range = (key: string) =>
    `${rate(key, 0.5).toFixed(0)} (${rate(key, 0.25).toFixed(0)}-${rate(key, 0.75).toFixed(0)})`;
  // Each iteration's framed burst against its own raw burst: both halves saw
  // the same moment of a shared machine, so drift between iterations cancels.
  const paired = (kind: string) => {
    const raw = samples.get(`${kind}|raw`)!;
    const ratios = samples.get(`${kind}|framed`)!.map((t, i) => raw[i] / t).sort((a, b) => a - b);
    return Math.round(ratios[Math.floor(ratios.length / 2)] * 100);
  };
  const lines = [
    "",
    "| transport | raw MB/s, median (p25-p75) | framed MB/s, median (p25-p75) | framed / raw | median of paired framed / raw |",
    "| --- | --: | --: | --: | --: |",
  ];
  for (const kind of kinds) {
    const ratio = rate(`${kind}|framed`, 0.5) / rate(`${kind}|raw`, 0.5);
    lines.push(
      `| ${kind} | ${range(`${kind}|raw`)} | ${range(`${kind}|framed`)} | ${
        Math.round(ratio * 100)
      }% | ${paired(kind)}% |`,
    );
  }
  console.log(lines.join("\n"));
});
