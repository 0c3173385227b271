/**
 * The README's Quick start keeps working for a newcomer with only Node.js:
 * its commands name tasks that exist in deno.json (whose files exist), pin
 * one Deno version, include a Node-only (npx) route, and `.ci/run` runs
 * exactly its test command. The demo command itself is run (with this deno,
 * in a pipe) and must show the dashboard.
 */
import { assert, assertEquals } from "../_util/assert.ts";
import { ROOT, run } from "./_build.ts";

/** A command line from a Quick start block, split into words. */
interface Command {
  line: string;
  words: string[];
}

/** The fenced ```sh blocks under the "Quick start" heading, up to the next heading of its level. */
function quickStartBlocks(markdown: string): string[] {
  const lines = markdown.split("\n");
  const start = lines.findIndex((l) => /^#{1,6}\s+Quick start\s*$/i.test(l));
  if (start < 0) return [];
  const level = lines[start].indexOf(" ");
  const blocks: string[] = [];
  let block: string[] | undefined;
  for (const line of lines.slice(start + 1)) {
    if (block) {
      if (/^```\s*$/.test(line)) {
        blocks.push(block.join("\n"));
        block = undefined;
      } else {
        block.push(line);
      }
      continue;
    }
    const heading = /^(#{1,6})\s/.exec(line);
    if (heading && heading[1].length <= level) break;
    if (/^```(sh|bash|shell)\s*$/.test(line)) block = [];
  }
  return blocks;
}

/** Command lines of a block: comments and blank lines dropped. */
function commandsOf(block: string): Command[] {
  return block.split("\n")
    .map((l) => l.replace(/(^|\s)#.*$/, "").trim())
    .filter((l) => l !== "")
    .map((line) => ({ line, words: line.split(/\s+/) }));
}

/** The deno invocation in a command: the words after `deno` or `npx [-y] deno@V`. */
function denoArgs(c: Command): { version?: string; args: string[] } | undefined {
  const w = c.words;
  if (w[0] === "deno") return { args: w.slice(1) };
  if (w[0] !== "npx") return undefined;
  let i = 1;
  while (w[i]?.startsWith("-")) i++;
  const m = /^deno@(\S+)$/.exec(w[i] ?? "");
  return m ? { version: m[1], args: w.slice(i + 1) } : undefined;
}

const readme = await Deno.readTextFile(`${ROOT}/README.md`);
const config = JSON.parse(await Deno.readTextFile(`${ROOT}/deno.json`));
const tasks: Record<string, string> = config.tasks ?? {};
const blocks = quickStartBlocks(readme);
const commands = blocks.flatMap(commandsOf);

Deno.test("quickStartBlocks: sh blocks of the section only; comments dropped", () => {
  const md = [
    "# T",
    "```sh",
    "deno task before",
    "```",
    "## Quick start",
    "Text.",
    "```sh",
    "npx -y deno@1.2.3 task demo   # the demo",
    "",
    "# a comment line",
    "```",
    "### More",
    "```ts",
    "deno task not_shell",
    "```",
    "```bash",
    "deno task b",
    "```",
    "## Next",
    "```sh",
    "deno task after",
    "```",
  ].join("\n");
  const blocks = quickStartBlocks(md);
  assertEquals(blocks.flatMap(commandsOf).map((c) => c.line), [
    "npx -y deno@1.2.3 task demo",
    "deno task b",
  ]);
  assertEquals(denoArgs(commandsOf(blocks[0])[0]), { version: "1.2.3", args: ["task", "demo"] });
  assertEquals(quickStartBlocks("# Nothing here"), []);
});

Deno.test("README Quick start: sh blocks with deno commands", () => {
  assert(blocks.length > 0, "README.md has a 'Quick start' heading with ```sh blocks under it");
  assert(commands.some((c) => denoArgs(c)), "Quick start runs deno");
});

Deno.test("README Quick start: every task exists in deno.json, and the files it runs exist", async () => {
  const named = commands.map(denoArgs).filter((d) => d?.args[0] === "task").map((d) => d!.args[1]);
  assert(named.includes("test") && named.includes("demo"), `tasks used: ${named.join(", ")}`);
  for (const name of named) {
    assert(
      name in tasks,
      `README runs 'task ${name}'; deno.json has ${Object.keys(tasks).join(", ")}`,
    );
    for (const path of tasks[name].split(/\s+/).filter((w) => /\.(ts|js)$/.test(w))) {
      assert((await Deno.stat(`${ROOT}/${path}`)).isFile, `task ${name} runs ${path}`);
    }
  }
  // The suite may be preceded by its setup (system packages, once); then it is `deno test`.
  const suite = tasks.test.split("&&").map((part: string) => part.trim()).at(-1)!;
  assertEquals(suite.split(/\s+/).slice(0, 2), ["deno", "test"]);
  for (const c of commands) {
    const d = denoArgs(c);
    if (d?.args[0] !== "run") continue;
    const file = d.args.find((a) => /\.(ts|js)$/.test(a));
    if (file) assert((await Deno.stat(`${ROOT}/${file}`)).isFile, `${c.line}: ${file} exists`);
  }
});

Deno.test("README Quick start: a Node-only route, one pinned Deno version, the one this suite runs on", () => {
  const npx = blocks.map(commandsOf).find((b) => b.every((c) => c.words[0] === "npx"));
  assert(npx !== undefined, "one block needs nothing but Node.js (every command is npx)");
  const pins = new Set(commands.map(denoArgs).flatMap((d) => d?.version ? [d.version] : []));
  for (const m of readme.matchAll(/\bdeno@(\d+\.\d+\.\d+)/g)) pins.add(m[1]);
  assertEquals([...pins], [Deno.version.deno], "every deno@VERSION in the README");
});

Deno.test("README Quick start: .ci/run runs the README's test command", async () => {
  const testCommand = commands.find((c) => {
    const d = denoArgs(c);
    return d?.version !== undefined && d.args[0] === "task" && d.args[1] === "test";
  });
  assert(testCommand, "Quick start has an npx '... task test' command");
  const ci = (await Deno.readTextFile(`${ROOT}/.ci/run`)).split("\n")
    .filter((l) => !l.trimStart().startsWith("#"));
  const runs = ci.some((l) => {
    const t = l.trim();
    return t === testCommand.line || t.startsWith(`${testCommand.line} `);
  });
  assert(runs, `.ci/run runs '${testCommand.line}'`);
});

Deno.test("README Quick start: the demo command shows the dashboard in a pipe", async () => {
  const demo = commands.map(denoArgs).find((d) => d?.args[0] === "task" && d.args[1] === "demo");
  assert(demo, "Quick start has a '... task demo' command");
  // npx would fetch the same deno version (checked above); this deno stands in for it.
  const r = await run(Deno.execPath(), demo.args, { env: { NO_COLOR: "1" } });
  assertEquals(r.code, 0, r.err);
  assert(r.out.startsWith("Dashboard\n"), r.out);
  assert(!r.out.includes("\x1b"), "plain text in a pipe");
});
