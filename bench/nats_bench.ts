/**
 * 1,000 apps to one viewer, direct over tcp and through a NATS server, side by
 * side in one run (not a `deno bench` file: it needs separate processes).
 *
 *   deno run -A bench/nats_bench.ts [--connections N] [--rate R] [--seconds S] [--procs P]
 *     [--unix]   (direct over a unix socket instead of tcp)
 *
 * For each transport, N app connections (default 1,000, spread over P load
 * processes, `bench/viewer_load_app.ts`) each send R patches/s (default 10)
 * for S seconds (default 10, after 3 s of warm-up) to one session host in this
 * process, as `viewport --headless --listen URI` runs it. Reported: patches
 * applied per second (against the offered rate), send-to-applied latency
 * p50/p99/max (app stamps the patch just before `send`; one clock), the
 * viewer's CPU, for NATS also the server's CPU (it is an extra process on
 * the same 2 cores), and the load processes' CPU (all four, in % of one core). The NATS server is Debian's `nats-server`, started here
 * on a free loopback port.
 *
 * @module
 */
import process from "node:process";
import { listen } from "../src/transport/mod.ts";
import { SessionHost } from "../viewer/shared/session_host.ts";
import { startNatsServer } from "../tests/transport/_nats_server.ts";
import { percentile, startPatchLoad } from "./viewer_load_procs.ts";

const argv = [...Deno.args];
const flag = (name: string, fallback: number) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? Number(argv[i + 1]) : fallback;
};
const COUNT = flag("connections", 1000);
const RATE = flag("rate", 10);
const SECONDS = flag("seconds", 10);
const PROCS = flag("procs", 4);
const WARMUP = 3;
const now = () => performance.timeOrigin + performance.now();
const TICKS = 100; // clock ticks per second in /proc/PID/stat

interface Result {
  name: string;
  applied: number;
  perSecond: number;
  p50: number;
  p99: number;
  max: number;
  viewerCpu: number;
  serverCpu?: number;
  appsCpu: number;
}

/** CPU seconds (user + system) of another process, from /proc. */
function procCpu(pid: number): number {
  const stat = Deno.readTextFileSync(`/proc/${pid}/stat`);
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / TICKS;
}

async function run(name: string, listenUri: string, serverPid?: number): Promise<Result> {
  const host = new SessionHost({
    limits: { maxConnections: COUNT + 16, maxSessions: COUNT * 2 },
    log: Deno.env.get("BENCH_LOG") ? (l) => console.error(l) : undefined,
  });
  const listener = await listen(listenUri);
  void host.serve(listener);
  const latencies: number[] = [];
  let measuring = false;
  host.observe({
    sessionChanged(_s, e) {
      if (!measuring || e.type !== "message" || e.message.type !== "PATCH") return;
      const content = e.message.patches[0].set?.content;
      if (typeof content === "string" && content.startsWith("t=")) {
        latencies.push(now() - Number(content.slice(2)));
      }
    },
  });
  const children = await startPatchLoad(host, listener.uri, {
    count: COUNT,
    procs: PROCS,
    rate: RATE,
    seconds: SECONDS + WARMUP + 2,
    prefix: `${name}-`,
  });
  console.error(`${name}: ${host.connectionCount} connections up; warming up ${WARMUP}s`);
  await new Promise((r) => setTimeout(r, WARMUP * 1000));
  measuring = true;
  const cpu0 = process.cpuUsage();
  const server0 = serverPid ? procCpu(serverPid) : 0;
  const apps0 = children.reduce((sum, c) => sum + procCpu(c.pid), 0);
  const t0 = performance.now();
  await new Promise((r) => setTimeout(r, SECONDS * 1000));
  const wall = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const server1 = serverPid ? procCpu(serverPid) : 0;
  const apps1 = children.reduce((sum, c) => sum + procCpu(c.pid), 0);
  measuring = false;
  for (const c of children) await c.status;
  await host.close();
  await listener.close();
  const lat = Float64Array.from(latencies).sort();
  return {
    name,
    applied: lat.length,
    perSecond: lat.length / (wall / 1000),
    p50: percentile(lat, 50),
    p99: percentile(lat, 99),
    max: lat[lat.length - 1] ?? NaN,
    viewerCpu: (cpu.user + cpu.system) / 1000 / wall * 100,
    serverCpu: serverPid ? (server1 - server0) / (wall / 1000) * 100 : undefined,
    appsCpu: (apps1 - apps0) / (wall / 1000) * 100,
  };
}

const direct = argv.includes("--unix") ? "unix" : "tcp";
const results: Result[] = [];
if (direct === "unix") {
  const dir = await Deno.makeTempDir();
  results.push(await run("unix", `unix://${dir}/bench.sock`));
  await Deno.remove(dir, { recursive: true });
} else {
  results.push(await run("tcp", "tcp://127.0.0.1:0"));
}
const server = await startNatsServer();
try {
  results.push(await run("nats", `nats://${server.hostPort}/bench`, server.pid));
} finally {
  await server.stop();
}

const pad = (s: string, n: number) => s.padEnd(n);
console.log(
  `${COUNT} apps in ${PROCS} processes, ${RATE} patches/s each (${COUNT * RATE}/s offered), ` +
    `measured ${SECONDS}s after ${WARMUP}s warm-up`,
);
console.log(
  "| transport | applied/s | latency p50 | p99 | max | viewer CPU | server CPU | apps' CPU |",
);
console.log("| --- | --- | --- | --- | --- | --- | --- | --- |");
for (const r of results) {
  console.log(
    `| ${pad(r.name, 4)} | ${r.perSecond.toFixed(0)} | ${r.p50.toFixed(2)} ms | ${
      r.p99.toFixed(2)
    } ms | ${r.max.toFixed(1)} ms | ${r.viewerCpu.toFixed(1)}% | ${
      r.serverCpu === undefined ? "-" : `${r.serverCpu.toFixed(1)}%`
    } | ${r.appsCpu.toFixed(0)}% |`,
  );
}
