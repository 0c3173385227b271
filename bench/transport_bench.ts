/**
 * Transport benchmarks: each transport (connect/listen, frames) side by side
 * with raw bytes over the same kind of socket, in the same run:
 * - round trip: a 100-byte payload sent and echoed back (raw: the same 108
 *   bytes through a byte echo);
 * - throughput: a batch one way in frames of 100 B, 1 KiB and 64 KiB payload,
 *   then a 1-frame ack (raw: the same bytes, one write per frame, a 1-byte ack;
 *   the raw sink reads into one reused buffer, and for Deno sockets also into a
 *   new buffer per read, which is what a reader that keeps the bytes pays).
 * The framed sink runs twice: as transports deliver frames by default (each
 * frame's memory is the consumer's to keep, so reads need fresh buffers: compare
 * with the raw reader that allocates per read) and with transient frames (`frames({ transient: true })`)
 * (frames decoded at once, read buffers reused: compare with the raw reader
 * that reuses one buffer).
 * Targets: >= 80% of raw throughput at 64 KiB; round-trip p50 <= 1.3x raw.
 *
 *   deno bench -A bench/transport_bench.ts
 *   BENCH_TRANSPORTS=tcp,unix deno bench -A bench/transport_bench.ts   # some only
 *
 * deno bench prints avg/p75/p99 per bench; at the end a summary (from every
 * iteration's own timing) gives round-trip p50/p99 and median throughput.
 */
import net from "node:net";
import { encodeFrame, type Frame } from "../src/protocol/frame.ts";
import {
  connect,
  listen,
  type Listener,
  type ListenOptions,
  type Transport,
} from "../src/transport/mod.ts";
import { makeTestCerts, query } from "../tests/transport/certs.ts";
import {
  denoRawServe,
  denoRawStream,
  denoTlsListener,
  nodeRawServe,
  nodeRawStream,
  type RawStream,
  type SinkTarget,
  socketpair,
  wsRawServer,
  wsRawStream,
} from "./transport_raw.ts";

const SIZES: [payload: number, total: number, n: number][] = [
  [100, 1 << 20, 10],
  [1024, 4 << 20, 20],
  [65536, 8 << 20, 60],
];
const DATA = 0x05, END = 0x0a, ACK = 0x0b;

interface RawSet {
  echo: RawStream;
  sink: RawStream;
  /** A sink reading into a new buffer per read. */
  fresh?: RawStream;
}

interface FramedSet {
  echo: Transport;
  sink: Transport;
  /** A sink whose viewer side reads with `frames({ transient: true })`. */
  transient: Transport;
}

interface Kind {
  name: string;
  /** An echo pair and a sink pair; the app ends are returned. */
  framed(): Promise<FramedSet>;
  raw(sink: SinkTarget): Promise<RawSet>;
}

// ---- framed servers --------------------------------------------------------

async function framedServe(
  viewer: Transport,
  mode: "echo" | "sink",
  transient = false,
): Promise<void> {
  const ack = encodeFrame(ACK, new Uint8Array([0xa0]));
  try {
    for await (const f of viewer.frames({ transient })) {
      if (mode === "echo") await viewer.send(encodeFrame(f.type, f.payload));
      else if (f.type === END) await viewer.send(ack);
    }
  } catch {
    // The bench process ends with the connections open.
  }
}

async function listenerPairs(
  listenUri: (n: number) => string,
  connectSuffix = "",
  listenOptions: ListenOptions = {},
): Promise<FramedSet> {
  const apps: Transport[] = [];
  const listeners: Listener[] = [];
  for (const [n, mode] of [[0, "echo"], [0, "sink"], [1, "sink"]] as const) {
    const listener = listeners[n] ??= await listen(listenUri(n), listenOptions);
    const accepted = listener[Symbol.asyncIterator]().next();
    apps.push(await connect(listener.uri + connectSuffix));
    void framedServe((await accepted).value as Transport, mode, n === 1);
  }
  return { echo: apps[0], sink: apps[1], transient: apps[2] };
}

// ---- the transports --------------------------------------------------------

