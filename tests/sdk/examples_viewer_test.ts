/**
 * Every example against a test viewer over a real unix socket; the counter
 * counts clicks, the chat takes input, the form validates.
 */
import { assert, assertEquals, assertMatch } from "../_util/assert.ts";
import { FakeViewer } from "../_util/fake_viewer.ts";
import { listen } from "../../src/transport/registry.ts";

const root = new URL("../../", import.meta.url).pathname;

async function withApp(
  name: string,
  body: (viewer: FakeViewer) => Promise<void>,
  args: string[] = [],
): Promise<number> {
  const dir = await Deno.makeTempDir({ prefix: "vp-ex-" });
  const listener = await listen(`unix://${dir}/v.sock`);
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", `${root}examples/${name}.ts`, ...args],
    env: { VIEWPORT: listener.uri, VIEWPORT_SESSION: `test-${name}`, NO_COLOR: "1" },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
    cwd: root,
  }).spawn();
  const it = listener[Symbol.asyncIterator]();
  let viewer: FakeViewer | undefined;
  try {
    const accepted = await it.next();
    viewer = new FakeViewer(accepted.value!);
    await viewer.until(() => viewer!.of("TREE").length > 0, 10_000);
    assertEquals(viewer.messages[0], {
      type: "REGION",
      action: "attach",
      session: `test-${name}`,
      ping: true,
    });
    await body(viewer);
  } finally {
    await viewer?.send({ type: "REGION", action: "close" }).catch(() => {});
    const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
    const out = await child.output();
    clearTimeout(timer);
    await viewer?.close();
    await listener.close();
    await Deno.remove(dir, { recursive: true });
    assertEquals(new TextDecoder().decode(out.stderr), "");
    assertEquals(new TextDecoder().decode(out.stdout), "", "viewer mode prints nothing");
  }
  return 0;
}

Deno.test("examples over a unix socket: hello and files", async () => {
  await withApp("hello", async (v) => {
    await v.until(() => v.projection() === "Hello, Viewport!");
  });
  await withApp("files", async (v) => {
    await v.until(() => (v.model.data.schema(128)?.rows.length ?? 0) > 3);
    assertMatch(v.projection(), /^Files in examples\nname\tsize\tmodified\n/);
    assertMatch(v.projection(), /\ncounter\.ts\t[0-9.]+ (?:B|KiB)\t/);
  }, ["examples"]);
});

Deno.test("examples over a unix socket: the counter goes up on click", async () => {
  await withApp("counter", async (v) => {
    assertMatch(v.projection(), /^Counter: 0/);
    await v.send({ type: "INPUT", kind: "click", target: 3 });
    await v.until(() => v.model.tree.get(2)?.props.content === "Counter: 1");
    await v.send({ type: "INPUT", kind: "click", target: 4 }); // the label inside the box
    await v.until(() => v.model.tree.get(2)?.props.content === "Counter: 2");
    const patch = v.of("PATCH").at(-1)!;
    assertEquals(patch.patches, [{ target: 2, set: { content: "Counter: 2" } }]);
  });
});

Deno.test("examples over a unix socket: dashboard updates live, chat and form take input", async () => {
  await withApp("dashboard", async (v) => {
    await v.until(() => v.of("CANVAS").length >= 2, 10_000);
    assert(v.of("TREE").length === 1, "render() patches after the first tree");
    assertMatch(v.projection(), /^Dashboard\n/);
  });
  await withApp("chat", async (v) => {
    await v.send({ type: "INPUT", kind: "value_change", target: 4, value: "hello there" });
    await v.send({ type: "INPUT", kind: "key", target: 4, key: "enter" });
    await v.until(() => v.model.data.schema(140)?.rows.length === 3);
    const rows = v.model.data.schema(140)!.rows.toArray().map((r) => `${r[1]}: ${r[2]}`);
    assertEquals(rows.slice(1), [
      "you: hello there",
      'bot: you said "hello there" (11 characters)',
    ]);
    assertEquals(v.model.tree.get(4)?.props.value, "");
  });
  await withApp("form", async (v) => {
    await v.send({ type: "INPUT", kind: "click", target: 20 });
    await v.until(() =>
      /Please fix: name is required/.test(String(v.model.tree.get(30)?.props.content))
    );
    await v.send({ type: "INPUT", kind: "value_change", target: 11, value: "Ada" });
    await v.send({ type: "INPUT", kind: "value_change", target: 12, value: "ada@example.com" });
    await v.send({ type: "INPUT", kind: "key", target: 12, key: "enter" });
    await v.until(() => v.model.tree.get(30)?.props.content === "Submitted: Ada <ada@example.com>");
  });
});
