/**
 * The embedded ANSI renderer side by side with Ink (React for the terminal),
 * the same two UIs in one run: a 100-row list of styled rows with one row
 * changing per frame, and an 80x24 dashboard where everything changes.
 *
 *   deno run -A bench/ansi_vs_ink.ts [--frames N] [--rounds N] [--skip-verify]
 *
 * Each side runs in its own process, so that CPU time is that process's alone:
 * `bench/ansi_vs_ink_app.ts` (Deno, the SDK in ansi mode) and
 * `bench/ink/ink_app.mjs` (Node, Ink + React, installed into `bench/ink/` with
 * `npm ci` from its pinned lockfile on first use). Each renders FRAMES frames
 * after 200 warm-up frames, waits for each frame to be written, and reports
 * `process.cpuUsage()` over them and the bytes written to its fake terminal.
 * Before timing, both sides' bytes are replayed through a headless xterm to
 * check that they show the same screen.
 *
 * @module
 */
import { Screen } from "../tests/ansi/_xterm.ts";
import { SIZES } from "./ink/scenes.mjs";

type Scenario = keyof typeof SIZES;
type Side = "viewport" | "ink" | "ink-incremental";

/** One child's report. */
interface Result {
  side: Side;
  scenario: Scenario;
  frames: number;
  cpuUs: number;
  bytes: number;
  writes: number;
  deferred: number;
  wallMs: number;
  lastFrame: number;
}

const HERE = new URL(".", import.meta.url).pathname;
const INK_DIR = `${HERE}ink/`;
const SCENARIOS: Scenario[] = ["list", "dashboard"];
const SIDES: Side[] = ["viewport", "ink", "ink-incremental"];

function option(name: string, fallback: number): number {
  const i = Deno.args.indexOf(name);
  const v = i >= 0 ? Number(Deno.args[i + 1]) : fallback;
  if (!(v > 0)) throw new Error(`${name} needs a positive number`);
  return v;
}

async function run(cmd: string, args: string[], cwd: string, env: Record<string, string>) {
  const out = await new Deno.Command(cmd, { args, cwd, env, stdout: "piped", stderr: "piped" })
    .output();
  const text = new TextDecoder().decode(out.stdout);
  if (!out.success) {
    throw new Error(`${cmd} ${args.join(" ")} failed:\n${new TextDecoder().decode(out.stderr)}`);
  }
  return text;
}

/** Installs Ink and React from the lockfile unless they are there. */
async function ensureInk(): Promise<void> {
  try {
    Deno.statSync(`${INK_DIR}node_modules/ink/package.json`);
    Deno.statSync(`${INK_DIR}node_modules/react/package.json`);
  } catch {
    console.error("installing ink and react into bench/ink/ (npm ci) ...");
    await run("npm", ["ci", "--no-audit", "--no-fund"], INK_DIR, {});
  }
}

// Ink's environment: React's production build, truecolor (chalk needs
// COLORTERM; FORCE_COLOR alone gives 16 colors with TERM=xterm), and no `CI`,
// under which Ink prints only the last frame.
function inkEnv(): Record<string, string> {
  const env = Deno.env.toObject();
  delete env.CI;
  return { ...env, NODE_ENV: "production", FORCE_COLOR: "3", COLORTERM: "truecolor" };
}

async function measure(
  side: Side,
  scenario: Scenario,
  frames: number,
  dump?: string,
): Promise<Result> {
  const extra = dump ? ["--dump", dump] : [];
  const text = side === "viewport"
    ? await run(
      Deno.execPath(),
      ["run", "-A", `${HERE}ansi_vs_ink_app.ts`, scenario, String(frames), ...extra],
      HERE,
      {},
    )
    : await run(
      "node",
      [
        "ink_app.mjs",
        scenario,
        String(frames),
        ...(side === "ink-incremental" ? ["--incremental"] : []),
        ...extra,
      ],
      INK_DIR,
      inkEnv(),
    );
  const line = text.split("\n").find((l) => l.startsWith("{"));
  if (!line) throw new Error(`${side} printed no result:\n${text}`);
  return JSON.parse(line);
}

