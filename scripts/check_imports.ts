/**
 * The import check of `deno task ok`: fails when modules of this repository
 * import each other in a loop (type-only imports and `import()` included),
 * naming each loop and the imports that close it. The graph comes from
 * `deno info --json` (Deno's own parser, so imports inside comments and
 * strings do not count); nothing is fetched.
 *
 *   deno run -A scripts/check_imports.ts              # the check
 *   deno run -A scripts/check_imports.ts --stats src/transport
 *
 * `--stats DIR` prints the shape of one folder instead: its source files
 * (tests left out), the longest import chain among them (levels), the imports
 * between them, and per file how many modules of DIR outside the file's own
 * subfolder it imports.
 *
 * @module
 */

/** One module and the local modules it imports. */
export interface ModuleNode {
  /** Path from the repository root, e.g. `src/transport/core/stream.ts`. */
  path: string;
  /** Local modules it imports (paths from the root), each once. */
  imports: string[];
}

const SKIP_DIRS = new Set(["node_modules", "dist", "artifacts", ".git", ".packages"]);
const SOURCE = /\.(ts|tsx|mts)$/;

/** Every TypeScript module under `root` (declaration files and skipped folders left out). */
export async function listModules(root: string, dir = ""): Promise<string[]> {
  const out: string[] = [];
  for await (const entry of Deno.readDir(`${root}/${dir}` || ".")) {
    const rel = dir ? `${dir}/${entry.name}` : entry.name;
    if (entry.isDirectory) {
      if (!SKIP_DIRS.has(entry.name)) out.push(...await listModules(root, rel));
    } else if (entry.isFile && SOURCE.test(entry.name) && !entry.name.endsWith(".d.ts")) {
      out.push(rel);
    }
  }
  return out.sort();
}

interface InfoDependency {
  code?: { specifier?: string };
  type?: { specifier?: string };
}

interface InfoJson {
  modules: { specifier: string; dependencies?: InfoDependency[] }[];
}

/** The import graph of `paths` (relative to `root`), read with `deno info --json`. */
export async function importGraph(root: string, paths: string[]): Promise<ModuleNode[]> {
  const base = new URL(`file://${root.replace(/\/?$/, "/")}`);
  const dir = await Deno.makeTempDir({ prefix: "vp-imports-" });
  try {
    const entry = `${dir}/all.ts`;
    const lines = paths.map((p) => `import ${JSON.stringify(new URL(p, base).href)};`);
    await Deno.writeTextFile(entry, lines.join("\n") + "\n");
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["info", "--json", "--config", `${root}/deno.json`, entry],
      cwd: root,
      stdout: "piped",
      stderr: "piped",
    }).output();
    if (!out.success) {
      throw new Error(`deno info failed: ${new TextDecoder().decode(out.stderr).trim()}`);
    }
    const info = JSON.parse(new TextDecoder().decode(out.stdout)) as InfoJson;
    const local = (specifier: string | undefined): string | null => {
      if (!specifier?.startsWith(base.href)) return null;
      return decodeURIComponent(specifier.slice(base.href.length));
    };
    const wanted = new Set(paths);
    const nodes: ModuleNode[] = [];
    for (const m of info.modules) {
      const path = local(m.specifier);
      if (path === null || !wanted.has(path)) continue;
      const imports = new Set<string>();
      for (const d of m.dependencies ?? []) {
        for (const target of [local(d.code?.specifier), local(d.type?.specifier)]) {
          if (target !== null && target !== path && wanted.has(target)) imports.add(target);
        }
      }
      nodes.push({ path, imports: [...imports].sort() });
    }
    return nodes.sort((a, b) => a.path < b.path ? -1 : 1);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/**
 * The import loops of a graph: each strongly connected group of two or more
 * modules (or a module importing itself), sorted.
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert";
 * import { findLoops } from "./check_imports.ts";
 * const loops = findLoops([
 *   { path: "a.ts", imports: ["b.ts"] },
 *   { path: "b.ts", imports: ["a.ts", "c.ts"] },
 *   { path: "c.ts", imports: [] },
 * ]);
 * deepStrictEqual(loops, [["a.ts", "b.ts"]]);
 * ```
 */
export function findLoops(nodes: ModuleNode[]): string[][] {
  const edges = new Map(nodes.map((n) => [n.path, n.imports]));
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const loops: string[][] = [];
  let next = 0;
  // Iterative Tarjan: deep import chains must not overflow the call stack.
  for (const start of edges.keys()) {
    if (index.has(start)) continue;
    const work: { node: string; i: number }[] = [{ node: start, i: 0 }];
    index.set(start, next);
    low.set(start, next++);
    stack.push(start);
    onStack.add(start);
    while (work.length > 0) {
      const top = work[work.length - 1];
      const targets = edges.get(top.node) ?? [];
      if (top.i < targets.length) {
        const t = targets[top.i++];
        if (!edges.has(t)) continue;
        if (!index.has(t)) {
          index.set(t, next);
          low.set(t, next++);
          stack.push(t);
          onStack.add(t);
          work.push({ node: t, i: 0 });
        } else if (onStack.has(t)) {
          low.set(top.node, Math.min(low.get(top.node)!, index.get(t)!));
        }
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const parent = work[work.length - 1].node;
        low.set(parent, Math.min(low.get(parent)!, low.get(top.node)!));
      }
      if (low.get(top.node) === index.get(top.node)) {
        const group: string[] = [];
        let member: string;
        do {
          member = stack.pop()!;
          onStack.delete(member);
          group.push(member);
        } while (member !== top.node);
        const selfLoop = group.length === 1 && targets.includes(top.node);
        if (group.length > 1 || selfLoop) loops.push(group.sort());
      }
    }
  }
  return loops.sort((a, b) => a[0] < b[0] ? -1 : 1);
}

