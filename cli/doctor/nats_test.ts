import { assert, assertEquals } from "../../tests/_util/assert.ts";
import { startNatsServer } from "../../tests/transport/_nats_server.ts";
import { checkNats } from "./nats.ts";

Deno.test("doctor --nats: a frame through a real server; refused credentials are one clean line", async () => {
  const server = await startNatsServer({ config: ["authorization { token: doc-s3cret-token }"] });
  try {
    const ok = await checkNats(`nats://${server.hostPort}/team?token=doc-s3cret-token`, 60_000);
    assertEquals(ok.status, "ok", JSON.stringify(ok));
    assertEquals(ok.detail, `127.0.0.1:${server.port}, prefix team, no TLS, token`);
    const refused = await checkNats(`nats://${server.hostPort}/team?token=bad-s3cret`, 60_000);
    assertEquals(refused.status, "fail");
    assert(/refused the credentials/.test(refused.detail), refused.detail);
    assert(!refused.detail.includes("s3cret"), refused.detail);
  } finally {
    await server.stop();
  }
});

Deno.test("doctor --nats: a URI of another scheme is refused by name", async () => {
  const r = await checkNats("tcp://127.0.0.1:9?token=s3cret", 1000);
  assertEquals(r.status, "fail");
  assert(/takes a nats:\/\/ or nats\+tls:\/\/ URI/.test(r.detail) && !r.detail.includes("s3cret"));
});
