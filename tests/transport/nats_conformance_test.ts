/** Conformance of nats:// against a real nats-server started here. */
import { conformance } from "./conformance.ts";
import { listenerHarness } from "./harness.ts";
import { makeTestCerts, query } from "./certs.ts";
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

conformance("nats+tls with client certificates", async () => {
  const c = await makeTestCerts();
  const server = await startNatsServer({
    config: [
      "tls {",
      `  cert_file: "${c.serverCert}"`,
      `  key_file: "${c.serverKey}"`,
      `  ca_file: "${c.ca}"`,
      "  verify: true",
      "}",
    ],
  });
  const q = query({ ca: c.ca, cert: c.clientCert, key: c.clientKey });
  return listenerHarness("nats+tls", `nats+tls://${server.hostPort}/conf-tls${q}`, {
    dispose: async () => {
      await server.stop();
      c.remove();
    },
  });
});
