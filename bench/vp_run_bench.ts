/**
 * `vp-run` relay benchmarks: the same app (`bench/vp_run_bench_app.ts`, a
 * separate process) connected to this viewer directly and through a `vp-run`
 * process, in the same run:
 * - unix: the app on the viewer's unix socket, vs `vp-run --via unix` (app ->
 *   vp-run's private socket -> relay -> the viewer's socket);
 * - stdio: the app in a PTY the viewer itself runs (`spawnInPty`, the direct
 *   Tier-1 path), vs `vp-run --via stdio` (app's terminal -> vp-run's PTY ->
 *   relay -> the viewer's unix socket).
 *
 * Throughput: a burst of 1000 frames (~200 B payload, dense in 0x0A/0x0D),
 * app to viewer. Round trip: a 100-byte payload frame, viewer -> app -> viewer.
 * Target: relayed throughput >= 70% of direct.
 *
 *   deno bench -A bench/vp_run_bench.ts
 *
 * At the end it prints frames/s, the relayed/direct ratio and round-trip
 * p50/p99 from its own samples.
 */
import { encodeCbor } from "../src/protocol/cbor/encode.ts";
import { encodeFrame, type Frame } from "../src/protocol/frame.ts";
import { decodeCbor } from "../src/protocol/cbor/decode.ts";
import { spawnInPty } from "../src/transport/pty_spawn.ts";
import { listen } from "../src/transport/registry.ts";
import type { Transport } from "../src/transport/transport.ts";
import { HELLO } from "./vp_run_bench_app.ts";

const ROOT = new URL("../", import.meta.url).pathname;
const APP = [Deno.execPath(), "run", "-A", `${ROOT}bench/vp_run_bench_app.ts`];
const VP_RUN = [Deno.execPath(), "run", "-A", `${ROOT}cli/vp_run.ts`];
const BURST = Number(Deno.env.get("VP_RUN_BENCH_BURST") ?? 1000);
const REQUEST = 0x0a;
const PING = encodeFrame(REQUEST, encodeCbor(new Uint8Array(97).fill(0x0a)));

/** The viewer's end of one app. */
class Peer {
  readonly samples: number[] = [];
  readonly bursts: number[] = [];
  constructor(readonly transport: Transport, readonly frames: AsyncIterator<Frame>) {}

  async burst(): Promise<void> {
    const t0 = performance.now();
    await this.transport.send(encodeFrame(REQUEST, encodeCbor(BURST)));
    for (let i = 0; i < BURST; i++) await this.#next();
    this.bursts.push(performance.now() - t0);
  }

  async ping(): Promise<void> {
    const t0 = performance.now();
    await this.transport.send(PING);
    await this.#next();
    this.samples.push(performance.now() - t0);
  }

  async #next(): Promise<Frame> {
    const r = await this.frames.next();
    if (r.done) throw new Error("the app's connection ended");
    return r.value;
  }
}

const dir = await Deno.makeTempDir({ prefix: "vp-run-bench-" });
const listener = await listen(`unix://${dir}/v.sock`);
const peers = new Map<string, Peer>();
const arrived = new Map<string, (p: Peer) => void>();

function register(transport: Transport): void {
  const frames = transport.frames();
  void (async () => {
    // Through vp-run the viewer sees the session attach first, then the hello.
    for (;;) {
      const r = await frames.next();
      if (r.done) return;
      if (r.value.type !== HELLO) continue;
      const name = String(decodeCbor(r.value.payload)).slice("hello:".length);
      const peer = new Peer(transport, frames);
      peers.set(name, peer);
      arrived.get(name)?.(peer);
      return;
    }
  })();
}

void (async () => {
  for await (const t of listener) register(t);
})();

function waitFor(name: string): Promise<Peer> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not connect`)), 30_000);
    arrived.set(name, (p) => {
      clearTimeout(timer);
      resolve(p);
    });
  });
}

const children: Deno.ChildProcess[] = [];
function spawn(args: string[], env: Record<string, string>): void {
  const [cmd, ...rest] = args;
  children.push(
    new Deno.Command(cmd, { args: rest, env, stdin: "null", stdout: "null", stderr: "inherit" })
      .spawn(),
  );
}

const env = { NO_COLOR: "1", VIEWPORT: "" };
spawn([...APP, "unix-direct"], { ...env, VIEWPORT: listener.uri });
spawn([...VP_RUN, "--via", "unix", "--to", listener.uri, "--", ...APP, "unix-relayed"], env);
spawn([...VP_RUN, "--via", "stdio", "--to", listener.uri, "--", ...APP, "stdio-relayed"], env);
const direct = await spawnInPty(APP[0], [...APP.slice(1), "stdio-direct"], {
  env: { ...Deno.env.toObject(), ...env },
});
register(direct.transport);

const names = ["unix-direct", "unix-relayed", "stdio-direct", "stdio-relayed"];
await Promise.all(names.map((n) => peers.get(n) ?? waitFor(n)));

for (const name of names) {
  const baseline = name.endsWith("-direct");
  const kind = name.split("-")[0];
  Deno.bench({
    name: `${name}: ${BURST} frames app -> viewer`,
    group: `${kind} throughput`,
    baseline,
    fn: async () => await peers.get(name)!.burst(),
  });
  Deno.bench({
    name: `${name}: round trip`,
    group: `${kind} round trip`,
    baseline,
    fn: async () => await peers.get(name)!.ping(),
  });
}

globalThis.addEventListener("unload", () => {
  const q = (xs: number[], p: number) =>
    [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))] ?? NaN;
  const rate = (p: Peer) => BURST / (q(p.bursts, 0.5) / 1000);
  for (const name of names) {
    const p = peers.get(name)!;
    const ratio = name.endsWith("-relayed")
      ? `, ${(100 * rate(p) / rate(peers.get(name.replace("relayed", "direct"))!)).toFixed(0)}%` +
        " of direct"
      : "";
    console.log(
      `${name.padEnd(14)} ${rate(p).toFixed(0).padStart(7)} frames/s (median burst)${ratio}; ` +
        `round trip p50 ${q(p.samples, 0.5).toFixed(3)} ms, p99 ${
          q(p.samples, 0.99).toFixed(3)
        } ms`,
    );
  }
  for (const c of children) {
    try {
      c.kill("SIGTERM");
    } catch { /* gone */ }
  }
  direct.pty.kill();
  Deno.removeSync(dir, { recursive: true });
});
