/**
 * Finding the `denort` runtime `deno compile` appends a program to. Deno
 * takes it from `DENORT_BIN` (for every target, so the build only passes it on
 * for the target it was built for) or from
 * `$DENO_DIR/dl/release/v<deno>/denort-<target>.zip`, and downloads it
 * otherwise, which an offline machine cannot.
 *
 * @module
 */
import type { Target } from "./targets.ts";

/** A runtime found for a target, or why none was. */
export type RuntimeLookup =
  | { found: true; source: "DENORT_BIN" | "DENO_DIR"; path: string; note?: string }
  | { found: false; reason: string };

/** Where to look. */
export interface RuntimeSources {
  /** `DENORT_BIN`, if set. */
  denortBin?: string;
  /** Deno's cache directory (`deno info --json` → `denoDir`). */
  denoDir?: string;
  /** The Deno version that compiles (the cache path contains it). */
  denoVersion: string;
  /** The deno executable (to notice DENORT_BIN pointing at it). */
  denoExec?: string;
}

const u16 = (b: Uint8Array, at: number) => b[at] | (b[at + 1] << 8);
const u32 = (b: Uint8Array, at: number) => (u16(b, at) | (u16(b, at + 2) << 16)) >>> 0;

/**
 * The target triple an executable was built for, read from its ELF, Mach-O
 * or PE header; undefined for anything else (a zip, a script, a fat binary).
 *
 * @example
 * ```ts
 * import { executableTarget } from "./runtime.ts";
 * import assert from "node:assert/strict";
 * const elf = new Uint8Array(64);
 * elf.set([0x7f, 0x45, 0x4c, 0x46, 2, 1]);
 * elf[18] = 0xb7;
 * assert.equal(executableTarget(elf), "aarch64-unknown-linux-gnu");
 * ```
 */
export function executableTarget(head: Uint8Array): string | undefined {
  if (head.length >= 20 && u32(head, 0) === 0x464c457f && head[4] === 2 && head[5] === 1) {
    const machine = u16(head, 18);
    if (machine === 0x3e) return "x86_64-unknown-linux-gnu";
    if (machine === 0xb7) return "aarch64-unknown-linux-gnu";
    return undefined;
  }
  if (head.length >= 8 && u32(head, 0) === 0xfeedfacf) {
    const cpu = u32(head, 4);
    if (cpu === 0x01000007) return "x86_64-apple-darwin";
    if (cpu === 0x0100000c) return "aarch64-apple-darwin";
    return undefined;
  }
  if (head.length >= 0x40 && head[0] === 0x4d && head[1] === 0x5a) {
    const pe = u32(head, 0x3c);
    if (pe + 6 > head.length || u32(head, pe) !== 0x00004550) return undefined;
    const machine = u16(head, pe + 4);
    if (machine === 0x8664) return "x86_64-pc-windows-msvc";
    if (machine === 0xaa64) return "aarch64-pc-windows-msvc";
  }
  return undefined;
}

async function readHead(path: string): Promise<Uint8Array> {
  using file = await Deno.open(path);
  const buf = new Uint8Array(4096);
  let n = 0;
  while (n < buf.length) {
    const got = await file.read(buf.subarray(n));
    if (got === null) break;
    n += got;
  }
  return buf.subarray(0, n);
}

/**
 * The cached runtime archive path for a target.
 *
 * @example
 * ```ts
 * import { cachedRuntimePath } from "./runtime.ts";
 * import assert from "node:assert/strict";
 * const p = cachedRuntimePath("/c", "2.9.6", "x86_64-apple-darwin");
 * assert.equal(p, "/c/dl/release/v2.9.6/denort-x86_64-apple-darwin.zip");
 * ```
 */
export function cachedRuntimePath(denoDir: string, denoVersion: string, triple: string): string {
  return `${denoDir}/dl/release/v${denoVersion}/denort-${triple}.zip`;
}

async function realPath(path: string): Promise<string | undefined> {
  try {
    return await Deno.realPath(path);
  } catch {
    return undefined;
  }
}

/**
 * Looks for a runtime for `target`: `DENORT_BIN` when its header says it is
 * for this target, else the archive in Deno's cache.
 *
 * @example
 * ```ts
 * import { findRuntime } from "./runtime.ts";
 * import { TARGETS } from "./targets.ts";
 * import assert from "node:assert/strict";
 * const r = await findRuntime(TARGETS[2], { denoDir: "/nonexistent", denoVersion: "2.9.6" });
 * assert.ok(!r.found);
 * assert.ok(r.reason.includes("denort-x86_64-apple-darwin.zip"));
 * ```
 */
export async function findRuntime(target: Target, src: RuntimeSources): Promise<RuntimeLookup> {
  let binWhy = "DENORT_BIN is not set";
  if (src.denortBin) {
    let head: Uint8Array | undefined;
    try {
      head = await readHead(src.denortBin);
    } catch (err) {
      binWhy = `DENORT_BIN=${src.denortBin} cannot be read (${(err as Error).message})`;
    }
    if (head) {
      const built = executableTarget(head);
      if (built === target.triple) {
        const same = src.denoExec !== undefined &&
          await realPath(src.denortBin) === await realPath(src.denoExec);
        return {
          found: true,
          source: "DENORT_BIN",
          path: src.denortBin,
          note: same
            ? "DENORT_BIN is the deno CLI itself, not denort: the binary will not run the program"
            : undefined,
        };
      }
      binWhy = `DENORT_BIN is a runtime for ${built ?? "an unknown platform"}`;
    }
  }
  if (src.denoDir) {
    const zip = cachedRuntimePath(src.denoDir, src.denoVersion, target.triple);
    try {
      if ((await Deno.stat(zip)).isFile) return { found: true, source: "DENO_DIR", path: zip };
    } catch {
      // Reported below.
    }
    return {
      found: false,
      reason: `no denort for ${target.triple}: ${binWhy}, and ${zip} is missing`,
    };
  }
  return {
    found: false,
    reason: `no denort for ${target.triple}: ${binWhy}, and DENO_DIR is unknown`,
  };
}
