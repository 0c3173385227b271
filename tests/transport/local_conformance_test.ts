/**
 * Conformance of the in-process and socket transports: memory, unix,
 * unix-abstract and tcp.
 */
import { memoryPair } from "../../src/transport/mod.ts";
import { conformance } from "./conformance.ts";
import { listenerHarness } from "./harness.ts";

conformance("memory", () =>
  Promise.resolve({
    name: "memory",
    open: () => {
      const [app, viewer] = memoryPair();
      return Promise.resolve({ app, viewer });
    },
    dispose: () => Promise.resolve(),
  }));

conformance("unix", () => {
  const dir = Deno.makeTempDirSync({ prefix: "vp-unix-" });
  const path = `${dir}/viewer.sock`;
  return listenerHarness("unix", `unix://${path}`, {
    rawConnect: () => Deno.connect({ transport: "unix", path }),
    rawListen: () => {
      const rawPath = `${dir}/raw.sock`;
      return {
        listener: Deno.listen({ transport: "unix", path: rawPath }),
        uri: `unix://${rawPath}`,
        cleanup: () => {
          // Deno unlinks a unix socket file when its listener closes.
          try {
            Deno.removeSync(rawPath);
          } catch { /* already gone */ }
        },
      };
    },
    dispose: () => Deno.removeSync(dir, { recursive: true }),
  });
});

conformance("unix-abstract", () => {
  const name = `vp-test-${crypto.randomUUID()}`;
  return listenerHarness("unix-abstract", `unix-abstract://${name}`, {
    rawConnect: () => Deno.connect({ transport: "unix", path: `\0${name}` }),
    rawListen: () => ({
      listener: Deno.listen({ transport: "unix", path: `\0${name}-raw` }),
      uri: `unix-abstract://${name}-raw`,
    }),
  });
});

conformance("tcp", () =>
  listenerHarness("tcp", "tcp://127.0.0.1:0", {
    rawConnect: (l) => Deno.connect({ hostname: "127.0.0.1", port: Number(new URL(l.uri).port) }),
    rawListen: () => {
      const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
      return { listener, uri: `tcp://127.0.0.1:${listener.addr.port}` };
    },
  }));

conformance(
  "tcp with a token",
  () =>
    listenerHarness("tcp+token", "tcp://127.0.0.1:0?token=conformance-token-123", {
      rawConnect: async (l) => {
        const conn = await Deno.connect({
          hostname: "127.0.0.1",
          port: Number(new URL(l.uri).port),
        });
        await conn.write(
          new TextEncoder().encode("Authorization: Bearer conformance-token-123\r\n"),
        );
        return conn;
      },
    }),
);
