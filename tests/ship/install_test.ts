/**
 * `deno install -g` of both CLIs, from the checkout and from a URL (the
 * checkout served on loopback, as a raw-file host would serve a tag), into a
 * temporary root; each installed command then runs from an unrelated
 * directory: --help, --version, a shell command, doctor (npm packages
 * resolve) and a headless run of an example.
 */
import { assert, assertEquals, assertMatch } from "../_util/assert.ts";
import { importMapText } from "../../scripts/build/import_map.ts";
import { hasVpRun, ROOT, run } from "./_build.ts";
import { exercise, HELLO, install } from "./_install.ts";
import { serveDir } from "./_serve.ts";
import { checkWeb } from "./_web.ts";

Deno.test("deno install -g from the checkout: viewport and vp-run run from anywhere", async () => {
  const root = await Deno.makeTempDir({ prefix: "vp-install-" });
  const cwd = await Deno.makeTempDir({ prefix: "vp-cwd-" });
  try {
    const viewport = await install(root, "viewport", `${ROOT}/cli/viewport.ts`);
    const vpRun = hasVpRun() ? await install(root, "vp-run", `${ROOT}/cli/vp_run.ts`) : undefined;
    // The checkout's config (package.json's pinned npm packages) went with the install.
    const wrapper = await Deno.readTextFile(viewport);
    assertMatch(wrapper, /--config \S+\/\.viewport\/deno\.json/);
    await exercise({ viewport: [viewport], vpRun: vpRun ? [vpRun] : undefined }, cwd);
    // The browser viewer builds its client from the checkout's sources.
    await checkWeb([viewport], cwd);
    // And runs an app to its end (--exit-with-app: with a browser, an ended app stays on show).
    const web = await run(viewport, [
      "--web=127.0.0.1:0",
      "--exit-with-app",
      "--via",
      "fd",
      "--",
      Deno.execPath(),
      "run",
      "-A",
      HELLO,
    ], { cwd });
    assertEquals(web.code, 0, web.err);
    assertMatch(web.err, /^viewport: browser viewer at http:\/\/127\.0\.0\.1:\d+\/\?token=/);
  } finally {
    await Deno.remove(root, { recursive: true });
    await Deno.remove(cwd, { recursive: true });
  }
});

Deno.test("deno install -g from a URL, with import_map.json beside the sources; --web builds the client from the URL once and caches it", async () => {
  const root = await Deno.makeTempDir({ prefix: "vp-install-" });
  const cwd = await Deno.makeTempDir({ prefix: "vp-cwd-" });
  const server = serveDir(ROOT);
  let serving = true;
  try {
    // server.base is new for every run, so nothing of an earlier run is in Deno's cache.
    const flags = ["--import-map", `${server.base}import_map.json`];
    const viewport = await install(root, "viewport", `${server.base}cli/viewport.ts`, flags);
    const vpRun = hasVpRun()
      ? await install(root, "vp-run", `${server.base}cli/vp_run.ts`, flags)
      : undefined;
    assert((await Deno.readTextFile(viewport)).includes(`'${server.base}cli/viewport.ts'`));
    await exercise({ viewport: [viewport], vpRun: vpRun ? [vpRun] : undefined }, cwd);

    // No sources on disk: the client is bundled from the URL into the cache folder.
    const env = { XDG_CACHE_HOME: `${cwd}/cache` };
    await checkWeb([viewport], cwd, env);
    const version = JSON.parse(await Deno.readTextFile(`${ROOT}/deno.json`)).version;
    const cached = `${cwd}/cache/viewport/${version}`;
    const [dir, ...more] = [...Deno.readDirSync(cached)].map((e) => e.name);
    assertEquals(more, []);
    assertEquals(
      [...Deno.readDirSync(`${cached}/${dir}`)].map((e) => e.name).sort(),
      ["client.css", "client.js"],
    );
    // Later starts use the cache: they work with the host gone.
    serving = false;
    await server.close();
    await checkWeb([viewport], cwd, env);
  } finally {
    if (serving) await server.close();
    await Deno.remove(root, { recursive: true });
    await Deno.remove(cwd, { recursive: true });
  }
});

Deno.test("import_map.json (for URL installs) is package.json's pinned dependencies", async () => {
  const committed = await Deno.readTextFile(`${ROOT}/import_map.json`);
  assertEquals(
    committed,
    await importMapText(ROOT),
    "import_map.json is stale: run deno run -A scripts/build.ts --write-import-map",
  );
});
