/**
 * Relaying Viewport frames between an app and a viewer (what `vp-run` is
 * made of): the relay itself, which adds only the session attach, and the
 * host that runs a program in a pseudo-terminal and lifts its frames out of
 * its terminal output (`stdio:`).
 *
 * @example
 * ```ts
 * import { relay } from "./mod.ts";
 * import { memoryPair } from "../transport/core/memory.ts";
 * const [app, appEnd] = memoryPair();
 * const [viewerEnd, viewer] = memoryPair();
 * const done = relay(appEnd, viewerEnd, { session: "s1" });
 * await app.close();
 * if ((await done).ended !== "app") throw new Error();
 * await viewer.close();
 * ```
 *
 * @module
 */
export * from "./attach_gate.ts";
export * from "./frame_bytes.ts";
export * from "./frame_runs.ts";
export * from "./pty_frames.ts";
export * from "./pty_host.ts";
export * from "./relay.ts";
