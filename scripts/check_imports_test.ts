import assert from "node:assert/strict";
import { findLoops, importGraph, listModules } from "./check_imports.ts";

Deno.test("check_imports: a new loop (type-only included) is found and named", async () => {
  const root = await Deno.makeTempDir({ prefix: "vp-loops-" });
  try {
    await Deno.writeTextFile(`${root}/deno.json`, "{}");
    await Deno.mkdir(`${root}/a`);
    await Deno.writeTextFile(
      `${root}/a/x.ts`,
      'import type { Y } from "./y.ts";\nexport type X = Y;\n',
    );
    await Deno.writeTextFile(
      `${root}/a/y.ts`,
      'import { z } from "../z.ts";\nexport type Y = 1;\nz;\n',
    );
    await Deno.writeTextFile(
      `${root}/z.ts`,
      'import type { X } from "./a/x.ts";\nexport const z: X | 0 = 0;\n',
    );
    await Deno.writeTextFile(`${root}/free.ts`, 'import { z } from "./z.ts";\nz;\n');
    const nodes = await importGraph(root, await listModules(root));
    assert.deepEqual(findLoops(nodes), [["a/x.ts", "a/y.ts", "z.ts"]]);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("check_imports: the repository has no import loop", async () => {
  const root = new URL("..", import.meta.url).pathname.replace(/\/$/, "");
  const loops = findLoops(await importGraph(root, await listModules(root)));
  assert.deepEqual(loops, [], `import loops: ${JSON.stringify(loops)}`);
});
