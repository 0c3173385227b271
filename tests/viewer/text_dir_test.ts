import { assertEquals } from "../_util/assert.ts";
import { SessionHost } from "../../viewer/shared/session_host.ts";
import { TextDirWriter, textFileName } from "../../viewer/shared/text_dir.ts";
import { FakeApp, textTree, until } from "./_harness.ts";

Deno.test("text dir: each session's file is its projection plus a newline, kept current", async () => {
  const dir = await Deno.makeTempDir();
  const host = new SessionHost();
  const writer = new TextDirWriter(`${dir}/out`);
  host.observe(writer);
  const a = new FakeApp(host);
  const b = new FakeApp(host);
  await a.send({ type: "REGION", action: "attach", session: "alpha" });
  await b.send({ type: "REGION", action: "attach", session: "..beta" });
  await a.send(textTree("count", "0"));
  await b.send(textTree("b"));
  for (let i = 1; i <= 200; i++) {
    await a.send({ type: "PATCH", patches: [{ target: 3, set: { content: String(i) } }] });
  }
  // The host applies in turns: wait for both sessions, not only the busier one.
  await until(
    () => host.session("alpha")?.text() === "count\n200" && host.session("..beta")?.text() === "b",
    "patches applied",
  );
  await writer.flush();
  assertEquals(await Deno.readTextFile(`${dir}/out/alpha.txt`), "count\n200\n");
  assertEquals(await Deno.readTextFile(`${dir}/out/%2E.beta.txt`), "b\n");
  const names = [];
  for await (const e of Deno.readDir(`${dir}/out`)) names.push(e.name);
  assertEquals(names.sort(), ["%2E.beta.txt", "alpha.txt"], "no temporary files left");
  // A session that goes away keeps its last text on disk.
  await a.close();
  host.closeSession("alpha");
  await writer.flush();
  assertEquals(await Deno.readTextFile(`${dir}/out/alpha.txt`), "count\n200\n");
  await b.close();
  await host.close();
  // Closing changes the sessions' status, which schedules one more write: let
  // it land before the directory is removed (it raced the removal).
  await writer.flush();
  await Deno.remove(dir, { recursive: true });
});

Deno.test("text dir: file names cannot escape the directory and stay distinct", () => {
  assertEquals(textFileName("sess-a3f2"), "sess-a3f2.txt");
  assertEquals(textFileName(".."), "%2E..txt");
  assertEquals(textFileName("a/b"), "a%2Fb.txt");
  assertEquals(textFileName("a%2Fb"), "a%252Fb.txt");
  assertEquals(textFileName("user@host:1"), "user@host:1.txt");
});
