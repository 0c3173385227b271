/**
 * Viewer load benchmark (not a `deno bench` file: it needs separate processes).
 *
 *   deno run -A bench/viewer_load.ts [connections|rows|all] [--connections N] [--rate R]
 *     [--seconds S] [--procs P] [--rows N] [--batch B] [--text-dir]
 *
 * connections: N app connections (default 1000, spread over P load processes)
 * each send R patches/s (default 10) for S seconds to one session host in this
 * process; reports the host's CPU use, peak RSS, and send-to-applied latency
 * (p50/p99/max). rows: one app streams N data rows (default 10,000,000) in
 * frames of B rows into one session; reports throughput and peak RSS (the
 * session keeps only its retained rows, so RSS stays bounded).
 *
 * @module
 */
import process from "node:process";
import { listen } from "../src/transport/mod.ts";
import { SessionHost } from "../viewer/shared/session_host.ts";
import { TextDirWriter } from "../viewer/shared/text_dir.ts";
import { percentile, spawnLoad, startPatchLoad } from "./viewer_load_procs.ts";

const argv = [...Deno.args];
const mode = argv[0] && !argv[0].startsWith("--") ? argv.shift()! : "all";
const flag = (name: string, fallback: number) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? Number(argv[i + 1]) : fallback;
};
const withTextDir = argv.includes("--text-dir");
const MB = 1024 * 1024;
const now = () => performance.timeOrigin + performance.now();

/** JS heap and ArrayBuffer memory now (transport buffers are "external"). */
function memoryParts(): string {
  const m = Deno.memoryUsage();
  return `now: heap ${(m.heapUsed / MB).toFixed(0)} MB, external ${
    (m.external / MB).toFixed(0)
  } MB`;
}

async function makeHost(maxConnections: number) {
  const host = new SessionHost({ limits: { maxConnections, maxSessions: maxConnections * 2 } });
  const dir = withTextDir ? await Deno.makeTempDir() : undefined;
  const writer = dir ? new TextDirWriter(dir) : undefined;
  if (writer) host.observe(writer);
  const sockDir = await Deno.makeTempDir();
  const listener = await listen(`unix://${sockDir}/load.sock`);
  void host.serve(listener);
  return {
    host,
    uri: listener.uri,
    async close() {
      await host.close();
      await writer?.flush();
      if (dir) await Deno.remove(dir, { recursive: true });
      await Deno.remove(sockDir, { recursive: true });
    },
  };
}

async function connections() {
  const count = flag("connections", 1000);
  const rate = flag("rate", 10);
  const seconds = flag("seconds", 15);
  const procs = flag("procs", 4);
  const warmup = 3;
  const { host, uri, close } = await makeHost(count + 16);
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
  const children = await startPatchLoad(host, uri, {
    count,
    procs,
    rate,
    seconds: seconds + warmup + 2,
  });
  console.log(`${host.connectionCount} connections up; warming up ${warmup}s`);
  await new Promise((r) => setTimeout(r, warmup * 1000));
  measuring = true;
  let peakRss = 0;
  const sampler = setInterval(() => peakRss = Math.max(peakRss, Deno.memoryUsage().rss), 100);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await new Promise((r) => setTimeout(r, seconds * 1000));
  const cpu = process.cpuUsage(cpu0);
  const wall = performance.now() - t0;
  measuring = false;
  clearInterval(sampler);
  const lat = Float64Array.from(latencies).sort();
  const applied = latencies.length;
  console.log(
    [
      `connections=${count} rate=${rate}/s each, measured ${seconds}s`,
      `patches applied: ${applied} (${(applied / (wall / 1000)).toFixed(0)}/s, expected ${
        count * rate
      }/s)`,
      `viewer CPU: ${((cpu.user + cpu.system) / 1000 / wall * 100).toFixed(1)}% of one core ` +
      `(user ${(cpu.user / 1e6).toFixed(2)}s, system ${(cpu.system / 1e6).toFixed(2)}s)`,
      `viewer peak RSS: ${(peakRss / MB).toFixed(0)} MB (${memoryParts()})`,
      `send-to-applied latency: p50 ${percentile(lat, 50).toFixed(2)} ms, ` +
      `p99 ${percentile(lat, 99).toFixed(2)} ms, max ${lat[lat.length - 1]?.toFixed(2)} ms`,
    ].join("\n"),
  );
  for (const c of children) await c.status;
  await close();
}

async function rows() {
  const total = flag("rows", 10_000_000);
  const batch = flag("batch", 1000);
  const { host, uri, close } = await makeHost(16);
  let peakRss = 0;
  const sampler = setInterval(() => peakRss = Math.max(peakRss, Deno.memoryUsage().rss), 50);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const child = spawnLoad(["rows", uri, String(total), String(batch)]);
  await child.status;
  await new Promise<void>((resolve) => {
    const check = () => host.session("rows")?.title === "done" ? resolve() : setTimeout(check, 20);
    check();
  });
  const wall = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  clearInterval(sampler);
  const entry = host.session("rows")!.model.data.schema(200)!;
  const text = host.session("rows")!.text();
  console.log(
    [
      `rows streamed: ${total} in frames of ${batch}${withTextDir ? " (with --text-dir)" : ""}`,
      `time: ${(wall / 1000).toFixed(1)}s (${(total / (wall / 1000) / 1e6).toFixed(2)}M rows/s)`,
      `viewer CPU: ${((cpu.user + cpu.system) / 1000 / wall * 100).toFixed(1)}% of one core`,
      `retained: ${entry.rows.length} rows, dropped: ${entry.rows.dropped}; projection ${
        (text.length / 1024).toFixed(0)
      } KiB`,
      `viewer peak RSS: ${(peakRss / MB).toFixed(0)} MB (${memoryParts()})`,
    ].join("\n"),
  );
  await close();
}

if (mode === "connections" || mode === "all") await connections();
if (mode === "rows" || mode === "all") await rows();
