/**
 * The load processes of the viewer benchmarks (`viewer_load.ts`,
 * `nats_bench.ts`): each runs `viewer_load_app.ts`, many app connections in
 * one process, and prints "ready" once every one connected and sent its
 * attach and tree.
 *
 * @module
 */
import type { SessionHost } from "../viewer/shared/session_host.ts";

const APP = new URL("./viewer_load_app.ts", import.meta.url).pathname;

/** Starts one load process with `args` (see viewer_load_app.ts). */
export function spawnLoad(args: string[]): Deno.ChildProcess {
  return new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", APP, ...args],
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
}

/** Resolves once `child` printed `line`; its output is drained after that. */
export async function waitLine(child: Deno.ChildProcess, line: string): Promise<void> {
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let seen = "";
  while (!seen.includes(line)) {
    const { value, done } = await reader.read();
    if (done) throw new Error(`load process ended before "${line}"`);
    seen += value;
  }
  void (async () => {
    while (!(await reader.read()).done) { /* keep draining */ }
  })();
}

/** What {@linkcode startPatchLoad} starts. */
export interface PatchLoad {
  /** App connections in all. */
  count: number;
  /** Load processes they are spread over. */
  procs: number;
  /** Patches per second each app sends. */
  rate: number;
  /** How long each app runs, in seconds. */
  seconds: number;
  /** Session names start with this (`<prefix>p<process>-<app>`). */
  prefix?: string;
}

/**
 * Starts `count` apps patching at `rate` against `uri`, spread over `procs`
 * processes all at once (a burst of connects), and waits until every app has
 * a session in `host` ("ready" means sent, not yet read by the viewer).
 */
export async function startPatchLoad(
  host: SessionHost,
  uri: string,
  load: PatchLoad,
): Promise<Deno.ChildProcess[]> {
  const per = Math.ceil(load.count / load.procs);
  const children: Deno.ChildProcess[] = [];
  for (let p = 0; p < load.procs; p++) {
    const n = Math.min(per, load.count - p * per);
    if (n <= 0) break;
    const name = `${load.prefix ?? ""}p${p}`;
    children.push(
      spawnLoad(["patches", uri, String(n), String(load.rate), String(load.seconds), name]),
    );
  }
  await Promise.all(children.map((c) => waitLine(c, "ready")));
  const upBy = Date.now() + 60_000;
  while (host.sessions.length < load.count && Date.now() < upBy) {
    await new Promise((r) => setTimeout(r, 50));
  }
  if (host.sessions.length < load.count) {
    throw new Error(`only ${host.sessions.length} of ${load.count} apps got a session within 60 s`);
  }
  return children;
}

/** The `p`th percentile of `sorted` (ascending). */
export function percentile(sorted: Float64Array, p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}
