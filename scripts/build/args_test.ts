import { assert, assertEquals, assertThrows } from "../../tests/_util/assert.ts";
import { parseBuildArgs } from "./args.ts";
import { resolveTargets, TARGETS } from "./targets.ts";

Deno.test("build args: defaults build both CLIs for every target, bundles included", () => {
  const o = parseBuildArgs([]);
  assertEquals(o.targets.map((t) => t.triple), TARGETS.map((t) => t.triple));
  assertEquals(o.clis.map((c) => c.name), ["viewport", "vp-run"]);
  assertEquals([o.bundle, o.compile, o.offline, o.strict, o.noCheck], [
    true,
    true,
    false,
    false,
    false,
  ]);
});

Deno.test("build args: aliases, host, NAME=PATH CLIs and value forms", () => {
  const o = parseBuildArgs([
    "--target",
    "windows-x64,host,macos-arm64",
    "--cli=viewport",
    "--cli",
    "probe=tests/ship/fixtures/pty_probe.ts",
    "--out",
    "out",
    "--strict",
  ]);
  const want = new Set([Deno.build.target, "aarch64-apple-darwin", "x86_64-pc-windows-msvc"]);
  assertEquals(
    o.targets.map((t) => t.triple),
    TARGETS.map((t) => t.triple).filter((t) => want.has(t)),
  );
  assertEquals(o.clis.map((c) => `${c.name}:${c.entry}`), [
    "viewport:cli/viewport.ts",
    "probe:tests/ship/fixtures/pty_probe.ts",
  ]);
  assertEquals([o.out, o.strict], ["out", true]);
});

Deno.test("build args: errors name the bad value and what is accepted", () => {
  assertThrows(() => parseBuildArgs(["--target", "sparc"]), RangeError, /unknown target 'sparc'/);
  assertThrows(() => parseBuildArgs(["--cli", "nope"]), RangeError, /known: viewport, vp-run/);
  assertThrows(() => parseBuildArgs(["--cli", "a b=x.ts"]), RangeError, /bad CLI name/);
  assertThrows(() => parseBuildArgs(["--fast"]), RangeError, /unknown argument '--fast'/);
  assertThrows(() => parseBuildArgs(["--out"]), RangeError, /--out needs a value/);
  assertThrows(() => parseBuildArgs(["--strict=1"]), RangeError, /takes no value/);
  assertThrows(
    () => parseBuildArgs(["--no-bundle", "--no-compile"]),
    RangeError,
    /nothing to build/,
  );
  assertThrows(() => resolveTargets(" , "), RangeError, /no target/);
});

Deno.test("build args: the target list is the five release targets with Windows .exe", () => {
  assertEquals(TARGETS.map((t) => `${t.npmOs}-${t.npmCpu}${t.exe}`), [
    "linux-x64",
    "linux-arm64",
    "darwin-x64",
    "darwin-arm64",
    "win32-x64.exe",
  ]);
  assert(resolveTargets("all").length === 5);
});
