/**
 * What the conformance suite does not cover for nats://: a missing piece fails
 * that channel only, a silent app is dropped, announcements and resyncs, the
 * credentials (user/password, NKey, TLS client certificates) and that none of
 * them shows in an error or in `info`.
 */
import { connect as natsConnect, type NatsConnection } from "@nats-io/transport-node";
import { createUser } from "@nats-io/nkeys";
import { encodeFrame } from "../../src/protocol/frame.ts";
import { isViewportError } from "../../src/protocol/errors.ts";
import { connect, listen, type Listener, type Transport } from "../../src/transport/mod.ts";
import {
  encodeWire,
  FIRST,
  Kind,
  LAST,
  newId,
  splitFrame,
} from "../../src/transport/schemes/_nats_wire.ts";
import type { NatsListenOptions } from "../../src/transport/schemes/nats.ts";
import { assert, assertEquals } from "../_util/assert.ts";
import { makeTestCerts, query } from "./certs.ts";
import { accept } from "./harness.ts";
import { startNatsServer } from "./_nats_server.ts";

const frame = (n: number) => encodeFrame(5, new Uint8Array([0x40 + n]));

async function pair(listener: Listener, uri = listener.uri): Promise<[Transport, Transport]> {
  const accepted = accept(listener[Symbol.asyncIterator]());
  const app = await connect(uri);
  return [app, await accepted];
}

async function expectFailure(t: Transport, pattern: RegExp): Promise<Error> {
  const it = t.frames();
  let error: unknown = "a clean end";
  try {
    while (!(await it.next()).done);
  } catch (err) {
    error = err;
  }
  assert(error instanceof Error && pattern.test(error.message), `got ${error}`);
  return error as Error;
}

Deno.test("nats: a missing piece fails that channel only; the app is told", async () => {
  const server = await startNatsServer();
  const listener = await listen(`nats://${server.hostPort}/gap`);
  const raw: NatsConnection = await natsConnect({ servers: server.hostPort });
  try {
    const it = listener[Symbol.asyncIterator]();
    // A well-behaved channel beside the broken one.
    const [app, viewer] = await pair(listener);
    const cid = newId();
    const told = raw.subscribe(`gap.c.${cid}.down`, { max: 10 });
    raw.publish(`gap.c.${cid}.up`, encodeWire(Kind.OPEN, 0, 0, cid));
    const broken = await accept(it);
    const big = encodeFrame(5, new Uint8Array(5000));
    const pieces = splitFrame(big, 1, cid, 1000);
    raw.publish(`gap.c.${cid}.up`, pieces[0]);
    raw.publish(`gap.c.${cid}.up`, pieces[2]); // pieces[1] is "lost"
    const err = await expectFailure(broken, /dropped messages.*inside a frame/);
    assert(isViewportError(err, "bad_frame"), String(err));
    // The app end hears an ERROR frame and then FAIL.
    const kinds: number[] = [];
    for await (const m of told) {
      kinds.push(m.data[0]);
      if (m.data[0] === Kind.FAIL) break;
    }
    assertEquals(kinds.at(-1), Kind.FAIL);
    // The other channel never noticed.
    await app.send(frame(1));
    assertEquals((await viewer.frames().next()).value?.type, 5);
    await viewer.send(frame(2));
    assertEquals((await app.frames().next()).value?.type, 5);
    await app.close();
    await viewer.close();
  } finally {
    await raw.close();
    await listener.close();
    await server.stop();
  }
});

