import { assertEquals } from "../../tests/_util/assert.ts";
import { pinExternals } from "./bundle.ts";
import { failureReason } from "./deno_cmd.ts";
import { formatSize, Reporter, useColor } from "./report.ts";

const pty = {
  id: "@lydell/node-pty@1.1.0",
  name: "@lydell/node-pty",
  version: "1.1.0",
  dependencies: [],
};

Deno.test("bundle: native packages become exact npm: imports, other strings stay", () => {
  const code = [
    'import { spawn as spawnPty } from "@lydell/node-pty";',
    "const m = await import( '@lydell/node-pty/lib/x.js' );",
    'import "@lydell/node-pty";',
    'const s = "@lydell/node-pty"; import y from "@lydell/node-pty-extra";',
  ].join("\n");
  assertEquals(pinExternals(code, [pty]).split("\n"), [
    'import { spawn as spawnPty } from "npm:@lydell/node-pty@1.1.0";',
    "const m = await import( 'npm:@lydell/node-pty@1.1.0/lib/x.js' );",
    'import "npm:@lydell/node-pty@1.1.0";',
    'const s = "@lydell/node-pty"; import y from "@lydell/node-pty-extra";',
  ]);
});

Deno.test("build output: failure reasons, sizes, colors", () => {
  assertEquals(
    failureReason("\x1b[31merror\x1b[0m: boom\n\nCaused by:\n    0: a b\n    1: b\n    2: c\n"),
    "boom: a b: c",
  );
  assertEquals(failureReason("warn\nlast line\n"), "last line");
  assertEquals([formatSize(0), formatSize(2_500_000), formatSize(3 * 1024 ** 3)], [
    "0 B",
    "2.4 MB",
    "3.0 GB",
  ]);
  assertEquals(
    [useColor({}, false), useColor({ TERM: "dumb" }, true), useColor({ NO_COLOR: "" }, true)],
    [false, false, true],
  );
  const lines: string[] = [];
  const r = new Reporter((l) => lines.push(l), false);
  r.step("fail", "compile", "x: why");
  assertEquals(lines, ["  fail  compile  x: why"]);
});
