import { assert, assertEquals } from "../../tests/_util/assert.ts";
import type { Message } from "../../src/protocol/messages/types.ts";
import { FakeApp, textTree, until } from "../../tests/viewer/_harness.ts";
import { SessionHost } from "../shared/session_host.ts";
import { TerminalFrontEnd } from "./terminal_front_end.ts";

function terminal() {
  let feed!: ReadableStreamDefaultController<Uint8Array>;
  let out = "";
  const fe = new TerminalFrontEnd({
    stdin: { readable: new ReadableStream({ start: (c) => void (feed = c) }) },
    stdout: { writeSync: (b) => (out += new TextDecoder().decode(b), b.length) },
    env: { TERM: "xterm-256color" },
    size: () => ({ columns: 40, rows: 8 }),
    signals: false,
  });
  return {
    fe,
    type: (s: string) => feed.enqueue(new TextEncoder().encode(s)),
    output: () => out,
  };
}

Deno.test("terminal front end: tabs, keys to the focused session, focus and blur, quit", async () => {
  const t = terminal();
  assertEquals([t.fe.display.width, t.fe.display.height, t.fe.display.colorDepth], [40, 6, 8]);
  const host = new SessionHost({ display: t.fe.display });
  t.fe.attach(host);
  const a = new FakeApp(host);
  await a.send({ type: "REGION", action: "attach", session: "a" });
  await a.send(textTree("alpha"));
  const b = new FakeApp(host);
  await b.send({ type: "REGION", action: "attach", session: "b" });
  await b.send(textTree("beta"));
  await until(() => t.fe.focused?.id === "a" && host.sessions.length === 2, "two sessions");
  await until(() => t.output().includes("alpha"), "first drawn");
  t.type("x");
  const key = await a.next("INPUT");
  assertEquals(key.key, "x");
  t.type("\x1dn");
  await until(() => t.fe.focused?.id === "b", "switched");
  await until(() => t.output().includes("beta"), "second drawn");
  assertEquals((await b.next("REGION", 1)).action, "focus");
  assertEquals(a.of("REGION").map((r) => r.action), ["focus", "blur"]);
  t.type("y");
  assertEquals((await b.next("INPUT")).key, "y");
  assertEquals(a.of("INPUT").length, 1, "the unfocused app got nothing more");
  t.type("\x1dq");
  await t.fe.done;
  await t.fe.close();
  assert(t.output().endsWith("\x1b[?1049l"), "left the alternate screen");
  await a.close();
  await b.close();
  await host.close();
});

Deno.test("terminal front end: an app that re-attaches hears REGION focus and where the focus was", async () => {
  const t = terminal();
  const host = new SessionHost({ display: t.fe.display });
  t.fe.attach(host);
  const tree = (label: string): Message => ({
    type: "TREE",
    root: {
      id: 1,
      type: "box",
      props: {},
      children: [
        { id: 2, type: "box", props: { interactive: "clickable" }, children: [] },
        { id: 3, type: "box", props: { interactive: "clickable" }, children: [] },
        { id: 4, type: "text", props: { content: label } },
      ],
    },
  });
  const a = new FakeApp(host);
  await a.send({ type: "REGION", action: "attach", session: "s" });
  await a.send(tree("first"));
  await until(() => t.output().includes("first"), "first drawn");
  assertEquals((await a.next("REGION")).action, "focus");
  t.type("\t"); // from the first stop (focused at start) to the second
  await until(() => a.of("INPUT").some((m) => m.kind === "focus" && m.target === 3), "focus on 3");
  await a.close();
  await until(() => host.sessions[0]?.state !== "live", "the app went away");
  const b = new FakeApp(host);
  await b.send({ type: "REGION", action: "attach", session: "s" });
  await b.send(tree("again"));
  await until(() => t.output().includes("again"), "drawn again");
  assertEquals((await b.next("REGION")).action, "focus", "the tab on show has the focus");
  const focus = await b.next("INPUT");
  assertEquals([focus.kind, focus.target], ["focus", 3], "the focus is where it was");
  t.type("\r");
  const click = await b.next("INPUT", 2);
  assertEquals([click.kind, click.target], ["click", 3], "and keys go there");
  t.type("\x1dq");
  await t.fe.done;
  await t.fe.close();
  await b.close();
  await host.close();
});