/** Replays both sides' bytes and counts the cells that differ (blank cells compare by background only). */
async function sameScreen(scenario: Scenario, frames: number): Promise<string> {
  const { columns, rows } = SIZES[scenario];
  const dir = Deno.makeTempDirSync({ prefix: "ansi_vs_ink_" });
  try {
    await measure("viewport", scenario, frames, `${dir}/vp`);
    await measure("ink", scenario, frames, `${dir}/ink`);
    const ours = new Screen(columns, rows), ink = new Screen(columns, rows);
    await ours.write(Deno.readFileSync(`${dir}/vp`));
    // A terminal's line discipline turns Ink's "\n" into "\r\n" (ONLCR).
    await ink.write(Deno.readTextFileSync(`${dir}/ink`).replaceAll("\n", "\r\n"));
    let differ = 0;
    for (let y = 0; y < rows; y++) {
      for (let x = 0; x < columns; x++) {
        const a = ours.cell(x, y), b = ink.cell(x, y);
        const key = (c: typeof a) =>
          c.char === "" || c.char === " "
            ? `${c.bg}`
            : `${c.char} ${c.fg} ${c.bg} ${c.bold} ${c.dim} ${c.inverse}`;
        if (key(a) !== key(b)) differ++;
      }
    }
    ours.dispose();
    ink.dispose();
    return differ === 0 ? "same screen" : `${differ} cells differ`;
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
}

function median(v: number[]): number {
  const s = [...v].sort((a, b) => a - b);
  return s[s.length >> 1];
}

if (import.meta.main) {
  const frames = option("--frames", 300);
  const rounds = option("--rounds", 3);
  await ensureInk();
  const node = (await run("node", ["--version"], HERE, {})).trim();
  const inkVersion = JSON.parse(
    Deno.readTextFileSync(`${INK_DIR}node_modules/ink/package.json`),
  ).version;
  const reactVersion = JSON.parse(
    Deno.readTextFileSync(`${INK_DIR}node_modules/react/package.json`),
  ).version;
  console.log(
    `Deno ${Deno.version.deno} vs Node ${node} (ink ${inkVersion}, react ${reactVersion}); ` +
      `${frames} frames after 200 warm-up, median of ${rounds} rounds`,
  );
  if (!Deno.args.includes("--skip-verify")) {
    for (const s of SCENARIOS) console.log(`${s}: ${await sameScreen(s, 20)} after 220 frames`);
  }
  const cpu = new Map<string, number[]>();
  const bytes = new Map<string, number>();
  for (let r = 0; r < rounds; r++) {
    for (const s of SCENARIOS) {
      for (const side of SIDES) {
        const res = await measure(side, s, frames);
        if (res.deferred > 0) console.warn(`${side} ${s}: ${res.deferred} frames were deferred`);
        const key = `${s} ${side}`;
        cpu.set(key, [...(cpu.get(key) ?? []), res.cpuUs / res.frames / 1000]);
        bytes.set(key, res.bytes / res.frames);
      }
    }
  }
  console.log(
    "\n| UI | renderer | CPU per frame | bytes per frame | Viewport's CPU | Viewport's bytes |",
  );
  console.log("| --- | --- | --- | --- | --- | --- |");
  for (const s of SCENARIOS) {
    const ourCpu = median(cpu.get(`${s} viewport`)!), ourBytes = bytes.get(`${s} viewport`)!;
    for (const side of SIDES) {
      const c = median(cpu.get(`${s} ${side}`)!), b = bytes.get(`${s} ${side}`)!;
      const ratio = (ours: number, theirs: number) =>
        side === "viewport" ? "" : `1/${(theirs / ours).toFixed(1)}`;
      console.log(
        `| ${s} | ${side} | ${c.toFixed(3)} ms | ${Math.round(b)} B | ${ratio(ourCpu, c)} | ${
          ratio(ourBytes, b)
        } |`,
      );
    }
  }
}
