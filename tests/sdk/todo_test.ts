/**
 * The todo examples (examples/todo.ts and its JSX twin) as real processes: in
 * a pipe, and against a test viewer over a unix socket that edits the field
 * by the input value contract, including keys typed while the app's clear
 * after Enter is still on its way, and an older viewer that sends no seq.
 */
import { assertEquals } from "../_util/assert.ts";
import { FakeViewer } from "../_util/fake_viewer.ts";
import { ValueSync } from "../../src/protocol/input_value.ts";
import { listen } from "../../src/transport/mod.ts";

const root = new URL("../../", import.meta.url).pathname;
const EXAMPLES = ["todo.ts", "todo_jsx.tsx"];

/** The field (id 2) as a viewer edits it, on top of the recording test viewer. */
class Field {
  readonly sync = new ValueSync("", 0);
  #seen: unknown = undefined;
  constructor(readonly v: FakeViewer) {}

  /** Takes the app's latest value, as a viewer does after applying a patch. */
  async sync_(): Promise<void> {
    const props = this.v.model.tree.get(2)?.props;
    if (!props || props === this.#seen) return;
    this.#seen = props;
    const r = this.sync.app(props.value, props.value_seq);
    if (r?.report) await this.#send(r.report);
  }

  /** Types `text` one character at a time (no app answer read in between). */
  async type(text: string): Promise<void> {
    for (const ch of text) await this.#send(this.sync.edit(this.sync.value + ch));
  }

  enter(): Promise<void> {
    return this.v.send({
      type: "INPUT",
      kind: "key",
      key: "enter",
      target: 2,
      value: this.sync.value,
    });
  }

  #send(r: { value: string; seq: number; base_seq: number }): Promise<void> {
    return this.v.send({ type: "INPUT", kind: "value_change", target: 2, ...r });
  }
}

const itemsOf = (v: FakeViewer) => v.projection().split("\n").filter((l) => /^\[.\] /.test(l));

async function withApp(file: string, body: (v: FakeViewer) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "vp-todo-" });
  const listener = await listen(`unix://${dir}/v.sock`);
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", `${root}examples/${file}`],
    env: { VIEWPORT: listener.uri, VIEWPORT_SESSION: "todo", NO_COLOR: "1" },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
    cwd: root,
  }).spawn();
  const it = listener[Symbol.asyncIterator]();
  let viewer: FakeViewer | undefined;
  try {
    viewer = new FakeViewer((await it.next()).value!);
    await viewer.until(() => viewer!.of("TREE").length > 0, 15_000);
    await body(viewer);
  } finally {
    await viewer?.send({ type: "REGION", action: "close" }).catch(() => {});
    const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
    const out = await child.output();
    clearTimeout(timer);
    await viewer?.close();
    await listener.close();
    await Deno.remove(dir, { recursive: true });
    assertEquals(new TextDecoder().decode(out.stderr), "");
  }
}

for (const file of EXAMPLES) {
  Deno.test(`examples/${file}: a pipe gets the text`, async () => {
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", `${root}examples/${file}`],
      env: { NO_COLOR: "1" },
      stdin: "null",
      cwd: root,
    }).output();
    assertEquals(new TextDecoder().decode(out.stderr), "");
    assertEquals(new TextDecoder().decode(out.stdout), "Todo\n\n0 to do\n");
  });

  Deno.test(`examples/${file}: Enter adds the item and clears the field, fast typing included`, async () => {
    await withApp(file, async (v) => {
      const field = new Field(v);
      await field.sync_();
      await field.type("buy milk");
      await field.enter();
      await v.until(() => itemsOf(v).length === 1, 10_000);
      await field.sync_();
      assertEquals(field.sync.value, "", "the app's clear applied");
      assertEquals(v.model.tree.get(2)?.props.value_seq, 8, "sent with the seq it had seen");

      // The next item, and a key typed before the clear after Enter arrives.
      await field.type("walk dog");
      await field.enter();
      await field.type("x");
      await v.until(() => itemsOf(v).length === 2, 10_000);
      await field.sync_(); // the clear arrives: "x" stays and the merge is reported
      assertEquals(field.sync.value, "x");
      await field.type("yz");
      await field.enter();
      await v.until(() => itemsOf(v).length === 3, 10_000);
      assertEquals(itemsOf(v), ["[ ] buy milk", "[ ] walk dog", "[ ] xyz"]);
      await field.sync_();
      assertEquals(field.sync.value, "");

      // A click ticks an item off.
      await v.send({ type: "INPUT", kind: "click", target: 102 });
      await v.until(() => itemsOf(v)[1] === "[x] walk dog", 10_000);
      assertEquals(v.model.tree.get(4)?.props.content, "2 to do");
    });
  });

  Deno.test(`examples/${file}: an older viewer (no seq) gets cleared too`, async () => {
    await withApp(file, async (v) => {
      const send = (value: string) =>
        v.send({ type: "INPUT", kind: "value_change", target: 2, value });
      for (const value of ["a", "ab", "abc"]) await send(value);
      await v.send({ type: "INPUT", kind: "key", key: "enter", target: 2 });
      await v.until(() => itemsOf(v).length === 1, 10_000);
      assertEquals(v.model.tree.get(2)?.props.value, "");
      await send("d");
      await v.send({ type: "INPUT", kind: "key", key: "enter", target: 2 });
      await v.until(() => itemsOf(v).length === 2, 10_000);
      assertEquals(itemsOf(v), ["[ ] abc", "[ ] d"]);
    });
  });
}
