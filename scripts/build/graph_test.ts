import { assert, assertEquals } from "../../tests/_util/assert.ts";
import { nativePackages, packagesFor, readModuleGraph } from "./graph.ts";
import { TARGETS } from "./targets.ts";

const root = new URL("../../", import.meta.url).pathname;

Deno.test("graph: node-pty brings exactly the target's prebuilt package", async () => {
  const g = await readModuleGraph(root, "tests/ship/fixtures/pty_probe.ts");
  assertEquals(g.roots, ["@lydell/node-pty@1.1.0"]);
  assert(g.files.some((f) => f.endsWith("tests/ship/fixtures/pty_probe.ts")));
  assert(g.files.some((f) => f.endsWith("/deno.json")));
  for (const t of TARGETS) {
    const ids = packagesFor(g, t).map((p) => p.id);
    assertEquals(ids, ["@lydell/node-pty@1.1.0", `@lydell/node-pty-${t.npmOs}-${t.npmCpu}@1.1.0`]);
  }
  assertEquals(packagesFor(g, undefined).map((p) => p.id), ["@lydell/node-pty@1.1.0"]);
  assertEquals(nativePackages(g).map((p) => p.name), ["@lydell/node-pty"]);
  const mac = g.packages.get("@lydell/node-pty-darwin-arm64@1.1.0")!;
  assertEquals([mac.os, mac.cpu], [["darwin"], ["arm64"]]);
  assert(mac.integrity?.startsWith("sha512-"));
});

Deno.test("graph: the viewport CLI has no native package", async () => {
  const g = await readModuleGraph(root, "cli/viewport.ts");
  assert(g.files.some((f) => f.endsWith("cli/viewport.ts")));
  assertEquals(nativePackages(g), []);
});
