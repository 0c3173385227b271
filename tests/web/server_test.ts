import { assert, assertEquals, assertMatch } from "../_util/assert.ts";
import { ModelSessionSource } from "../../viewer/web/model_source.ts";
import { startWebServer, type WebServer } from "../../viewer/web/server.ts";
import type { InputMessage, Message } from "../../src/protocol/messages/types.ts";
import { encodeMessage } from "../../src/protocol/wire.ts";
import { makeTestCerts } from "../transport/certs.ts";
import { isControl, isMessage, openTab, upgradeStatus } from "./_tab.ts";

const TREE: Message = {
  type: "TREE",
  root: {
    id: 1,
    type: "box",
    props: {},
    children: [{ id: 2, type: "text", props: { content: "Counter: 0" } }, {
      id: 3,
      type: "box",
      props: { interactive: "clickable" },
      children: [],
    }],
  },
};

async function withServer(
  fn: (server: WebServer, source: ModelSessionSource) => Promise<void>,
  options: { cert?: string; key?: string } = {},
): Promise<void> {
  const source = new ModelSessionSource();
  source.add("counter");
  source.apply("counter", TREE);
  const server = await startWebServer({ source, ...options });
  try {
    await fn(server, source);
  } finally {
    await server.close();
  }
}

const wsUrl = (s: WebServer, token = s.token, extra = "") =>
  `${s.origin.replace(/^http/, "ws")}/ws?token=${token}${extra}`;

Deno.test("web server: the page needs the token (401 without or with a wrong one)", async () => {
  await withServer(async (server) => {
    for (const path of ["/", "/client.js", "/client.css", "/ws", "/nope"]) {
      for (const q of ["", "?token=wrong", `?token=${server.token}x`]) {
        const res = await fetch(`${server.origin}${path}${q}`);
        await res.body?.cancel();
        assertEquals(res.status, 401, `${path}${q}`);
      }
    }
    const ok = await fetch(server.url);
    assertEquals(ok.status, 200);
    assertMatch(await ok.text(), /client\.js\?token=/);
    assertEquals(ok.headers.get("referrer-policy"), "no-referrer");
    assertEquals(ok.headers.get("cache-control"), "no-store");
    assertMatch(ok.headers.get("content-security-policy")!, /script-src 'self'/);
    const js = await fetch(`${server.origin}/client.js`, {
      headers: { authorization: `Bearer ${server.token}` },
    });
    assertEquals(js.status, 200);
    assertEquals(js.headers.get("content-type"), "text/javascript");
    assert((await js.text()).length > 10_000);
    const missing = await fetch(`${server.origin}/nope?token=${server.token}`);
    await missing.body?.cancel();
    assertEquals(missing.status, 404);
  });
});

Deno.test("web server: a Host that is not loopback is refused (DNS rebinding)", async () => {
  await withServer(async (server) => {
    const { port } = server;
    for (const [host, status] of [[`evil.example:${port}`, 403], [`localhost:${port}`, 200]]) {
      const conn = await Deno.connect({ hostname: "127.0.0.1", port });
      const req =
        `GET /?token=${server.token} HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`;
      await conn.write(new TextEncoder().encode(req));
      const buf = new Uint8Array(4096);
      const n = await conn.read(buf);
      conn.close();
      assertMatch(
        new TextDecoder().decode(buf.subarray(0, n ?? 0)),
        new RegExp(`^HTTP/1.1 ${status}`),
      );
    }
  });
});

Deno.test("web server: WebSocket needs the token and a same-origin page", async () => {
  await withServer(async (server) => {
    const path = `/ws?token=${server.token}`;
    const origin = (o: string) => upgradeStatus(server.port, path, { Origin: o });
    assertEquals(await upgradeStatus(server.port, "/ws?token=wrong", {}), 401);
    assertEquals(await upgradeStatus(server.port, "/ws", { Origin: server.origin }), 401);
    assertEquals(await origin("http://evil.example"), 403);
    assertEquals(await origin(`http://localhost:${server.port}`), 403);
    assertEquals(await origin(`https://127.0.0.1:${server.port}`), 403);
    assertEquals(await origin("null"), 403);
    assertEquals(await origin(server.origin), 101);
    // Tools without an Origin header still need the token.
    assertEquals(await upgradeStatus(server.port, path, {}), 101);
    const tab = await openTab(wsUrl(server));
    await tab.next(isMessage("TREE"));
    await tab.close();
  });
});

