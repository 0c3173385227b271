/** Conformance of tls:// (server certificate, mutual TLS, insecure client). */
import { nativeSupport } from "../../src/transport/native/mod.ts";
import { conformance } from "./conformance.ts";
import { makeTestCerts, query, type TestCerts } from "./certs.ts";
import { listenerHarness } from "./harness.ts";

let shared: Promise<TestCerts> | null = null;
let users = 0;
async function certs(): Promise<TestCerts> {
  users++;
  return await (shared ??= makeTestCerts());
}
async function release(c: TestCerts): Promise<void> {
  if (--users === 0) {
    c.remove();
    shared = null;
  }
  await Promise.resolve();
}

const portOf = (uri: string) => Number(new URL(uri.replace(/^tls:/, "http:")).port);

/** A raw TLS viewer (it does not ask for client certificates) and the URI that reaches it. */
function rawTlsViewer(c: TestCerts, clientQuery: string) {
  const listener = Deno.listenTls({
    hostname: "127.0.0.1",
    port: 0,
    cert: Deno.readTextFileSync(c.serverCert),
    key: Deno.readTextFileSync(c.serverKey),
  });
  return { listener, uri: `tls://127.0.0.1:${listener.addr.port}${clientQuery}` };
}

// The default listener is Deno's TLS server (see tls_listen.ts); node:tls
// serves mutual TLS, and where Deno's cannot be used (with VIEWPORT_NO_NATIVE
// set Deno's cannot be asked for: it needs TCP_NODELAY through native/).
const servers = nativeSupport().switchedOff ? ["node"] as const : ["deno", "node"] as const;
for (const server of servers) {
  conformance(`tls, ${server} TLS server`, async () => {
    const c = await certs();
    const serverQuery = query({ cert: c.serverCert, key: c.serverKey });
    return listenerHarness(`tls-${server}`, `tls://127.0.0.1:0${serverQuery}`, {
      listenOptions: { tlsServer: server },
      connectUri: (l) => `${l.uri}${query({ ca: c.ca })}`,
      rawConnect: (l) =>
        Deno.connectTls({
          hostname: "127.0.0.1",
          port: portOf(l.uri),
          caCerts: [Deno.readTextFileSync(c.ca)],
        }),
      rawListen: () => rawTlsViewer(c, query({ ca: c.ca })),
      dispose: () => release(c),
    });
  });
}

conformance("mutual tls", async () => {
  const c = await certs();
  const serverQuery = query({ cert: c.serverCert, key: c.serverKey, ca: c.ca });
  return listenerHarness("mtls", `tls://127.0.0.1:0${serverQuery}`, {
    connectUri: (l) => `${l.uri}${query({ ca: c.ca, cert: c.clientCert, key: c.clientKey })}`,
    rawConnect: (l) =>
      Deno.connectTls({
        hostname: "127.0.0.1",
        port: portOf(l.uri),
        caCerts: [Deno.readTextFileSync(c.ca)],
        cert: Deno.readTextFileSync(c.clientCert),
        key: Deno.readTextFileSync(c.clientKey),
      }),
    rawListen: () => rawTlsViewer(c, query({ ca: c.ca, cert: c.clientCert, key: c.clientKey })),
    dispose: () => release(c),
  });
});

conformance("tls, insecure client", async () => {
  const c = await certs();
  const serverQuery = query({ cert: c.serverCert, key: c.serverKey });
  return listenerHarness("tls-insecure", `tls://127.0.0.1:0${serverQuery}`, {
    connectUri: (l) => `${l.uri}?insecure=true`,
    rawListen: () => rawTlsViewer(c, "?insecure=true"),
    dispose: () => release(c),
  });
});
