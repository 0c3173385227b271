/**
 * The driver against small in-process apps that record what they are sent:
 * what each query finds, what each action sends, what each read shows, and
 * how waits and crashes fail.
 */
import { assert, assertEquals, assertMatch, assertRejects } from "../../tests/_util/assert.ts";
import type { InputMessage, Message } from "../protocol/messages/types.ts";
import { box, clickable, column, input, row, scroll, text } from "../sdk/components.ts";
import type { Connection } from "../sdk/connection.ts";
import { AppCrashedError, openApp } from "./mod.ts";

/** An app whose setup is `build`, recording every INPUT, ENV and REGION it gets. */
function recorder(build: (conn: Connection) => void) {
  const got: Message[] = [];
  const setup = (conn: Connection) => {
    conn.on("input", (m) => got.push(m));
    conn.on("env", (m) => got.push(m));
    conn.on("region", (m) => got.push(m));
    build(conn);
  };
  const inputs = (kind?: string) =>
    got.filter((m): m is InputMessage => m.type === "INPUT" && (!kind || m.kind === kind));
  return { setup, got, inputs };
}

const FORM = (conn: Connection) =>
  conn.setTree(column({ id: 1 }, [
    row({ id: 2 }, [text("Name:", { id: 3 }), input({ id: 4, placeholder: "your name" })]),
    row({ id: 5 }, [text("City:", { id: 6 }), input({ id: 7, value: "Paris" })]),
    clickable(box({ id: 8 }, [text("Go", { id: 9 })]), () => {}),
  ]));

Deno.test("type sends one value_change per keystroke; fill sends the whole value", async () => {
  const r = recorder(FORM);
  await using app = await openApp(r.setup);
  await app.getByLabel("Name").type("Ada");
  await app.waitUntil(() => r.inputs("value_change").length === 3);
  assertEquals(r.inputs("value_change").map((m) => [m.target, m.value]), [
    [4, "A"],
    [4, "Ad"],
    [4, "Ada"],
  ]);
  await app.getByLabel("Name").fill("Grace Hopper");
  await app.waitUntil(() => r.inputs("value_change").length === 5);
  // A field with text is emptied first, then the value comes in one message.
  assertEquals(r.inputs("value_change").slice(3).map((m) => m.value), ["", "Grace Hopper"]);
  await app.getByLabel("City").type(" Nord");
  await app.waitFor("Paris Nord"); // typed at the end of the app's value
  assertEquals(app.screen().lines[1], "City:Paris Nord");
});

Deno.test("press sends keys and chords as a terminal would; tab moves the focus", async () => {
  const r = recorder(FORM);
  await using app = await openApp(r.setup);
  await app.getByRole("button").focus();
  await app.press("ctrl+s alt+x f5 shift+up escape");
  await app.waitUntil(() => r.inputs("key").length === 5);
  assertEquals(r.inputs("key").map((m) => [m.key, m.target]), [
    ["ctrl+s", 8],
    ["alt+x", 8],
    ["f5", 8],
    ["shift+up", 8],
    ["escape", 8],
  ]);
  await app.tab();
  assertEquals(app.renderer.focusId, 4);
  await app.tab(1, { shift: true });
  assertEquals(app.renderer.focusId, 8);
  await app.press("enter");
  await app.waitUntil(() => r.inputs("click").length === 1);
  await assertRejects(() => app.press("hyper+q"), RangeError, /unknown modifier "hyper"/);
});