const certs = await makeTestCerts();
globalThis.addEventListener("unload", () => certs.remove());
const pem = (p: string) => Deno.readTextFileSync(p);
const serverFiles = query({ cert: certs.serverCert, key: certs.serverKey });
const dir = Deno.makeTempDirSync({ prefix: "vp-bench-" });
globalThis.addEventListener("unload", () => Deno.removeSync(dir, { recursive: true }));
const abstract = `vp-bench-${crypto.randomUUID()}`;
let rawN = 0;

/** Raw client streams to a Deno listener, one per mode. */
function denoRaw(
  listenRaw: () => Deno.Listener,
  connectRaw: (addr: Deno.Addr) => Promise<Deno.Conn>,
) {
  return async (sink: SinkTarget): Promise<RawSet> => {
    const out: RawStream[] = [];
    for (const mode of ["echo", "sink", "fresh"] as const) {
      const l = listenRaw();
      const accepted = l.accept();
      const client = await connectRaw(l.addr);
      const server = await accepted;
      l.close();
      if ("handshake" in client) await (client as Deno.TlsConn).handshake();
      void denoRawServe(server, mode, sink);
      out.push(denoRawStream(client));
    }
    return { echo: out[0], sink: out[1], fresh: out[2] };
  };
}

/** Our TLS client setup: Deno's TLS over a TCP socket with TCP_NODELAY. */
async function tlsClient(port: number): Promise<Deno.TlsConn> {
  const tcp = await Deno.connect({ hostname: "127.0.0.1", port });
  tcp.setNoDelay(true);
  const conn = await Deno.startTls(tcp, { hostname: "127.0.0.1", caCerts: [pem(certs.ca)] });
  await conn.handshake();
  return conn;
}

/**
 * Raw TLS through a `node:tls` server (TCP_NODELAY on accepted sockets), our
 * client: what the listener with `tlsServer: "node"` (mutual TLS) runs on.
 */
async function nodeTlsRaw(sink: SinkTarget): Promise<RawSet> {
  const tls = await import("node:tls");
  const out: RawStream[] = [];
  for (const mode of ["echo", "sink"] as const) {
    const server = tls.createServer(
      { cert: pem(certs.serverCert), key: pem(certs.serverKey) },
      (socket) => {
        socket.setNoDelay(true);
        nodeRawServe(socket, mode, sink);
      },
    );
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    out.push(denoRawStream(await tlsClient((server.address() as net.AddressInfo).port)));
  }
  return { echo: out[0], sink: out[1] };
}

const unixPath = (a: Deno.Addr) => (a as Deno.UnixAddr).path;
const port = (a: Deno.Addr) => (a as Deno.NetAddr).port;

