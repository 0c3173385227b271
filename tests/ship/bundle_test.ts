/**
 * The single-file bundles: built by scripts/build.ts, checksummed and stamped,
 * and run with `deno run -A` from an unrelated directory.
 */
import { assert, assertEquals, assertMatch } from "../_util/assert.ts";
import { parseChecksums, sha256File } from "../../scripts/build/checksums.ts";
import { readVersionStamp } from "../../scripts/build/version.ts";
import { build, hasVpRun, PROBE, ROOT, run } from "./_build.ts";
import { exercise, install } from "./_install.ts";
import { serveDir } from "./_serve.ts";
import { checkWeb } from "./_web.ts";

Deno.test("bundles: built, stamped, checksummed; each runs with deno run -A and installs from a file or a URL; --web serves the embedded client", async () => {
  const out = await Deno.makeTempDir({ prefix: "vp-dist-" });
  const elsewhere = await Deno.makeTempDir({ prefix: "vp-cwd-" });
  try {
    const clis = ["viewport", ...(hasVpRun() ? ["vp-run"] : []), PROBE].join(",");
    const b = await build(["--no-compile", "--offline", "--no-check", "--out", out, "--cli", clis]);
    assertEquals(b.code, 0, b.out + b.err);
    const { stamp } = await readVersionStamp(ROOT);
    assert(b.out.includes("ok    bundle   viewport.js "), b.out);
    assertMatch(b.out, /ok {4}client {3}browser client \S+ KB, embedded in viewport(, vp-run)?\n/);
    assertMatch(b.out, /bundle {3}probe\.js .*\(external: npm:@lydell\/node-pty@1\.1\.0\)/);
    assertEquals(await Deno.readTextFile(`${out}/VERSION`), `${stamp}\n`);

    const sums = parseChecksums(await Deno.readTextFile(`${out}/SHA256SUMS`));
    const names = ["viewport.js", ...(hasVpRun() ? ["vp-run.js"] : []), "probe.js"];
    assertEquals(Object.keys(sums).sort(), [...names].sort());
    for (const name of names) assertEquals(sums[name], await sha256File(`${out}/${name}`));
    const manifest = JSON.parse(await Deno.readTextFile(`${out}/build.json`));
    assertEquals(manifest.stamp, stamp);
    assertEquals(manifest.artifacts.map((a: { file: string }) => a.file).sort(), [...names].sort());
    assert(!(await Deno.stat(`${out}/.stage`).catch(() => undefined)), "the stage is removed");

    const deno = (args: string[], stdin?: string) =>
      run(Deno.execPath(), ["run", "-A", ...args], { cwd: elsewhere, stdin });
    const version = await deno([`${out}/viewport.js`, "--version"]);
    assertEquals([version.code, version.out], [0, `viewport ${stamp}\n`]);
    const text = await deno([`${out}/viewport.js`, "text", "hi"]);
    assertEquals([text.code, text.out, text.err], [0, "hi\n", ""]);
    const table = await deno([`${out}/viewport.js`, "table", "--format", "csv"], "name,n\na,1\n");
    assertEquals(table.code, 0, table.err);
    assertMatch(table.out, /name\s+n\n\s*a\s+1/);
    if (hasVpRun()) {
      const vp = await deno([`${out}/vp-run.js`, "--version"]);
      assertEquals([vp.code, vp.out], [0, `vp-run ${stamp}\n`]);
    }
    const pty = await deno([`${out}/probe.js`]);
    assertEquals([pty.code, pty.out.trim()], [0, "pty-ok"], pty.err);
    // The shebang makes a bundle directly executable.
    const direct = await run(`${out}/viewport.js`, ["--version"], { cwd: elsewhere });
    assertEquals(direct.out, `viewport ${stamp}\n`);

    // --help, doctor and headless runs of an example, by deno run and after deno install -g
    // of the bundle file and of its URL (no config or import map: npm: specifiers are inline).
    const bundled = (name: string) => [Deno.execPath(), "run", "-A", `${out}/${name}.js`];
    const vpRun = hasVpRun();
    await exercise(
      { viewport: bundled("viewport"), vpRun: vpRun ? bundled("vp-run") : undefined },
      elsewhere,
      stamp,
    );
    // The browser viewer serves the client embedded in the bundle: no sources on disk.
    await checkWeb(bundled("viewport"), elsewhere);
    const root = `${elsewhere}/root`;
    const installed = async (from: string) => ({
      viewport: [await install(root, "viewport", `${from}viewport.js`)],
      vpRun: vpRun ? [await install(root, "vp-run", `${from}vp-run.js`)] : undefined,
    });
    await exercise(await installed(`${out}/`), elsewhere, stamp);
    const server = serveDir(out);
    try {
      const fromUrl = await installed(server.base);
      await exercise(fromUrl, elsewhere, stamp);
      await checkWeb(fromUrl.viewport, elsewhere);
    } finally {
      await server.close();
    }
  } finally {
    await Deno.remove(out, { recursive: true });
    await Deno.remove(elsewhere, { recursive: true });
  }
});
