/**
 * The compile path of scripts/build.ts. The binaries themselves only run when
 * a real `denort` runtime for this platform is available (DENORT_BIN or a
 * pre-seeded DENO_DIR); otherwise that test is ignored with the reason in its
 * name. Everything before the runtime (staging, per-target native packages,
 * the `deno compile` invocation, skip reporting, the first-run check) is
 * tested here regardless, with the deno CLI standing in for denort where a
 * runtime-shaped executable is needed.
 */
import { Buffer } from "node:buffer";
import { assert, assertEquals, assertMatch } from "../_util/assert.ts";
import { compileCli } from "../../scripts/build/compile.ts";
import { packagesFor, readModuleGraph } from "../../scripts/build/graph.ts";
import { findRuntime, type RuntimeLookup } from "../../scripts/build/runtime.ts";
import { stageNodeModules, stageSources } from "../../scripts/build/stage.ts";
import { binaryName, hostTarget, TARGETS } from "../../scripts/build/targets.ts";
import { readVersionStamp } from "../../scripts/build/version.ts";
import { main } from "../../scripts/build.ts";
import { build, hasVpRun, PROBE, ROOT, run } from "./_build.ts";
import { exercise } from "./_install.ts";
import { checkWeb } from "./_web.ts";

const host = hostTarget();

async function denoDir(): Promise<string> {
  const out = await new Deno.Command(Deno.execPath(), { args: ["info", "--json"] }).output();
  return JSON.parse(new TextDecoder().decode(out.stdout)).denoDir;
}

/** A real runtime for this host, or why there is none. */
async function realRuntime(): Promise<RuntimeLookup> {
  if (!host) return { found: false, reason: `${Deno.build.target} is not a release target` };
  const r = await findRuntime(host, {
    denortBin: Deno.env.get("DENORT_BIN") || undefined,
    denoDir: await denoDir(),
    denoVersion: Deno.version.deno,
    denoExec: Deno.execPath(),
  });
  if (r.found && r.note) return { found: false, reason: r.note };
  return r;
}

const runtime = await realRuntime();

Deno.test("compile: targets without a runtime are skipped with the reason; --strict fails on nothing built", async () => {
  const out = await Deno.makeTempDir({ prefix: "vp-dist-" });
  const emptyDenoDir = await Deno.makeTempDir({ prefix: "vp-denodir-" });
  try {
    const args = ["--no-bundle", "--offline", "--out", out, "--cli", "viewport,ghost=cli/ghost.ts"];
    const env = { DENO_DIR: emptyDenoDir };
    const b = await build(args, env, ["DENORT_BIN"]);
    assertEquals(b.code, 0, b.err);
    for (const t of TARGETS) {
      assertMatch(
        b.out,
        new RegExp(
          `skip {2}compile {2}${t.triple} \\(viewport\\): no denort for ${t.triple}: DENORT_BIN is not set, ` +
            `and .*/dl/release/v${Deno.version.deno}/denort-${t.triple}\\.zip is missing \\(offline`,
        ),
      );
    }
    assert(b.out.includes("skip  ghost    cli/ghost.ts does not exist in this checkout"));
    assertMatch(b.out, /built 0, skipped 10/);
    assert(!b.out.includes("\x1b["), "no colors in a pipe");
    const manifest = JSON.parse(await Deno.readTextFile(`${out}/build.json`));
    assertEquals(manifest.artifacts, []);
    assertEquals(manifest.skipped.length, 10);
    assertEquals(await Deno.readTextFile(`${out}/SHA256SUMS`), "");
    const strict = await build([...args, "--strict"], env, ["DENORT_BIN"]);
    assertEquals(strict.code, 1);
  } finally {
    await Deno.remove(out, { recursive: true });
    await Deno.remove(emptyDenoDir, { recursive: true });
  }
});

Deno.test("compile: a missing native package for a target is a skip naming it", async () => {
  const out = await Deno.makeTempDir({ prefix: "vp-dist-" });
  const fakeDenoDir = await Deno.makeTempDir({ prefix: "vp-denodir-" });
  try {
    // A runtime archive is "present", so the build gets as far as staging node_modules;
    // this DENO_DIR has no npm cache and --offline forbids npm pack.
    const zip = `${fakeDenoDir}/dl/release/v${Deno.version.deno}/denort-aarch64-apple-darwin.zip`;
    await Deno.mkdir(zip.slice(0, zip.lastIndexOf("/")), { recursive: true });
    await Deno.writeFile(zip, new Uint8Array([0x50, 0x4b, 5, 6]));
    const b = await build(
      ["--no-bundle", "--offline", "--target", "darwin-arm64", "--out", out, "--cli", PROBE],
      { DENO_DIR: fakeDenoDir },
      ["DENORT_BIN"],
    );
    assertEquals(b.code, 0, b.err);
    assertMatch(
      b.out,
      /compile {2}aarch64-apple-darwin \(probe\): native packages: @lydell\/node-pty-darwin-arm64@1\.1\.0 is not installed/,
    );
  } finally {
    await Deno.remove(out, { recursive: true });
    await Deno.remove(fakeDenoDir, { recursive: true });
  }
});