/** The shape of the modules under `dir` (see the module notes). */
export interface FolderStats {
  files: number;
  levels: number;
  imports: number;
  /**
   * Per file: the modules under `dir` it imports (`within`), and how many of
   * those lie outside the file's own folder (`count`).
   */
  crossFolder: { path: string; count: number; within: number }[];
}

/**
 * Measures the folder `dir` of a graph; test files (`*_test.ts`) and files
 * under `testdata/` are left out.
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert";
 * import { folderStats } from "./check_imports.ts";
 * const stats = folderStats([
 *   { path: "t/a/x.ts", imports: ["t/b/y.ts", "t/a/z.ts"] },
 *   { path: "t/a/z.ts", imports: [] },
 *   { path: "t/b/y.ts", imports: ["t/a/z.ts"] },
 * ], "t");
 * deepStrictEqual(stats.levels, 3);
 * deepStrictEqual(stats.crossFolder[0], { path: "t/a/x.ts", count: 1, within: 2 });
 * ```
 */
export function folderStats(nodes: ModuleNode[], dir: string): FolderStats {
  const prefix = dir.replace(/\/?$/, "/");
  const inside = (p: string) =>
    p.startsWith(prefix) && !/_test\.tsx?$/.test(p) && !p.includes("/testdata/");
  const mine = nodes.filter((n) => inside(n.path));
  const edges = new Map(mine.map((n) => [n.path, n.imports.filter(inside)]));
  const depth = new Map<string, number>();
  const level = (p: string, seen: Set<string>): number => {
    const known = depth.get(p);
    if (known !== undefined) return known;
    if (seen.has(p)) return 0; // a loop: counted once
    seen.add(p);
    let d = 1;
    for (const t of edges.get(p) ?? []) d = Math.max(d, 1 + level(t, seen));
    seen.delete(p);
    depth.set(p, d);
    return d;
  };
  const folderOf = (p: string) => p.slice(0, p.lastIndexOf("/"));
  let imports = 0;
  let levels = 0;
  const crossFolder = mine.map((n) => {
    const targets = edges.get(n.path)!;
    imports += targets.length;
    levels = Math.max(levels, level(n.path, new Set()));
    const count = targets.filter((t) => folderOf(t) !== folderOf(n.path)).length;
    return { path: n.path, count, within: targets.length };
  });
  crossFolder.sort((a, b) =>
    b.count - a.count || b.within - a.within || (a.path < b.path ? -1 : 1)
  );
  return { files: mine.length, levels, imports, crossFolder };
}

if (import.meta.main) {
  const root = new URL("..", import.meta.url).pathname.replace(/\/$/, "");
  const args = [...Deno.args];
  if (args.includes("--help") || args.includes("-h")) {
    console.log(
      "usage: deno run -A scripts/check_imports.ts [--stats DIR]\n" +
        "  fails (exit 1) when modules import each other in a loop;\n" +
        "  --stats DIR prints the files, levels and imports of one folder",
    );
    Deno.exit(0);
  }
  const statsAt = args.indexOf("--stats");
  if (statsAt >= 0 && !args[statsAt + 1]) {
    console.error("check_imports: --stats needs a folder, e.g. --stats src/transport");
    Deno.exit(2);
  }
  const nodes = await importGraph(root, await listModules(root));
  if (statsAt >= 0) {
    const dir = args[statsAt + 1].replace(/\/$/, "");
    const s = folderStats(nodes, dir);
    const most = (k: "count" | "within") => Math.max(0, ...s.crossFolder.map((c) => c[k]));
    console.log(
      `${dir}: ${s.files} source files, ${s.levels} levels, ${s.imports} imports between them; ` +
        `per file at most ${most("within")} of them, ${most("count")} outside its own folder`,
    );
    console.log("per file: imports of modules in DIR, of which outside the file's own folder");
    for (const c of s.crossFolder) console.log(`  ${c.within}\t${c.count}\t${c.path}`);
  } else {
    const loops = findLoops(nodes);
    const byPath = new Map(nodes.map((n) => [n.path, n.imports]));
    for (const loop of loops) {
      const members = new Set(loop);
      console.error(`import loop: ${loop.join(", ")}`);
      for (const p of loop) {
        for (const t of byPath.get(p) ?? []) if (members.has(t)) console.error(`  ${p} -> ${t}`);
      }
    }
    if (loops.length > 0) {
      console.error(
        `${loops.length} import loop(s) among ${nodes.length} modules: move what both sides ` +
          "need into a module of its own, or pass it in (see docs/architecture.md)",
      );
      Deno.exit(1);
    }
    console.log(`no import loops among ${nodes.length} modules`);
  }
}
