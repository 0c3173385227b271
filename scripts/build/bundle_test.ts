import { assertEquals } from "../../tests/_util/assert.ts";
import { pinExternals, portableRequire } from "./bundle.ts";
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

Deno.test("bundle: require works from a URL; other code is untouched", async () => {
  const code = [
    'import { createRequire as __deno_internal_createRequire } from "node:module";',
    "var __require = __deno_internal_createRequire(import.meta.url);",
    'const b = __require("node:buffer");',
  ].join("\n");
  const out = portableRequire(code);
  assertEquals(portableRequire("const x = 1;"), "const x = 1;");
  const lines = out.split("\n");
  assertEquals([lines[0], lines[2]], [code.split("\n")[0], code.split("\n")[2]]);
  // Evaluated as a module at an http: URL, the rewritten require loads a built-in.
  const body = out.replaceAll("import.meta.url", '"http://127.0.0.1/viewport.js"')
    .replace(/^import .*\n/, "");
  const { createRequire } = await import("node:module");
  const run = new Function("__deno_internal_createRequire", `${body}; return b.Buffer.from("ok");`);
  assertEquals(String(run(createRequire)), "ok");
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
