/**
 * The build: stage the CLIs, bundle them, compile them per target, stamp and
 * checksum what was built, and report every step (skips with their reason).
 *
 * @module
 */
import type { BuildOptions } from "./args.ts";
import { bundleCli } from "./bundle.ts";
import { writeChecksums } from "./checksums.ts";
import { servesClient, stageClient } from "./client.ts";
import { type Cli, findClis } from "./clis.ts";
import { compileCli, smokeTest } from "./compile.ts";
import {
  type ModuleGraph,
  nativePackages,
  type NpmPackage,
  packagesFor,
  readModuleGraph,
} from "./graph.ts";
import { formatSize, type Reporter } from "./report.ts";
import { findRuntime } from "./runtime.ts";
import { stageNodeModules, stageSources } from "./stage.ts";
import { binaryName, hostTarget, type Target, TARGETS } from "./targets.ts";
import { readVersionStamp, type VersionStamp } from "./version.ts";

/** One built file. */
export interface Artifact {
  file: string;
  kind: "bundle" | "binary";
  cli: string;
  target?: string;
  size: number;
  sha256?: string;
}

/** Something not built, and why. */
export interface Skipped {
  kind: "bundle" | "binary";
  cli: string;
  target?: string;
  reason: string;
}

/** What `build.json` records. */
export interface BuildResult {
  stamp: string;
  version: string;
  commit?: string;
  dirty: boolean;
  deno: string;
  artifacts: Artifact[];
  skipped: Skipped[];
}

/** What the build needs from the outside. */
export interface BuildContext {
  root: string;
  /** Output folder (absolute). */
  out: string;
  env: Record<string, string>;
  reporter: Reporter;
}

async function denoDir(env: Record<string, string>): Promise<string | undefined> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["info", "--json"],
    env,
    stdout: "piped",
    stderr: "null",
    stdin: "null",
  }).output();
  if (!out.success) return undefined;
  return JSON.parse(new TextDecoder().decode(out.stdout)).denoDir;
}

function union(
  graphs: Iterable<ModuleGraph>,
  pick: (g: ModuleGraph) => NpmPackage[],
): NpmPackage[] {
  const out = new Map<string, NpmPackage>();
  for (const g of graphs) for (const p of pick(g)) out.set(p.id, p);
  return [...out.values()];
}

/** Files of earlier builds that a new build replaces. */
async function cleanOut(out: string, clis: readonly Cli[]): Promise<void> {
  const names = new Set(["SHA256SUMS", "VERSION", "build.json", ".stage"]);
  for (const cli of clis) {
    names.add(`${cli.name}.js`);
    for (const t of TARGETS) names.add(binaryName(cli.name, t));
  }
  for (const name of names) {
    await Deno.remove(`${out}/${name}`, { recursive: true }).catch(() => {});
  }
}

async function addArtifact(
  list: Artifact[],
  out: string,
  a: Omit<Artifact, "size">,
): Promise<Artifact> {
  const artifact = { ...a, size: (await Deno.stat(`${out}/${a.file}`)).size };
  list.push(artifact);
  return artifact;
}

async function bundleAll(
  ctx: BuildContext,
  stage: string,
  clis: Cli[],
  graphs: Map<string, ModuleGraph>,
  result: BuildResult,
  denoEnv: Record<string, string>,
  o: BuildOptions,
): Promise<void> {
  const src = { cacheDir: `${ctx.out}/.cache/npm`, offline: o.offline };
  try {
    await stageNodeModules(stage, union(graphs.values(), (g) => packagesFor(g, undefined)), src);
  } catch (err) {
    for (const cli of clis) {
      result.skipped.push({ kind: "bundle", cli: cli.name, reason: (err as Error).message });
      ctx.reporter.step("fail", "bundle", `${cli.name}.js: ${(err as Error).message}`);
    }
    return;
  }
  for (const cli of clis) {
    const natives = nativePackages(graphs.get(cli.name)!);
    const file = `${cli.name}.js`;
    const why = await bundleCli(stage, cli, `${ctx.out}/${file}`, natives, denoEnv, o.noCheck);
    if (why) {
      result.skipped.push({ kind: "bundle", cli: cli.name, reason: why });
      ctx.reporter.step("fail", "bundle", `${file}: ${why}`);
      continue;
    }
    const a = await addArtifact(result.artifacts, ctx.out, { file, kind: "bundle", cli: cli.name });
    const ext = natives.length
      ? ` (external: ${natives.map((p) => `npm:${p.id}`).join(", ")})`
      : "";
    ctx.reporter.step("ok", "bundle", `${file} ${formatSize(a.size)}${ext}`);
  }
}

