/**
 * `vp-run` relay benchmarks: the same app (`bench/vp_run_bench_app.ts`, its
 * own process) connected to a viewer in this process directly and through a
 * `vp-run` process, side by side in the same run:
 * - unix: the app on the viewer's unix socket, vs `vp-run --via unix` (app ->
 *   vp-run's private socket -> relay -> the viewer's socket);
 * - stdio: the app in a PTY the viewer runs itself (`spawnInPty`, the direct
 *   Tier-1 path), vs `vp-run --via stdio` (the app's terminal -> vp-run's PTY
 *   -> relay -> the viewer's unix socket).
 *
 * Two viewers: `null` reads frames and does nothing else (the relay's worst
 * case: its cost is not hidden behind the viewer's), `host` is the real
 * session host (`viewport --headless`), applying PATCH messages to the model;
 * its baseline is unix-direct (a viewer never runs an app in a PTY itself:
 * it greets at once, before the app's terminal is raw).
 *
 * Throughput: a burst of BURST frames app -> viewer (default 1000, ~200 B
 * payload). Round trip: viewer -> app -> viewer, one frame each way.
 * Target: relayed throughput >= 70% of direct.
 *
 *   deno bench -A bench/vp_run_bench.ts
 *   VP_RUN_BENCH_BURST=10000 deno bench -A bench/vp_run_bench.ts
 *
 * At the end it prints frames/s (median burst), relayed/direct and the
 * round-trip p50/p99 from its own samples.
 */
import { decodeCbor } from "../src/protocol/cbor/decode.ts";
import { encodeCbor } from "../src/protocol/cbor/encode.ts";
import { encodeFrame, type Frame } from "../src/protocol/frame.ts";
import { spawnInPty } from "../src/transport/launch/spawn_pty.ts";
import { listen, type Transport } from "../src/transport/mod.ts";
import type { Session } from "../viewer/shared/session.ts";
import { SessionHost } from "../viewer/shared/session_host.ts";
import { HELLO } from "./vp_run_bench_app.ts";

const ROOT = new URL("../", import.meta.url).pathname;
const APP = [Deno.execPath(), "run", "-A", `${ROOT}bench/vp_run_bench_app.ts`];
const VP_RUN = [Deno.execPath(), "run", "-A", `${ROOT}cli/vp_run.ts`];
const BURST = Number(Deno.env.get("VP_RUN_BENCH_BURST") ?? 1000);
const REQUEST = 0x0a;
const PING = encodeFrame(REQUEST, encodeCbor(new Uint8Array(97).fill(0x0a)));

/** The viewer's end of one app: timed bursts and round trips. */
abstract class Peer {
  readonly bursts: number[] = [];
  readonly samples: number[] = [];

  async burst(): Promise<void> {
    const t0 = performance.now();
    await this.exchange(BURST);
    this.bursts.push(performance.now() - t0);
  }

  async ping(): Promise<void> {
    const t0 = performance.now();
    await this.exchange(0);
    this.samples.push(performance.now() - t0);
  }

  /** Asks for `n` frames and waits for them (0: one frame there and back). */
  protected abstract exchange(n: number): Promise<void>;
}

/** The null viewer: frames are read and dropped. */
class RawPeer extends Peer {
  constructor(readonly transport: Transport, readonly frames: AsyncIterator<Frame>) {
    super();
  }

  protected async exchange(n: number): Promise<void> {
    await this.transport.send(n === 0 ? PING : encodeFrame(REQUEST, encodeCbor(n)));
    for (let i = 0; i < Math.max(n, 1); i++) {
      if ((await this.frames.next()).done) throw new Error("the app's connection ended");
    }
  }
}

/** The session host: PATCH messages applied to the session's model. */
class HostPeer extends Peer {
  applied = 0;
  #want = 0;
  #wake: (() => void) | null = null;

  constructor(readonly session: Session) {
    super();
  }

