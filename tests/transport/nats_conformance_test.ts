/** Conformance of nats:// against a real nats-server started here. */
import { conformance } from "./conformance.ts";
import { listenerHarness } from "./harness.ts";
import { type NatsServer, startNatsServer } from "./_nats_server.ts";

async function natsHarness(name: string, config: string[], query = "") {
  const server: NatsServer = await startNatsServer({ config });
  return listenerHarness(name, `nats://${server.hostPort}/conf-${name}${query}`, {
    dispose: () => server.stop(),
  });
}

conformance("nats", () => natsHarness("plain", []));

// 8 MiB frames become 2,049 messages each: splitting and joining at scale.
conformance("nats with a 4 KiB max_payload", () => natsHarness("small", ["max_payload: 4096"]));

conformance(
  "nats with a token",
  () =>
    natsHarness(
      "token",
      ["authorization { token: nats-token-0123456789 }"],
      "?token=nats-token-0123456789",
    ),
);