const KINDS: Kind[] = [
  {
    name: "unix",
    framed: () => listenerPairs((n) => `unix://${dir}/framed${n}.sock`),
    raw: denoRaw(
      () => Deno.listen({ transport: "unix", path: `${dir}/raw${rawN++}.sock` }),
      (a) => Deno.connect({ transport: "unix", path: unixPath(a) }),
    ),
  },
  {
    name: "unix-abstract",
    framed: () => listenerPairs((n) => `unix-abstract://${abstract}-${n}`),
    raw: denoRaw(
      () => Deno.listen({ transport: "unix", path: `\0${abstract}-raw${rawN++}` }),
      (a) => Deno.connect({ transport: "unix", path: unixPath(a) }),
    ),
  },
  {
    name: "tcp",
    framed: () => listenerPairs(() => "tcp://127.0.0.1:0"),
    raw: denoRaw(
      () => Deno.listen({ hostname: "127.0.0.1", port: 0 }),
      (a) => Deno.connect({ hostname: "127.0.0.1", port: port(a) }),
    ),
  },
  {
    // The default listener: Deno's TLS server.
    name: "tls",
    framed: () =>
      listenerPairs(() => `tls://127.0.0.1:0${serverFiles}`, query({ ca: certs.ca }), {
        tlsServer: "deno",
      }),
    raw: denoRaw(
      () => denoTlsListener(pem(certs.serverCert), pem(certs.serverKey)),
      (a) => tlsClient(port(a)),
    ),
  },
  {
    // The listener for mutual TLS (and where Deno's cannot get TCP_NODELAY).
    name: "tls-node",
    framed: () =>
      listenerPairs(() => `tls://127.0.0.1:0${serverFiles}`, query({ ca: certs.ca }), {
        tlsServer: "node",
      }),
    raw: nodeTlsRaw,
  },
  {
    // A socketpair, as spawnWithChannel gives an app; both ends node:net.
    name: "fd",
    async framed() {
      const apps: Transport[] = [];
      for (
        const [mode, transientFrames] of [["echo", false], ["sink", false], ["sink", true]] as const
      ) {
        const [a, b] = socketpair();
        apps.push(await connect(`fd://${a}?duplex=true`));
        void framedServe(await connect(`fd://${b}?duplex=true`), mode, transientFrames);
      }
      return { echo: apps[0], sink: apps[1], transient: apps[2] };
    },
    raw(sink) {
      const streams = (["echo", "sink"] as const).map((mode) => {
        const [a, b] = socketpair();
        nodeRawServe(new net.Socket({ fd: b, readable: true, writable: true }), mode, sink);
        return nodeRawStream(new net.Socket({ fd: a, readable: true, writable: true }));
      });
      return Promise.resolve({ echo: streams[0], sink: streams[1] });
    },
  },
  {
    // Raw: the same bytes as binary messages, npm ws client -> Deno.serve.
    name: "ws",
    framed: () => listenerPairs(() => "ws://127.0.0.1:0/viewport"),
    async raw(sink) {
      const server = wsRawServer(sink);
      const url = (mode: string) => `ws://127.0.0.1:${server.addr.port}/${mode}`;
      return { echo: await wsRawStream(url("echo")), sink: await wsRawStream(url("sink")) };
    },
  },
  {
    name: "wss",
    framed: () =>
      listenerPairs(() => `wss://127.0.0.1:0/viewport${serverFiles}`, query({ ca: certs.ca })),
    async raw(sink) {
      const server = wsRawServer(sink, {
        cert: pem(certs.serverCert),
        key: pem(certs.serverKey),
      });
      const url = (mode: string) => `wss://127.0.0.1:${server.addr.port}/${mode}`;
      const ca = pem(certs.ca);
      return {
        echo: await wsRawStream(url("echo"), ca),
        sink: await wsRawStream(url("sink"), ca),
      };
    },
  },
];

// ---- own samples for the summary -------------------------------------------

const samples = new Map<string, number[]>();
function timed(key: string, fn: () => Promise<void>): () => Promise<void> {
  const list: number[] = [];
  samples.set(key, list);
  return async () => {
    const t0 = performance.now();
    await fn();
    list.push(performance.now() - t0);
  };
}
function quantile(key: string, q: number): number {
  const s = [...(samples.get(key) ?? [])].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s[Math.min(s.length - 1, Math.floor(q * s.length))];
}

// ---- benches ---------------------------------------------------------------

const ping = encodeFrame(DATA, new Uint8Array(100));
const rawPing = new Uint8Array(ping.length);
const end = encodeFrame(END, new Uint8Array([0xa0]));
const frameBytes: Record<number, number> = {};