Deno.test("web server: a tab gets the session list, then the snapshot, then live messages", async () => {
  await withServer(async (server, source) => {
    const tab = await openTab(wsUrl(server));
    await tab.next(isMessage("TREE"));
    const kinds = tab.received.map((r) => "control" in r ? r.control.type : r.message.type);
    assertEquals(kinds.slice(0, 2), ["sessions", "attach"]);
    assert(kinds.includes("DEFINE"), "standard slots in the snapshot");
    assert(kinds.indexOf("DEFINE") < kinds.indexOf("TREE"));
    const from = tab.received.length;
    source.apply("counter", {
      type: "PATCH",
      patches: [{ target: 2, set: { content: "Counter: 1" } }],
    });
    const patch = await tab.next(isMessage("PATCH"), from);
    assertEquals("message" in patch && patch.message, {
      type: "PATCH",
      patches: [{ target: 2, set: { content: "Counter: 1" } }],
    });
    await tab.close();
  });
});

Deno.test("web server: INPUT from a tab reaches the app; bad frames get ERROR", async () => {
  await withServer(async (server, source) => {
    const got: InputMessage[] = [];
    source.onToApp((_id, m) => m.type === "INPUT" && got.push(m));
    const tab = await openTab(wsUrl(server));
    await tab.next(isMessage("TREE"));
    tab.send({ type: "INPUT", kind: "click", target: 3, x: 1, y: 2, button: 0 });
    tab.send({ type: "INPUT", kind: "click", target: 99 });
    tab.send({ type: "TREE", root: { id: 9, type: "text", props: {} } });
    tab.send(new Uint8Array([1, 2, 3]));
    const truncated = encodeMessage({ type: "INPUT", kind: "key", key: "a" }).subarray(0, 10);
    tab.send(truncated);
    tab.send("not json");
    const errors = () => tab.received.filter(isMessage("ERROR")).length;
    await tab.next(() => errors() >= 5);
    const codes = tab.received.filter(isMessage("ERROR")).map((r) =>
      "message" in r && r.message.type === "ERROR" ? r.message.code : ""
    );
    assertEquals(codes, ["unknown_target", "bad_message", "bad_frame", "bad_frame", "bad_message"]);
    assertEquals(got, [{ type: "INPUT", kind: "click", target: 3, x: 1, y: 2, button: 0 }]);
    await tab.close();
  });
});

Deno.test("web server: session list, selection, removal", async () => {
  await withServer(async (server, source) => {
    const tab = await openTab(wsUrl(server, server.token, "&session=counter"));
    await tab.next(isMessage("TREE"));
    let from = tab.received.length;
    source.add("other", "Other app");
    const list = await tab.next(isControl("sessions"), from);
    assertEquals("control" in list && list.control.sessions, [
      { id: "counter" },
      { id: "other", title: "Other app" },
    ]);
    source.apply("other", { type: "TREE", root: { id: 1, type: "text", props: { content: "B" } } });
    from = tab.received.length;
    tab.send(JSON.stringify({ type: "select", session: "other" }));
    await tab.next(isControl("attach"), from);
    await tab.next(
      isMessage("TREE", (m) => m.type === "TREE" && m.root.props.content === "B"),
      from,
    );
    from = tab.received.length;
    source.remove("other");
    await tab.next(isControl("detach"), from);
    await tab.close();
  });
});

Deno.test("web server: TLS with a certificate and key serves https and wss", async () => {
  const certs = await makeTestCerts();
  try {
    const cert = await Deno.readTextFile(certs.serverCert);
    const key = await Deno.readTextFile(certs.serverKey);
    const ca = await Deno.readTextFile(certs.ca);
    await withServer(async (server) => {
      assertMatch(server.url, /^https:\/\/127\.0\.0\.1:\d+\/\?token=/);
      const client = Deno.createHttpClient({ caCerts: [ca] });
      const res = await fetch(server.url, { client });
      assertEquals(res.status, 200);
      await res.body?.cancel();
      client.close();
      const path = `/ws?token=${server.token}`;
      const wss = (origin: string) =>
        upgradeStatus(server.port, path, { Origin: origin }, { caCerts: [ca] });
      assertEquals(await wss(server.origin), 101);
      assertEquals(await wss(server.origin.replace("https", "http")), 403);
    }, { cert, key });
  } finally {
    certs.remove();
  }
});
