/**
 * docs/sdk.md's code runs as it says: every ```ts and ```tsx block (except
 * those marked `ignore`) type-checks and runs in a pipe, and the todo app it
 * shows is examples/todo.ts.
 */
import { assertEquals } from "../_util/assert.ts";

const ROOT = new URL("../../", import.meta.url).pathname;

/** The doc's code blocks: language and text. */
function blocks(md: string): { lang: string; code: string }[] {
  const out: { lang: string; code: string }[] = [];
  const re = /^```(tsx?)\n([^]*?)^```$/gm;
  for (const m of md.matchAll(re)) out.push({ lang: m[1], code: m[2] });
  return out;
}

Deno.test("docs/sdk.md: its code blocks type-check and run in a pipe", async () => {
  const md = await Deno.readTextFile(`${ROOT}docs/sdk.md`);
  const code = blocks(md);
  // Inside the repository, so that `@viewport/viewport` resolves to the package itself.
  const dir = await Deno.makeTempDir({ dir: ROOT, prefix: ".doc-snippets-" });
  try {
    const files: string[] = [];
    for (const [i, b] of code.entries()) {
      const file = `${dir}/snippet_${i}.${b.lang}`;
      await Deno.writeTextFile(file, b.code); // "../src/mod.ts" resolves from the folder
      files.push(file);
    }
    const check = await new Deno.Command(Deno.execPath(), {
      args: ["check", ...files],
      cwd: ROOT,
      stdout: "piped",
      stderr: "piped",
    }).output();
    assertEquals(check.code, 0, new TextDecoder().decode(check.stderr));
    for (const file of files) {
      const run = await new Deno.Command(Deno.execPath(), {
        args: ["run", "-A", file],
        cwd: ROOT,
        env: { NO_COLOR: "1" },
        stdin: "null",
        stdout: "piped",
        stderr: "piped",
      }).output();
      const err = new TextDecoder().decode(run.stderr);
      assertEquals([run.code, err], [0, ""], file);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("docs/sdk.md: the todo app shown is examples/todo.ts", async () => {
  const md = await Deno.readTextFile(`${ROOT}docs/sdk.md`);
  const todo = blocks(md).find((b) => b.code.includes('name: "todo"'))!.code;
  const example = await Deno.readTextFile(`${ROOT}examples/todo.ts`);
  assertEquals(todo, example.slice(example.indexOf("import ")));
});