function register(
  name: string,
  framed: FramedSet,
  raw: RawSet,
  sink: SinkTarget,
) {
  const echoFrames = framed.echo.frames();
  const group = `${name} round trip (100 B)`;
  Deno.bench({
    name: `${name} raw bytes`,
    group,
    baseline: true,
    fn: timed(`${name}|rt|raw`, async () => {
      await raw.echo.write(rawPing);
      await raw.echo.readBytes(rawPing.length);
    }),
  });
  Deno.bench({
    name: `${name} framed`,
    group,
    fn: timed(`${name}|rt|framed`, async () => {
      await framed.echo.send(ping);
      await echoFrames.next();
    }),
  });
  const sinkFrames: AsyncIterableIterator<Frame> = framed.sink.frames();
  const transientFrames: AsyncIterableIterator<Frame> = framed.transient.frames();
  for (const [size, total, n] of SIZES) {
    const count = Math.ceil(total / size);
    const frame = encodeFrame(DATA, new Uint8Array(size));
    frameBytes[size] = count * frame.length;
    const group = `${name} throughput ${size >= 1024 ? `${size / 1024} KiB` : `${size} B`}`;
    const rawRun = (stream: RawStream) => async () => {
      sink.expected = count * frame.length;
      for (let i = 0; i < count; i++) await stream.write(frame);
      await stream.readBytes(1);
    };
    Deno.bench({
      name: `${name} raw bytes, ${size} B writes`,
      group,
      baseline: true,
      n,
      warmup: 2,
      fn: timed(`${name}|${size}|raw`, rawRun(raw.sink)),
    });
    if (raw.fresh) {
      Deno.bench({
        name: `${name} raw bytes, ${size} B writes, new buffer per read`,
        group,
        n,
        warmup: 2,
        fn: timed(`${name}|${size}|fresh`, rawRun(raw.fresh)),
      });
    }
    const framedRun = (app: Transport, acks: AsyncIterator<Frame>) => async () => {
      for (let i = 0; i < count; i++) await app.send(frame);
      await app.send(end);
      await acks.next();
    };
    Deno.bench({
      name: `${name} framed, ${size} B frames`,
      group,
      n,
      warmup: 2,
      fn: timed(`${name}|${size}|framed`, framedRun(framed.sink, sinkFrames)),
    });
    Deno.bench({
      name: `${name} framed, ${size} B frames, transientFrames viewer`,
      group,
      n,
      warmup: 2,
      fn: timed(`${name}|${size}|transient`, framedRun(framed.transient, transientFrames)),
    });
  }
}

// BENCH_TRANSPORTS=tcp,unix limits the run to those transports.
const only = Deno.env.get("BENCH_TRANSPORTS")?.split(",");
const selected = KINDS.filter((k) => !only || only.includes(k.name));
for (const kind of selected) {
  const sink = { expected: Infinity };
  register(kind.name, await kind.framed(), await kind.raw(sink), sink);
}

// ---- summary ---------------------------------------------------------------

globalThis.addEventListener("unload", () => {
  const us = (ms: number) => (ms * 1000).toFixed(1);
  const mbs = (key: string, size: number) => frameBytes[size] / quantile(key, 0.5) / 1000;
  const pct = (a: number, b: number) => Number.isNaN(b) ? "—" : `${Math.round((a / b) * 100)}%`;
  const lines = [
    "",
    "| transport | RT p50 raw | RT p50 framed | ratio | RT p99 raw | RT p99 framed |",
    "| --- | --: | --: | --: | --: | --: |",
  ];
  for (const { name } of selected) {
    const [rawKey, framedKey] = [`${name}|rt|raw`, `${name}|rt|framed`];
    const [r50, f50] = [quantile(rawKey, 0.5), quantile(framedKey, 0.5)];
    const [r99, f99] = [quantile(rawKey, 0.99), quantile(framedKey, 0.99)];
    lines.push(
      `| ${name} | ${us(r50)} µs | ${us(f50)} µs | ${(f50 / r50).toFixed(2)}x | ${us(r99)} µs | ${
        us(f99)
      } µs |`,
    );
  }
  lines.push(
    "",
    "| transport | frame | raw MB/s | raw, new buffer per read | framed MB/s | framed / raw with new buffers | framed, transient frames | transient / raw |",
    "| --- | --: | --: | --: | --: | --: | --: | --: |",
  );
  for (const { name } of selected) {
    for (const [size] of SIZES) {
      const raw = mbs(`${name}|${size}|raw`, size);
      const fresh = samples.has(`${name}|${size}|fresh`) ? mbs(`${name}|${size}|fresh`, size) : NaN;
      const framed = mbs(`${name}|${size}|framed`, size);
      const transient = mbs(`${name}|${size}|transient`, size);
      lines.push(
        `| ${name} | ${size} B | ${raw.toFixed(0)} | ${
          Number.isNaN(fresh) ? "—" : fresh.toFixed(0)
        } | ${framed.toFixed(0)} | ${pct(framed, fresh)} | ${transient.toFixed(0)} | ${
          pct(transient, raw)
        } |`,
      );
    }
  }
  console.log(lines.join("\n"));
});