async function compileTarget(
  ctx: BuildContext,
  stage: string,
  target: Target,
  clis: Cli[],
  graphs: Map<string, ModuleGraph>,
  result: BuildResult,
  denoEnv: Record<string, string>,
  o: BuildOptions,
  dir: string | undefined,
): Promise<void> {
  const skip = (cli: Cli, reason: string, status: "skip" | "fail" = "skip") => {
    result.skipped.push({ kind: "binary", cli: cli.name, target: target.triple, reason });
    ctx.reporter.step(status, "compile", `${binaryName(cli.name, target)}: ${reason}`);
  };
  const skipAll = (reason: string) => {
    for (const cli of clis) {
      result.skipped.push({ kind: "binary", cli: cli.name, target: target.triple, reason });
    }
    const names = clis.map((c) => c.name).join(", ");
    ctx.reporter.step("skip", "compile", `${target.triple} (${names}): ${reason}`);
  };
  const runtime = await findRuntime(target, {
    denortBin: ctx.env.DENORT_BIN || undefined,
    denoDir: dir,
    denoVersion: Deno.version.deno,
    denoExec: Deno.execPath(),
  });
  if (!runtime.found && o.offline) {
    skipAll(`${runtime.reason} (offline: not downloaded)`);
    return;
  }
  try {
    const src = { denoDir: dir, cacheDir: `${ctx.out}/.cache/npm`, offline: o.offline };
    const staged = await stageNodeModules(
      stage,
      union(graphs.values(), (g) => packagesFor(g, target)),
      src,
    );
    const fetched = staged.filter((s) => s.source !== "node_modules");
    if (fetched.length) {
      const list = fetched.map((s) => `${s.id} (${s.source})`).join(", ");
      ctx.reporter.step("info", "native", `${target.triple}: ${list}`);
    }
  } catch (err) {
    skipAll(`native packages: ${(err as Error).message}`);
    return;
  }
  if (runtime.found && runtime.note) ctx.reporter.step("info", "runtime", runtime.note);
  for (const [i, cli] of clis.entries()) {
    const file = binaryName(cli.name, target);
    const outFile = `${ctx.out}/${file}`;
    if (i > 0 && !runtime.found && result.skipped.at(-1)?.target === target.triple) {
      // The runtime could not be downloaded for the first CLI; it will not be for the rest.
      skip(cli, result.skipped.at(-1)!.reason);
      continue;
    }
    const why = await compileCli({
      stageDir: stage,
      cli,
      target,
      runtime,
      outFile,
      noCheck: o.noCheck,
      env: denoEnv,
    }) ?? (target.triple === Deno.build.target ? await smokeTest(outFile, cli.name) : undefined);
    if (why) {
      await Deno.remove(outFile).catch(() => {});
      skip(cli, why, runtime.found ? "fail" : "skip");
      continue;
    }
    const a = await addArtifact(result.artifacts, ctx.out, {
      file,
      kind: "binary",
      cli: cli.name,
      target: target.triple,
    });
    const via = runtime.found ? runtime.source : "downloaded runtime";
    const ran = target.triple === Deno.build.target ? ", ran --version" : "";
    ctx.reporter.step("ok", "compile", `${file} ${formatSize(a.size)} (${via}${ran})`);
  }
}

