import { assert, assertEquals, assertRejects } from "../../tests/_util/assert.ts";
import { stageNodeModules, stageSources } from "./stage.ts";

Deno.test("stage: sources are copied and deno.json is stamped and trimmed", async () => {
  const root = await Deno.makeTempDir();
  try {
    await Deno.mkdir(`${root}/cli`);
    await Deno.mkdir(`${root}/web/dist`, { recursive: true });
    await Deno.writeTextFile(`${root}/cli/a.ts`, "export {};");
    await Deno.writeTextFile(`${root}/web/dist/client.js`, "1");
    await Deno.writeTextFile(`${root}/web/dist/x_test.ts`, "1");
    await Deno.writeTextFile(`${root}/package.json`, "{}");
    await Deno.writeTextFile(
      `${root}/deno.json`,
      JSON.stringify({ version: "0.1.0", tasks: { a: "b" }, compilerOptions: { strict: true } }),
    );
    const stage = `${root}/out/.stage`;
    await stageSources(
      root,
      stage,
      [`${root}/cli/a.ts`, `${root}/deno.json`],
      ["web/dist", "gone"],
      "0.1.0+abc",
    );
    assertEquals(await Deno.readTextFile(`${stage}/cli/a.ts`), "export {};");
    assertEquals([...Deno.readDirSync(`${stage}/web/dist`)].map((e) => e.name), ["client.js"]);
    assertEquals(JSON.parse(await Deno.readTextFile(`${stage}/deno.json`)), {
      version: "0.1.0+abc",
      compilerOptions: { strict: true },
      nodeModulesDir: "manual",
    });
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("stage: node_modules is flat, without .pdb files; two versions of one package fail", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const pkg = async (name: string, files: string[]) => {
      const path = `${dir}/src/${name}`;
      await Deno.mkdir(path, { recursive: true });
      for (const f of ["package.json", ...files]) await Deno.writeTextFile(`${path}/${f}`, f);
      return path;
    };
    const a = { id: "@s/a@1.0.0", name: "@s/a", version: "1.0.0", dependencies: [] };
    const b = { id: "b@2.0.0", name: "b", version: "2.0.0", dependencies: [] };
    const src = { cacheDir: `${dir}/cache`, offline: true };
    const staged = await stageNodeModules(`${dir}/stage`, [
      { ...a, localPath: await pkg("a", ["index.js"]) },
      { ...b, localPath: await pkg("b", ["conpty.node", "conpty.pdb"]) },
    ], src);
    assertEquals(staged, [
      { id: "@s/a@1.0.0", source: "node_modules" },
      { id: "b@2.0.0", source: "node_modules" },
    ]);
    assert((await Deno.stat(`${dir}/stage/node_modules/@s/a/index.js`)).isFile);
    assertEquals([...Deno.readDirSync(`${dir}/stage/node_modules/b`)].map((e) => e.name).sort(), [
      "conpty.node",
      "package.json",
    ]);
    await assertRejects(
      () => stageNodeModules(`${dir}/stage`, [b, { ...b, id: "b@3.0.0", version: "3.0.0" }], src),
      Error,
      /b@2.0.0 and b@3.0.0 are both needed/,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
