/**
 * The viewer `vp-run` runs in its own process when there is no viewer to
 * relay to: the terminal front end when this build has one and the terminal
 * is ours, else a headless one that prints CMD's text projection at the end.
 *
 * @module
 */
import { memoryPair } from "../../src/transport/mod.ts";
import type { FrontEnd } from "../../viewer/shared/front_end.ts";
import { SessionHost } from "../../viewer/shared/session_host.ts";
import { TextDirWriter, textFileName } from "../../viewer/shared/text_dir.ts";
import { FRONT_ENDS } from "../front_ends.ts";
import type { Upstream } from "./upstream.ts";

/** What the in-process viewer needs from the process. */
export interface EmbeddedOptions {
  /** CMD's session (names its text file). */
  session: string;
  /** The environment (front-end settings such as NO_COLOR). */
  env: Readonly<Record<string, string>>;
  /** Both stdin and stdout are a terminal. */
  isTerminal: boolean;
  /** Where the headless viewer prints the projection at the end. */
  print: (text: string) => void;
  /** Diagnostics. */
  log: (line: string) => void;
}

/**
 * Starts the in-process viewer; `dial()` connects to it through memory.
 *
 * @example
 * ```ts
 * import { embeddedUpstream } from "./embedded.ts";
 * import { encodeMessage } from "../../src/protocol/wire.ts";
 * import assert from "node:assert/strict";
 * let printed = "";
 * const up = await embeddedUpstream({
 *   session: "s1", env: {}, isTerminal: false, print: (t) => printed += t, log: () => {},
 * });
 * const { transport } = await up.dial();
 * await transport.send(encodeMessage({ type: "REGION", action: "attach", session: "s1" }));
 * await transport.send(encodeMessage({ type: "TREE", root: { id: 1, type: "text", props: { content: "hi" } } }));
 * await transport.close();
 * await up.close();
 * assert.equal(printed, "hi\n");
 * ```
 */
export async function embeddedUpstream(options: EmbeddedOptions): Promise<Upstream> {
  const terminal = options.isTerminal ? FRONT_ENDS.terminal : undefined;
  const noColor = (options.env.NO_COLOR ?? "") !== "" || options.env.TERM === "dumb";
  const frontEnd: FrontEnd = await (terminal ?? FRONT_ENDS.headless)({
    noColor,
    log: options.log,
    env: options.env,
    settings: {},
  });
  const host = new SessionHost({ display: frontEnd.display });
  await frontEnd.attach(host);
  // VIEWPORT_TEXT always names a live file, as under `viewport -- CMD`.
  const dir = await Deno.makeTempDir({ prefix: "vp-run-" });
  const writer = new TextDirWriter(dir, { only: (s) => s.id === options.session });
  host.observe(writer);
  const served: Promise<void>[] = [];
  return {
    features: frontEnd.display.features,
    textPath: `${dir}/${textFileName(options.session)}`,
    ownsTerminal: terminal !== undefined,
    readsKeyboard: terminal !== undefined,
    userQuit: terminal && frontEnd.done
      ? frontEnd.done.then(() => frontEnd.exitStatus ?? 0)
      : undefined,
    askToClose() {
      for (const s of host.sessions) {
        if (s.state === "live") void s.send({ type: "REGION", action: "close" });
      }
    },
    dial() {
      const [relayEnd, viewerEnd] = memoryPair();
      served.push(host.accept(viewerEnd, { session: options.session }));
      return Promise.resolve({ transport: relayEnd, frames: relayEnd.frames() });
    },
    async close() {
      // Let the host apply what the relays handed over before reading it. The
      // relays have ended by now, so this settles at once; the limit is only
      // for a peer that never lets go, and is generous because a loaded
      // machine took over a second here (the projection came out empty).
      let timer: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([
        Promise.all(served),
        new Promise((r) => timer = setTimeout(r, 10_000)),
      ]);
      clearTimeout(timer);
      if (!terminal) {
        for (const session of host.sessions) {
          const text = session.text();
          if (text !== "") options.print(text + "\n");
        }
      }
      await host.close();
      await writer.flush();
      await frontEnd.close();
      await Deno.remove(dir, { recursive: true }).catch(() => {});
    },
  };
}