/**
 * Runs the build. Never throws for a missing runtime, CLI or package: those
 * are skips in the result; other failures (no deno.json, unwritable output)
 * throw.
 *
 * @example
 * ```ts ignore
 * // Not run as a doc test: a whole build (minutes).
 * import { runBuild } from "./run.ts";
 * const result = await runBuild(options, ctx);
 * ```
 */
export async function runBuild(o: BuildOptions, ctx: BuildContext): Promise<BuildResult> {
  const v: VersionStamp = await readVersionStamp(ctx.root);
  const result: BuildResult = {
    stamp: v.stamp,
    version: v.version,
    commit: v.commit,
    dirty: v.dirty,
    deno: Deno.version.deno,
    artifacts: [],
    skipped: [],
  };
  ctx.reporter.line(`Viewport ${v.stamp} (deno ${Deno.version.deno}) -> ${ctx.out}`);
  await Deno.mkdir(ctx.out, { recursive: true });
  await cleanOut(ctx.out, o.clis);
  const found = findClis(ctx.root, o.clis);
  let present = found.present;
  const skipCli = (cli: Cli, reason: string) => {
    if (o.bundle) result.skipped.push({ kind: "bundle", cli: cli.name, reason });
    if (o.compile) {
      for (const t of o.targets) {
        result.skipped.push({ kind: "binary", cli: cli.name, target: t.triple, reason });
      }
    }
  };
  for (const { cli, reason } of found.missing) {
    skipCli(cli, reason);
    ctx.reporter.step("skip", cli.name, reason);
  }
  const denoEnv = { ...ctx.env };
  delete denoEnv.DENORT_BIN;
  if (present.length > 0) {
    const graphs = new Map<string, ModuleGraph>();
    for (const cli of present) graphs.set(cli.name, await readModuleGraph(ctx.root, cli.entry));
    const stage = `${ctx.out}/.stage`;
    const files = [...new Set([...graphs.values()].flatMap((g) => g.files))];
    await stageSources(ctx.root, stage, files, present.flatMap((c) => c.include), v.stamp);
    ctx.reporter.step("ok", "stage", `${files.length} modules, deno.json version ${v.stamp}`);
    const serving = present.filter((c) => servesClient(graphs.get(c.name)!.files));
    if (serving.length > 0) {
      const names = serving.map((c) => c.name).join(", ");
      try {
        const size = await stageClient(ctx.root, stage);
        ctx.reporter.step(
          "ok",
          "client",
          `browser client ${formatSize(size)}, embedded in ${names}`,
        );
      } catch (err) {
        const reason = `browser client: ${(err as Error).message}`;
        for (const cli of serving) skipCli(cli, reason);
        ctx.reporter.step("fail", "client", `${names}: ${reason}`);
        present = present.filter((c) => !serving.includes(c));
      }
    }
    if (o.bundle && present.length > 0) {
      await bundleAll(ctx, stage, present, graphs, result, denoEnv, o);
    }
    if (o.compile && present.length > 0) {
      const dir = await denoDir(denoEnv);
      for (const target of o.targets) {
        await compileTarget(ctx, stage, target, present, graphs, result, denoEnv, o, dir);
      }
    }
    await Deno.remove(stage, { recursive: true }).catch(() => {});
  }
  await finish(ctx, result);
  return result;
}

async function finish(ctx: BuildContext, result: BuildResult): Promise<void> {
  const sums = await writeChecksums(ctx.out, result.artifacts.map((a) => a.file));
  for (const a of result.artifacts) a.sha256 = sums[a.file];
  await Deno.writeTextFile(`${ctx.out}/VERSION`, `${result.stamp}\n`);
  await Deno.writeTextFile(`${ctx.out}/build.json`, JSON.stringify(result, null, 2) + "\n");
  ctx.reporter.step(
    "ok",
    "stamp",
    `SHA256SUMS (${result.artifacts.length} files), VERSION, build.json`,
  );
  const host = hostTarget();
  ctx.reporter.line(
    `built ${result.artifacts.length}, skipped ${result.skipped.length}` +
      (host ? "" : ` (this host, ${Deno.build.target}, is not a release target)`),
  );
}
