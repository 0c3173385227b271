/**
 * Harness for transports whose app end lives in a child process (fd, stdio):
 * the child runs `fixtures/bridge_app.ts`, which relays its real transport to a
 * unix socket the test listens on.
 */
import { listen, type Transport } from "../../src/transport/mod.ts";
import type { Harness } from "./conformance.ts";
import { accept } from "./harness.ts";
import { relayed } from "./relayed.ts";

/** The bridge app, runnable with `deno run -A`. */
export const BRIDGE_APP = new URL("./fixtures/bridge_app.ts", import.meta.url).pathname;

/** A launched child: the viewer's end of its transport and how to stop it. */
export interface Launched {
  viewer: Transport;
  /** Resolves when the child has exited. */
  exited: Promise<unknown>;
  /** Ends the child (if still running). */
  kill(): void;
}

/** Harness over `launch(args)`, which starts the bridge app with `args`. */
export async function appProcessHarness(
  name: string,
  launch: (args: string[]) => Promise<Launched>,
  options: { rawViewer?: boolean } = {},
): Promise<Harness> {
  const dir = Deno.makeTempDirSync({ prefix: "vp-bridge-" });
  const path = `${dir}/bridge.sock`;
  const listener = await listen(`unix://${path}`);
  const it = listener[Symbol.asyncIterator]();
  const children: Launched[] = [];
  const start = async (args: string[]) => {
    const child = await launch(args);
    children.push(child);
    return child;
  };
  return {
    name,
    async open() {
      const accepted = accept(it);
      const child = await start(["bridge", path]);
      return { app: relayed(await accepted), viewer: child.viewer };
    },
    async rawApp() {
      // The child writes the raw bytes itself (see the `die` mode), then exits.
      const child = await start(["die"]);
      return {
        raw: { write: () => Promise.resolve(), kill: async () => void await child.exited },
        viewer: child.viewer,
      };
    },
    ...(options.rawViewer === false ? {} : {
      async rawViewer() {
        // The test is the viewer: bytes straight onto the app's channel, then gone.
        const accepted = accept(it);
        const child = await start(["bridge", path]);
        const app = relayed(await accepted);
        const raw = {
          write: (bytes: Uint8Array) => child.viewer.send(bytes),
          kill: () => child.viewer.close(),
        };
        return { raw, app };
      },
    }),
    async dispose() {
      for (const c of children) c.kill();
      await Promise.all(children.map((c) => c.exited));
      await listener.close();
      Deno.removeSync(dir, { recursive: true });
    },
  };
}
