/**
 * 64 KiB throughput with the app in its own process, as in real use (app and
 * viewer are separate processes, on separate cores when there are two). The
 * in-process benchmark (bench/transport_bench.ts) runs both ends on one
 * thread, where raw loopback TCP swings between ~2 and ~7.5 GB/s from one
 * burst to the next (how the writes and reads of one event loop happen to
 * interleave, keeping the socket's buffers in cache or not). Here the app
 * (bench/transport_process_app.ts) sends bursts of 128 frames of 64 KiB when
 * asked; the viewer side reads them raw (one reused 256 KiB buffer) or through
 * our listener with `transientFrames`, side by side in the same run.
 *
 *   deno bench -A bench/transport_process_bench.ts
 *
 * At the end it prints the median MB/s of each and framed / raw.
 */
import { encodeFrame, type Frame } from "../src/protocol/frame.ts";
import { listen } from "../src/transport/registry.ts";
import type { Transport } from "../src/transport/transport.ts";
import { BURST, PAYLOAD } from "./transport_process_app.ts";

const APP = new URL("./transport_process_app.ts", import.meta.url).pathname;
const TOTAL = BURST * (PAYLOAD + 8);
const dir = Deno.makeTempDirSync({ prefix: "vp-process-bench-" });
const children: Deno.ChildProcess[] = [];
globalThis.addEventListener("unload", () => {
  for (const c of children) c.kill();
  Deno.removeSync(dir, { recursive: true });
});

function spawnApp(mode: "raw" | "framed", kind: string, address: string): void {
  children.push(
    new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", APP, mode, kind, address],
      stdout: "null",
      stderr: "inherit",
    }).spawn(),
  );
}

/** Raw: ask with one byte, read the burst into one reused buffer. */
async function rawBurst(kind: string): Promise<() => Promise<void>> {
  const listener = kind === "unix"
    ? Deno.listen({ transport: "unix", path: `${dir}/raw.sock` })
    : Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const address = kind === "unix"
    ? `${dir}/raw.sock`
    : String((listener.addr as Deno.NetAddr).port);
  spawnApp("raw", kind, address);
  const conn = await listener.accept();
  listener.close();
  if ("setNoDelay" in conn) conn.setNoDelay(true);
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

/** Framed: ask with one frame, take the burst's frames from our listener. */
async function framedBurst(kind: string): Promise<() => Promise<void>> {
  const uri = kind === "unix" ? `unix://${dir}/framed.sock` : "tcp://127.0.0.1:0";
  const listener = await listen(uri, { transientFrames: true });
  const address = kind === "unix"
    ? `${dir}/framed.sock`
    : new URL(listener.uri.replace("tcp:", "http:")).port;
  const accepted = listener[Symbol.asyncIterator]().next();
  spawnApp("framed", kind, address);
  const viewer = (await accepted).value as Transport;
  const frames: AsyncIterator<Frame> = viewer.frames();
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
const samples = new Map<string, number[]>();
for (const kind of ["tcp", "unix"]) {
  const raw = await rawBurst(kind);
  const framed = await framedBurst(kind);
  const rawTimes: number[] = [];
  const framedTimes: number[] = [];
  samples.set(`${kind}|raw`, rawTimes);
  samples.set(`${kind}|framed`, framedTimes);
  Deno.bench({
    name: `${kind}: a raw burst, then a framed burst (transientFrames), app in a child process`,
    n: 60,
    warmup: 4,
    async fn() {
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
  const lines = [
    "",
    "| transport | raw MB/s, median (p25-p75) | framed MB/s, median (p25-p75) | framed / raw |",
    "| --- | --: | --: | --: |",
  ];
  for (const kind of ["tcp", "unix"]) {
    const ratio = rate(`${kind}|framed`, 0.5) / rate(`${kind}|raw`, 0.5);
    lines.push(
      `| ${kind} | ${range(`${kind}|raw`)} | ${range(`${kind}|framed`)} | ${
        Math.round(ratio * 100)
      }% |`,
    );
  }
  console.log(lines.join("\n"));
});
