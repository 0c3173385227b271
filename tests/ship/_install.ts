/** Helpers for the install tests: `deno install -g` into a root, then run what was installed. */
import { assert, assertEquals, assertMatch } from "../_util/assert.ts";
import { readVersionStamp } from "../../scripts/build/version.ts";
import { ROOT, run } from "./_build.ts";

/** The example run headless: one text node, then it ends. */
export const HELLO: string = `${ROOT}/examples/hello.ts`;

/** Installs `entry` as `name` under `root` with extra `deno install` flags. */
export async function install(
  root: string,
  name: string,
  entry: string,
  flags: string[] = [],
): Promise<string> {
  await Deno.mkdir(root, { recursive: true });
  const r = await run(
    Deno.execPath(),
    ["install", "-g", "-A", "-f", "--root", root, "-n", name, ...flags, entry],
    { cwd: root },
  );
  assertEquals(r.code, 0, r.out + r.err);
  const bin = `${root}/bin/${name}`;
  assert((await Deno.stat(bin)).isFile, `${bin} was written`);
  return bin;
}

/**
 * Runs the installed (or bundled) commands from `cwd`, outside the checkout:
 * --help, --version, a shell command, doctor (npm packages resolve) and a
 * headless run of an example for viewport; --help, --version and a headless
 * run for vp-run. `version` is what --version must print.
 */
export async function exercise(
  bins: { viewport: string[]; vpRun?: string[] },
  cwd: string,
  version?: string,
): Promise<void> {
  version ??= (await readVersionStamp(ROOT)).version;
  const [vpCmd, ...vpArgs] = bins.viewport;
  const vp = (args: string[], stdin?: string) => run(vpCmd, [...vpArgs, ...args], { cwd, stdin });
  const help = await vp(["--help"]);
  assertEquals(help.code, 0, help.err);
  assertMatch(help.out, /^viewport \S+: host Viewport apps/);
  assertEquals((await vp(["--version"])).out, `viewport ${version}\n`);
  const table = await vp(["table", "--format", "csv"], "name,n\na,1\n");
  assertEquals(table.code, 0, table.err);
  assertMatch(table.out, /name\s+n\n\s*a\s+1/);
  // doctor's ws check loads the npm package "ws": bare specifiers resolve in the install.
  // (A generous limit per check: on a loaded machine a loopback round trip can take seconds.)
  const doctor = await vp(["doctor", "--json", "--no-query", "--timeout", "60000"]);
  assertEquals(doctor.code, 0, doctor.err);
  const ws = JSON.parse(doctor.out).transports.find((t: { scheme: string }) => t.scheme === "ws");
  assertEquals(ws.status, "ok", JSON.stringify(ws));

  const textDir = await Deno.makeTempDir({ dir: cwd, prefix: "text-" });
  // --via fd: the app's connection exists before it starts. (Over a socket, an app that ends
  // at once can exit before the viewer has accepted it; its frames are then lost, rarely.)
  const headless = await vp([
    "--headless",
    "--via",
    "fd",
    "--text-dir",
    textDir,
    "--",
    Deno.execPath(),
    "run",
    "-A",
    HELLO,
  ]);
  assertEquals(headless.code, 0, headless.err);
  const files = [...Deno.readDirSync(textDir)].map((e) => e.name);
  assertEquals(files.length, 1, files.join());
  assertEquals(
    await Deno.readTextFile(`${textDir}/${files[0]}`),
    "Hello, Viewport!\n",
    `${bins.viewport.join(" ")}: ${headless.out}${headless.err}`,
  );

  if (bins.vpRun) {
    const [vrCmd, ...vrArgs] = bins.vpRun;
    const vr = (args: string[]) => run(vrCmd, [...vrArgs, ...args], { cwd });
    const vhelp = await vr(["--help"]);
    assertEquals(vhelp.code, 0, vhelp.err);
    assertMatch(vhelp.out, /^vp-run \S+: run a program against a Viewport viewer/);
    assertEquals((await vr(["--version"])).out, `vp-run ${version}\n`);
    // No VIEWPORT: an in-process headless viewer prints the app's text projection.
    const hello = await vr(["--", Deno.execPath(), "run", "-A", HELLO]);
    assertEquals(hello.code, 0, hello.err);
    assertEquals(hello.out, "Hello, Viewport!\n", `${bins.vpRun.join(" ")}: ${hello.err}`);
  }
}
