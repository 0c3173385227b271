import { assertEquals } from "../../tests/_util/assert.ts";
import type { Message } from "../../src/protocol/messages/types.ts";
import { decodeFrame, encodeMessage } from "../../src/protocol/wire.ts";
import { memoryPair } from "../../src/transport/mod.ts";
import { SessionHost } from "../shared/session_host.ts";
import { HostSessionSource } from "./host_source.ts";
import type { WebSessionEvent } from "./source.ts";

const tick = () => new Promise((r) => setTimeout(r, 5));

async function until(cond: () => boolean): Promise<void> {
  for (let i = 0; i < 400 && !cond(); i++) await tick();
  if (!cond()) throw new Error("timed out");
}

Deno.test("HostSessionSource: host events become web events; input reaches the app", async () => {
  const host = new SessionHost();
  const source = new HostSessionSource(host);
  const events: string[] = [];
  const stop = source.onEvent((e: WebSessionEvent) => {
    if (e.kind === "messages") events.push(`messages:${e.messages.map((m) => m.type)}`);
    else if (e.kind === "removed") events.push(`removed:${e.id}`);
    else events.push(`${e.kind}:${e.session.id}${e.kind === "title" ? `=${e.session.title}` : ""}`);
  });
  const [app, viewer] = memoryPair();
  const served = host.accept(viewer);
  const fromViewer: Message[] = [];
  const reading = (async () => {
    for await (const f of app.frames()) fromViewer.push(decodeFrame(f));
  })();
  await app.send(encodeMessage({ type: "REGION", action: "attach", session: "demo" }));
  await app.send(encodeMessage({
    type: "TREE",
    root: { id: 1, type: "text", props: { content: "hi" } },
  }));
  await app.send(encodeMessage({ type: "REGION", action: "title", title: "Demo" }));
  await until(() => events.includes("title:demo=Demo"));
  assertEquals([...source.sessions()].map((s) => s.id), ["demo"]);
  assertEquals(events.slice(0, 2), ["added:demo", "messages:TREE"]);

  source.sendToApp("demo", { type: "INPUT", kind: "click", target: 1 });
  source.sendToApp("nobody", { type: "INPUT", kind: "click", target: 1 });
  await until(() => fromViewer.some((m) => m.type === "INPUT"));
  assertEquals(fromViewer.filter((m) => m.type === "INPUT"), [
    { type: "INPUT", kind: "click", target: 1 },
  ]);

  host.closeSession("demo");
  await until(() => events.includes("removed:demo"));
  stop();
  await app.close();
  await host.close();
  await served;
  await reading;
});