Deno.test("nats: an app that goes silent mid-frame is dropped after four heartbeats", async () => {
  const server = await startNatsServer();
  const options: NatsListenOptions = { heartbeatMs: 100 };
  const listener = await listen(`nats://${server.hostPort}/silent`, options);
  const raw = await natsConnect({ servers: server.hostPort });
  try {
    const cid = newId();
    const accepted = accept(listener[Symbol.asyncIterator]());
    raw.publish(`silent.c.${cid}.up`, encodeWire(Kind.OPEN, 0, 0, cid));
    const viewer = await accepted;
    const whole = encodeFrame(5, new Uint8Array([0x43, 1, 2, 3]));
    raw.publish(`silent.c.${cid}.up`, splitFrame(whole, 1, cid, 1000)[0]);
    raw.publish(
      `silent.c.${cid}.up`,
      encodeWire(Kind.DATA, FIRST, 2, cid, encodeFrame(5, new Uint8Array(100)).subarray(0, 50)),
    );
    await raw.flush();
    const it = viewer.frames();
    assertEquals((await it.next()).value?.payload.length, 4);
    let error: unknown;
    try {
      await it.next();
    } catch (err) {
      error = err;
    }
    assert(/the app dropped: nothing heard/.test(String(error)), String(error));
    const info = await viewer.closed;
    assertEquals(info.local, false);
    assert(info.error !== undefined);
  } finally {
    await raw.close();
    await listener.close();
    await server.stop();
  }
});

Deno.test("nats: a viewer's announcement ends app channels; an unknown channel is asked to resync", async () => {
  const server = await startNatsServer();
  const first = await listen(`nats://${server.hostPort}/hello`);
  const raw = await natsConnect({ servers: server.hostPort });
  let second: Listener | undefined;
  try {
    const [app, viewer] = await pair(first);
    // A second viewer appears: the app's channel ends with an error (the SDK
    // re-attaches on a new one, re-sending its state).
    second = await listen(`nats://${server.hostPort}/hello`);
    await expectFailure(app, /a viewer joined/);
    await expectFailure(viewer, /dropped the channel/);
    // A channel that opened before the viewer listened: the viewer asks once.
    const cid = newId();
    const asked = raw.subscribe(`hello.c.${cid}.down`, { max: 1 });
    raw.publish(`hello.c.${cid}.up`, encodeWire(Kind.BEAT, 0, 7, cid));
    for await (const m of asked) assertEquals(m.data[0], Kind.RESYNC);
  } finally {
    await raw.close();
    await first.close();
    await second?.close();
    await server.stop();
  }
});

Deno.test("nats: user and password, wrong ones refused without showing them", async () => {
  const server = await startNatsServer({
    config: ['authorization { user: "fleet", password: "pw-s3cret-0123" }'],
  });
  try {
    const good = `nats://${server.hostPort}/auth?user=fleet&password=pw-s3cret-0123`;
    const listener = await listen(good);
    const [app, viewer] = await pair(listener);
    await app.send(frame(1));
    assertEquals((await viewer.frames().next()).value?.type, 5);
    for (const info of [listener.info, app.info, viewer.info]) {
      assert(!JSON.stringify(info).includes("s3cret"), JSON.stringify(info));
    }
    await app.close();
    await viewer.close();
    await listener.close();
    let error: unknown;
    try {
      await connect(`nats://${server.hostPort}/auth?user=fleet&password=wrong-s3cret-9`);
    } catch (err) {
      error = err;
    }
    assert(isViewportError(error, "unauthorized"), String(error));
    assert(!String((error as Error).message).includes("s3cret"), String(error));
    assert(/refused the credentials/.test(String(error)), String(error));
  } finally {
    await server.stop();
  }
});

