/** unix:// listener file handling: mode 0600, stale sockets, live sockets, removal. */
import { connect, listen } from "../../src/transport/mod.ts";
import { assert, assertEquals, assertRejectsViewportError } from "../_util/assert.ts";
import { accept } from "./harness.ts";

function tempDir(): { dir: string; [Symbol.dispose](): void } {
  const dir = Deno.makeTempDirSync({ prefix: "vp-unix-test-" });
  return { dir, [Symbol.dispose]: () => Deno.removeSync(dir, { recursive: true }) };
}

Deno.test("unix: the socket is created 0600 and removed on close", async () => {
  using tmp = tempDir();
  const path = `${tmp.dir}/v.sock`;
  const listener = await listen(`unix://${path}`);
  const st = Deno.lstatSync(path);
  assert(st.isSocket);
  assertEquals(st.mode! & 0o777, 0o600);
  assertEquals(listener.uri, `unix://${path}`);
  assertEquals(listener.info, { scheme: "unix", local: path });
  await listener.close();
  assertEquals(exists(path), false);
});

Deno.test("unix: a stale socket file (nobody listening) is replaced", async () => {
  using tmp = tempDir();
  const path = `${tmp.dir}/stale.sock`;
  // A socket file whose listener is gone: bind with a raw socket, then drop it
  // without unlinking (Deno unlinks on close, so copy the inode via a hard link).
  const raw = Deno.listen({ transport: "unix", path: `${tmp.dir}/orig.sock` });
  Deno.linkSync(`${tmp.dir}/orig.sock`, path);
  raw.close();
  assert(Deno.lstatSync(path).isSocket);
  const listener = await listen(`unix://${path}`);
  const accepted = accept(listener[Symbol.asyncIterator]());
  const app = await connect(`unix://${path}`);
  const viewer = await accepted;
  await app.close();
  await viewer.close();
  await listener.close();
});

Deno.test("unix: a live socket is not taken over", async () => {
  using tmp = tempDir();
  const path = `${tmp.dir}/live.sock`;
  const first = await listen(`unix://${path}`);
  const err = await listen(`unix://${path}`).then(() => null, (e) => e);
  assert(err instanceof Deno.errors.AddrInUse, String(err));
  assert(/another viewer is listening/.test(err.message));
  // The first listener still works.
  const accepted = accept(first[Symbol.asyncIterator]());
  const app = await connect(first.uri);
  await (await accepted).close();
  await app.close();
  await first.close();
});

Deno.test("unix: a regular file at the path is never replaced", async () => {
  using tmp = tempDir();
  const path = `${tmp.dir}/file`;
  Deno.writeTextFileSync(path, "precious");
  const err = await listen(`unix://${path}`).then(() => null, (e) => e);
  assert(err instanceof Deno.errors.AlreadyExists, String(err));
  assertEquals(Deno.readTextFileSync(path), "precious");
});

Deno.test("unix: close leaves a socket file that is no longer ours in place", async () => {
  using tmp = tempDir();
  const path = `${tmp.dir}/v.sock`;
  const listener = await listen(`unix://${path}`);
  Deno.removeSync(path);
  Deno.writeTextFileSync(path, "someone else's");
  await listener.close();
  assertEquals(Deno.readTextFileSync(path), "someone else's");
});

Deno.test("unix: connecting to a missing socket names the path", async () => {
  using tmp = tempDir();
  await assertRejectsViewportError(
    () => connect(`unix://${tmp.dir}/nothing.sock`),
    "closed",
    /cannot connect to unix:\/\/.*nothing\.sock: no socket at .* \(is the viewer running\?\)/,
  );
});

function exists(path: string): boolean {
  try {
    Deno.lstatSync(path);
    return true;
  } catch {
    return false;
  }
}