  patched(): void {
    if (++this.applied >= this.#want) this.#wake?.();
  }

  protected exchange(n: number): Promise<void> {
    this.#want = this.applied + Math.max(n, 1);
    const done = new Promise<void>((r) => this.#wake = r);
    void this.session.input({ kind: "value_change", target: 1, value: String(Math.max(n, 1)) });
    return done;
  }
}

const peers = new Map<string, Peer>();
const arrived = new Map<string, () => void>();
const ready = (name: string, peer: Peer) => {
  peers.set(name, peer);
  arrived.get(name)?.();
};

// ---- the null viewer -------------------------------------------------------
const dir = await Deno.makeTempDir({ prefix: "vp-run-bench-" });
const rawListener = await listen(`unix://${dir}/raw.sock`);

function acceptRaw(transport: Transport): void {
  const frames = transport.frames();
  void (async () => {
    // Through vp-run the viewer sees the session attach first, then the hello.
    for (;;) {
      const r = await frames.next();
      if (r.done) return;
      if (r.value.type !== HELLO) continue;
      const name = String(decodeCbor(r.value.payload)).slice("hello:".length);
      return ready(name, new RawPeer(transport, frames));
    }
  })();
}
void (async () => {
  for await (const t of rawListener) acceptRaw(t);
})();

// ---- the session host ------------------------------------------------------
const host = new SessionHost();
const hostListener = await listen(`unix://${dir}/host.sock`);
const served = host.serve(hostListener);
host.observe({
  sessionChanged(session, event) {
    if (event.type !== "message") return;
    const peer = peers.get(session.id);
    if (peer instanceof HostPeer) peer.patched();
    else if (event.message.type === "TREE") ready(session.id, new HostPeer(session));
  },
});

// ---- the apps --------------------------------------------------------------
const children: Deno.ChildProcess[] = [];
const env = { NO_COLOR: "1", VIEWPORT: "", VIEWPORT_SESSION: "" };
function spawn(args: string[], extra: Record<string, string> = {}): void {
  children.push(
    new Deno.Command(args[0], {
      args: args.slice(1),
      env: { ...env, ...extra },
      stdin: "null",
      stdout: "null",
      stderr: "inherit",
    }).spawn(),
  );
}

const ptys: { kill(): void }[] = [];
const names: string[] = [];
for (const [viewer, uri] of [["null", rawListener.uri], ["host", hostListener.uri]]) {
  const mode = viewer === "null" ? "raw" : "model";
  const name = (kind: string) => {
    names.push(`${viewer}-${kind}`);
    return `${viewer}-${kind}`;
  };
  const unixDirect = name("unix-direct");
  spawn([...APP, unixDirect, mode], { VIEWPORT: uri, VIEWPORT_SESSION: unixDirect });
  const unixRelayed = name("unix-relayed");
  spawn([
    ...VP_RUN,
    "--via",
    "unix",
    "--to",
    uri,
    "--session",
    unixRelayed,
    "--",
    ...APP,
    unixRelayed,
    mode,
  ]);
  // The session host greets at once, which a PTY would echo before the app's
  // terminal is raw: a viewer does not run apps in a PTY itself, so the host's
  // stdio-relayed compares with unix-direct.
  if (viewer === "null") {
    const stdioDirect = name("stdio-direct");
    const direct = await spawnInPty(APP[0], [...APP.slice(1), stdioDirect, mode], {
      env: { ...Deno.env.toObject(), ...env, VIEWPORT_SESSION: stdioDirect },
    });
    ptys.push(direct.pty);
    acceptRaw(direct.transport);
  }
  const stdioRelayed = name("stdio-relayed");
  spawn([
    ...VP_RUN,
    "--via",
    "stdio",
    "--to",
    uri,
    "--session",
    stdioRelayed,
    "--",
    ...APP,
    stdioRelayed,
    mode,
  ]);
}

await Promise.all(
  names.map((n) =>
    peers.has(n) ? undefined : new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${n} did not connect`)), 30_000);
      arrived.set(n, () => {
        clearTimeout(timer);
        resolve();
      });
    })
  ),
);

for (const name of names) {
  const baseline = name.endsWith("-direct");
  const group = name.startsWith("host-") ? "host" : name.replace(/-(direct|relayed)$/, "");
  Deno.bench({
    name: `${name}: ${BURST} frames app -> viewer`,
    group: `${group} throughput`,
    baseline,
    fn: async () => await peers.get(name)!.burst(),
  });
  Deno.bench({
    name: `${name}: round trip`,
    group: `${group} round trip`,
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
    const direct = peers.get(
      name.startsWith("host-") ? "host-unix-direct" : name.replace("relayed", "direct"),
    )!;
    const ratio = p === direct ? "" : `, ${(100 * rate(p) / rate(direct)).toFixed(0)}% of direct`;
    console.log(
      `${name.padEnd(18)} ${rate(p).toFixed(0).padStart(8)} frames/s${ratio}; ` +
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
  for (const pty of ptys) pty.kill();
  void served;
  Deno.removeSync(dir, { recursive: true });
});
