/**
 * The one libc loader of the project (FFI): every symbol any native path needs,
 * opened once, or `null` where that cannot be done (the switch is set, no
 * `--allow-ffi`, or an OS without these libraries).
 *
 * @module
 */
import { switchedOff } from "./_switch.ts";

const LIBRARY: Record<string, string> = {
  linux: "libc.so.6",
  darwin: "/usr/lib/libSystem.B.dylib",
};

const COMMON = {
  write: { parameters: ["i32", "buffer", "usize"], result: "isize" },
  poll_out: {
    name: "poll",
    parameters: ["buffer", "u64", "i32"],
    result: "i32",
    nonblocking: true,
  },
  setsockopt: { parameters: ["i32", "i32", "i32", "buffer", "u32"], result: "i32" },
  getsockopt: { parameters: ["i32", "i32", "i32", "buffer", "buffer"], result: "i32" },
  shutdown: { parameters: ["i32", "i32"], result: "i32" },
} as const;

const SYMBOLS = {
  linux: {
    ...COMMON,
    errno_location: { name: "__errno_location", parameters: [], result: "pointer" },
  },
  darwin: {
    ...COMMON,
    errno_location: { name: "__error", parameters: [], result: "pointer" },
    launch_activate_socket: { parameters: ["buffer", "buffer", "buffer"], result: "i32" },
    free: { parameters: ["pointer"], result: "void" },
  },
} as const;

/** The symbols of {@linkcode libc}, typed loosely: each caller knows its own. */
// deno-lint-ignore no-explicit-any
export type Libc = { symbols: any };

let lib: Libc | null | undefined;
let opens = 0;

/**
 * libc, opened on first use; `null` where it cannot be (see the module notes).
 * Asks for the FFI permission without a prompt.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { libc } from "./_libc.ts";
 * const c = libc();
 * if (c !== null) assert.equal(typeof c.symbols.write, "function");
 * assert.equal(libc(), c); // opened once
 * ```
 */
export function libc(): Libc | null {
  if (lib !== undefined) return lib;
  const os = Deno.build.os;
  if (switchedOff() || !(os === "linux" || os === "darwin")) return lib = null;
  try {
    if (Deno.permissions.querySync({ name: "ffi" }).state !== "granted") return lib = null;
    lib = Deno.dlopen(LIBRARY[os], SYMBOLS[os]) as unknown as Libc;
    opens++;
  } catch {
    lib = null;
  }
  return lib;
}

/**
 * How many times libc was opened in this process (0 or 1): lets a test show
 * that the switch kept it closed.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { libc, libcOpens } from "./_libc.ts";
 * const c = libc();
 * assert.equal(libcOpens(), c === null ? 0 : 1);
 * ```
 */
export function libcOpens(): number {
  return opens;
}