Deno.test("queries: text (whole first, then part), regex, role and name, label, id, chains", async () => {
  await using app = await openApp(FORM);
  assertEquals((await app.getByText("Go").resolve()).node.id, 9);
  assertEquals((await app.getByText("Nam").resolve()).node.id, 3); // a part, as nothing says "Nam"
  assertEquals((await app.getByText(/^Ci/).resolve()).node.id, 6);
  assertEquals((await app.getByRole("button", { name: "Go" }).resolve()).node.id, 8);
  assertEquals((await app.getByRole("textbox", { name: "City" }).resolve()).node.id, 7);
  assertEquals((await app.getByLabel("Name").resolve()).node.id, 4);
  assertEquals((await app.getById(5).getByRole("input").resolve()).node.id, 7);
  assertEquals(app.getByRole("input").count(), 2);
  assertEquals((await app.getByRole("input").last().resolve()).node.id, 7);
  const many = await assertRejects(() => app.getByRole("input").resolve(), RangeError);
  assertMatch(
    many.message,
    /role input matches 2 nodes[^]*0: input "Name" \(#4\)\n {2}1: input "City" \(#7\)/,
  );
  const none = await assertRejects(
    () => app.getByText("Nowhere").click({ timeout: 100 }),
    Deno.errors.TimedOut,
  );
  assertMatch(none.message, /timed out after 100 ms waiting for text "Nowhere" to match a node/);
  assertMatch(none.message, /screen 80x24:\n[^]*│Name:your name/);
});

Deno.test("a locator follows the tree through patches and replacements", async () => {
  let conn!: Connection;
  await using app = await openApp((c) => {
    conn = c;
    c.setTree(column({ id: 1 }, [text("Step 1", { id: 2 })]));
  });
  const step = app.getByText(/^Step/);
  assertEquals(await step.textContent(), "Step 1");
  conn.set(2, { content: "Step 2" });
  await app.waitFor("Step 2");
  assertEquals(await step.textContent(), "Step 2");
  conn.replace(2, text("Step 3", { id: 20 }));
  await app.waitFor("Step 3");
  assertEquals((await step.resolve()).node.id, 20);
  conn.remove(20);
  await step.waitFor({ state: "detached" });
  assertEquals(step.count(), 0);
});

Deno.test("reads: tree, rows by schema (paged), screen cells with styles", async () => {
  await using app = await openApp((conn) => {
    const s = conn.schema(130, [{ name: "host", type: "string" }, { name: "ms", type: "float64" }]);
    conn.setTree(column({ id: 1 }, [
      text("Hosts", { id: 2, bold: true, color: "#ff8800" }),
      scroll({ id: 3, schema: s, height: 5 }),
    ]));
    conn.data([["a", 1], ["b", 2.5], ["c", 3]], { schema: s });
  });
  await app.waitUntil(() => app.model.data.schema(130)?.rows.length === 3);
  assertEquals(
    app.tree(),
    "box #1 dir=column\n  text #2 content=Hosts\n  scroll #3 [table] schema=@130 rows=3 columns=host,ms",
  );
  assertEquals(await app.rows(undefined, { offset: 1, limit: 1 }), [{ host: "b", ms: 2.5 }]);
  assertEquals(await app.rows(3, { formatted: true, offset: 2 }), [{ host: "c", ms: "3" }]);
  assertEquals(await app.getByRole("row", { name: /^b/ }).textContent(), "b\t2.5");
  const cell = app.screen().cell(0, 0);
  assertEquals([cell.char, cell.fg, cell.bold], ["H", "#ff8800", true]);
  assertEquals(app.screen().lines.slice(0, 3), ["Hosts", "host   ms", "a       1"]);
});

Deno.test("scroll and resize send what a terminal viewer sends", async () => {
  const r = recorder((conn) => {
    conn.setTree(column({ id: 1 }, [
      scroll(
        { id: 2, height: 3 },
        Array.from({ length: 20 }, (_, i) => text(`line ${i}`, { id: 10 + i })),
      ),
    ]));
  });
  await using app = await openApp(r.setup, { size: { columns: 20, rows: 5 } });
  await app.getById(2).scroll({ by: 4 });
  await app.waitUntil(() => r.inputs("scroll").at(-1)?.scroll_top === 4);
  // The scrollbar on the right: its thumb at the top quarter.
  assertEquals(app.screen().lines.slice(0, 3), [
    "line 4             ┃",
    "line 5             │",
    "line 6             │",
  ]);
  await app.getByText("line 5").scroll({ to: "bottom" });
  await app.waitUntil(() => r.inputs("scroll").at(-1)?.scroll_top === 17);
  await app.resize(30, 6);
  await app.waitUntil(() => r.got.some((m) => m.type === "REGION" && m.action === "resize"));
  const env = r.got.filter((m) => m.type === "ENV").at(-1);
  assertEquals([env?.display_width, env?.display_height], [30, 6]);
  assertEquals(app.size, { columns: 30, rows: 6 });
});

Deno.test("a click lands where the node is drawn, and goes by id when it is off the screen", async () => {
  const r = recorder((conn) => {
    conn.setTree(column({ id: 1 }, [
      scroll({ id: 2, height: 2 }, [
        clickable(box({ id: 3 }, [text("first", { id: 4 })]), () => {}),
        text("filler", { id: 5 }),
        clickable(box({ id: 6 }, [text("hidden", { id: 7 })]), () => {}),
      ]),
    ]));
  });
  await using app = await openApp(r.setup, { size: { columns: 20, rows: 4 } });
  await app.getByText("first").click();
  await app.waitUntil(() => r.inputs("click").length === 1);
  assertEquals(r.inputs("click")[0].target, 3);
  assertEquals(typeof r.inputs("click")[0].x, "number"); // a pointer click has a position
  assert(!app.getByText("hidden").isVisible());
  await app.getByText("hidden").click();
  await app.waitUntil(() => r.inputs("click").length === 2);
  assertEquals(r.inputs("click")[1], { type: "INPUT", kind: "click", target: 7, button: 0 });
});

Deno.test("an app whose setup throws is reported with its error when closed", async () => {
  const app = await openApp(function broken() {
    throw new Error("no database");
  });
  assertEquals(app.exit?.code, 1);
  const err = await assertRejects(() => app.close(), AppCrashedError);
  assertMatch(
    err.message,
    /in-process app "broken" crashed \(status 1\); its stderr:\n[^]*no database/,
  );
});

Deno.test("driver: a modal's autofocus reaches the app when the modal shows, before any key", async () => {
  const seen: string[] = [];
  let show!: () => void;
  const app = await openApp((conn) => {
    let open = false;
    const view = () =>
      column({ id: 1 }, [
        box({ id: 2, interactive: "clickable" }, [text("Behind", { id: 3 })]),
        ...(open
          ? [box({ id: 4, modal: true }, [
            box({
              id: 5,
              interactive: "clickable",
              autofocus: true,
              onFocus: () => seen.push("in the modal"),
            }, [text("In", { id: 6 })]),
          ])]
          : []),
      ]);
    conn.render(view());
    // Opened by the app itself (a timer, a message), not by a key.
    show = () => {
      open = true;
      conn.render(view());
    };
  });
  try {
    show();
    // Nothing looks at the screen and no key is pressed: the frame comes by itself.
    await app.waitUntil(() => seen.length > 0);
    assertEquals(seen, ["in the modal"]);
    assertEquals(app.renderer.focusId, 5);
  } finally {
    await app.close();
  }
});