Deno.test({
  name:
    "compile: deno compile embeds the host's prebuilt pty.node (deno CLI standing in for denort)",
  ignore: host === undefined,
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "vp-compile-" });
    try {
      const stage = `${dir}/.stage`;
      const entry = PROBE.split("=")[1];
      const graph = await readModuleGraph(ROOT, entry);
      await stageSources(ROOT, stage, graph.files, [], "0.0.1+test");
      await stageNodeModules(stage, packagesFor(graph, host!), {
        cacheDir: `${dir}/cache`,
        offline: true,
      });
      const outFile = `${dir}/${binaryName("probe", host!)}`;
      const why = await compileCli({
        stageDir: stage,
        cli: { name: "probe", entry, include: [] },
        target: host!,
        runtime: { found: true, source: "DENORT_BIN", path: Deno.execPath() },
        outFile,
        noCheck: true,
        env: Deno.env.toObject(),
      });
      assertEquals(why, undefined);
      const bytes = Buffer.from(await Deno.readFile(outFile));
      const pkg = `node-pty-${host!.npmOs}-${host!.npmCpu}`;
      assert(bytes.indexOf(pkg) > 0, `${pkg} is embedded`);
      assert(bytes.indexOf("pty.node") > 0, "pty.node is embedded");
      assert(bytes.indexOf("0.0.1+test") > 0, "the stamped deno.json is embedded");
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test({
  name: "compile: the first run of a host binary catches a runtime that is not denort",
  ignore: host === undefined,
  async fn() {
    const out = await Deno.makeTempDir({ prefix: "vp-dist-" });
    try {
      const lines: string[] = [];
      const status = await main({
        args: ["--no-bundle", "--no-check", "--target", "host", "--out", out, "--cli", "viewport"],
        env: { ...Deno.env.toObject(), DENORT_BIN: Deno.execPath(), NO_COLOR: "" },
        print: (l) => lines.push(l),
        isTerminal: true,
        cwd: ROOT,
      });
      assertEquals(status, 0);
      const text = lines.join("\n");
      assert(text.includes("\x1b[36minfo\x1b[0m  runtime  DENORT_BIN is the deno CLI itself"));
      assertMatch(
        text,
        new RegExp(
          `\\x1b\\[31mfail\\x1b\\[0m  compile  viewport-${
            host!.triple
          }: the built binary did not run the program`,
        ),
      );
      assert(!(await Deno.stat(`${out}/viewport-${host!.triple}`).catch(() => undefined)));
    } finally {
      await Deno.remove(out, { recursive: true });
    }
  },
});

Deno.test({
  name: `compile: binaries run (${
    runtime.found ? `runtime from ${runtime.source}` : `SKIPPED: ${runtime.reason}`
  })`,
  ignore: !runtime.found,
  async fn() {
    const out = await Deno.makeTempDir({ prefix: "vp-dist-" });
    try {
      const vpRun = hasVpRun();
      const clis = ["viewport", ...(vpRun ? ["vp-run"] : []), PROBE].join(",");
      const b = await build(["--no-bundle", "--target", "host", "--out", out, "--cli", clis]);
      assertEquals(b.code, 0, b.out + b.err);
      const { stamp } = await readVersionStamp(ROOT);
      const bin = (name: string) => `${out}/${binaryName(name, host!)}`;
      // The same checks as the bundles and installs: --help, --version, a shell command,
      // doctor (npm packages inside the binary) and headless runs of an example.
      await exercise(
        { viewport: [bin("viewport")], vpRun: vpRun ? [bin("vp-run")] : undefined },
        out,
        stamp,
      );
      // The browser viewer serves the client embedded in the binary.
      await checkWeb([bin("viewport")], out);
      const pty = await run(bin("probe"), []);
      assertEquals(pty.out.trim(), "pty-ok", pty.err);
    } finally {
      await Deno.remove(out, { recursive: true });
    }
  },
});