Deno.test("nats: an NKey seed file", async () => {
  const user = createUser();
  const dir = await Deno.makeTempDir();
  const seedFile = `${dir}/user.nk`;
  await Deno.writeTextFile(seedFile, new TextDecoder().decode(user.getSeed()) + "\n", {
    mode: 0o600,
  });
  const server = await startNatsServer({
    config: [`authorization { users: [ { nkey: ${user.getPublicKey()} } ] }`],
  });
  try {
    const listener = await listen(`nats://${server.hostPort}/nk?nkey=${seedFile}`);
    const [app, viewer] = await pair(listener);
    await viewer.send(frame(3));
    assertEquals((await app.frames().next()).value?.type, 5);
    await app.close();
    await viewer.close();
    await listener.close();
    let error: unknown;
    try {
      await connect(`nats://${server.hostPort}/nk`);
    } catch (err) {
      error = err;
    }
    assert(isViewportError(error, "unauthorized"), String(error));
  } finally {
    await server.stop();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("nats+tls: TLS with client certificates; a client without one is refused", async () => {
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
  try {
    const base = `nats+tls://${server.hostPort}/secure`;
    const uri = base + query({ ca: c.ca, cert: c.clientCert, key: c.clientKey });
    const listener = await listen(uri);
    const [app, viewer] = await pair(listener);
    await app.send(frame(4));
    assertEquals((await viewer.frames().next()).value?.type, 5);
    await app.close();
    await viewer.close();
    await listener.close();
    // No client certificate; then a server certificate from an unknown CA.
    for (
      const q of [
        query({ ca: c.ca }),
        query({ ca: c.otherCa, cert: c.clientCert, key: c.clientKey }),
      ]
    ) {
      let error: unknown;
      try {
        await connect(base + q, { connectTimeout: 60_000 });
      } catch (err) {
        error = err;
      }
      assert(isViewportError(error, "closed"), String(error));
      assert(/TLS failed/.test(String(error)), String(error));
    }
  } finally {
    await server.stop();
    c.remove();
  }
});

Deno.test("nats: a server nobody listens on is a clear error naming only host and port", async () => {
  const probe = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = probe.addr.port;
  probe.close();
  let error: unknown;
  try {
    await connect(`nats://127.0.0.1:${port}/x?token=tok-s3cret-42`, { connectTimeout: 60_000 });
  } catch (err) {
    error = err;
  }
  assert(isViewportError(error, "closed"), String(error));
  const text = String((error as Error).message);
  assert(text.includes(`127.0.0.1:${port}`) && !text.includes("s3cret"), text);
});

Deno.test("nats: the wire joins pieces in order and refuses a piece out of place", () => {
  const big = encodeFrame(9, new Uint8Array(3000).map((_, i) => i & 0xff));
  const parts = splitFrame(big, 0, "00000000000000aa", 512);
  assertEquals(parts[0][1], FIRST);
  assertEquals(parts.at(-1)![1], LAST);
  assert(parts.every((p) => p.length <= 512));
});

Deno.test("nats: two viewers see one app; when one leaves, the other drops the channel too", async () => {
  const server = await startNatsServer();
  const a = await listen(`nats://${server.hostPort}/two`);
  const b = await listen(`nats://${server.hostPort}/two`);
  try {
    const fromA = accept(a[Symbol.asyncIterator]());
    const fromB = accept(b[Symbol.asyncIterator]());
    const app = await connect(`nats://${server.hostPort}/two`);
    const [va, vb] = await Promise.all([fromA, fromB]);
    // Frames fan out to both viewers; input from both reaches the app.
    await app.send(frame(1));
    const vbFrames = vb.frames();
    assertEquals((await va.frames().next()).value?.type, 5);
    assertEquals((await vbFrames.next()).value?.type, 5);
    await va.send(frame(2));
    await vb.send(frame(3));
    const appFrames = app.frames();
    const got = [(await appFrames.next()).value, (await appFrames.next()).value];
    assertEquals(got.map((f) => f?.payload[0]).sort(), [0x42, 0x43]);
    // Viewer A leaves: the app's channel ends (its SDK re-attaches), and B is
    // told before any new channel of the app can reach it.
    await va.close();
    assertEquals((await appFrames.next()).done, true);
    let error: unknown;
    try {
      await vbFrames.next();
    } catch (err) {
      error = err;
    }
    assert(/a viewer left/.test(String(error)), String(error));
    await app.close();
  } finally {
    await a.close();
    await b.close();
    await server.stop();
  }
});
