/**
 * The app of the front-end scenarios (scenarios.ts): one page per scenario,
 * each small enough for an 80 x 24 terminal, each saying what it received on
 * a `log:` line, so every front end is checked by what a person sees.
 *
 *   deno run -A tests/frontends/scenario_app.ts PAGE
 *
 * Pages: focus, modal, keys, typing, scroll, virtual, canvas, end, widgets.
 *
 * @module
 */
import {
  box,
  canvas,
  column,
  type Connection,
  defineApp,
  input,
  scroll,
  text,
} from "../../src/mod.ts";
import type { VNode } from "../../src/sdk/vnode.ts";
import { list, ListState, mount, tabs } from "../../src/widgets/mod.ts";

/** A button that also reports its focus (the widget's `button` takes no `onFocus`). */
function button(
  label: string,
  o: { id: number; onPress?: () => void; onFocus?: () => void; autofocus?: boolean },
): VNode {
  return box({
    id: o.id,
    interactive: "clickable",
    border: "rounded",
    padding: [0, 1],
    align_self: "start",
    autofocus: o.autofocus,
    onClick: o.onPress,
    onFocus: o.onFocus,
  }, [text(label, { id: o.id + 1000 })]);
}

/** The pages, by name. */
export const PAGES = [
  "focus",
  "modal",
  "keys",
  "typing",
  "scroll",
  "virtual",
  "canvas",
  "end",
  "widgets",
];

/** Widgets with arrow keys inside each other: a list in a tab panel (mounted). */
function widgetsPage(conn: Connection): void {
  let tab = 1;
  let last = "none";
  const photos = new ListState(["photo 0", "photo 1", "photo 2", "photo 3"], { multiple: true });
  mount(conn, () =>
    column({ gap: 1, padding: 1 }, [
      text("page widgets"),
      tabs(
        { labels: ["Controls", "Photos"], selected: tab, onChange: (i) => tab = i },
        tab === 1
          ? list(photos, {
            label: `Photos (${photos.selected.size} selected)`,
            height: 4,
            autofocus: true,
          })
          : text("the controls"),
      ),
      text(`log: tab ${tab} selected ${photos.selected.size} last ${last}`),
    ]));
  conn.on("input", (e) => {
    if (e.kind === "key") last = e.key ?? "?";
  });
}

/** The setup of one page (for `openApp`, and for the program below). */
export function scenarioPage(page: string): (conn: Connection) => void {
  return (conn) => {
    if (page === "widgets") return widgetsPage(conn);
    let log = "ready";
    let modal = false;
    const submitted: string[] = [];
    let top = 0;
    const say = (what: string) => {
      log = what;
      conn.render(view());
    };
    const focusLog = (name: string) => ({ onFocus: () => say(`focus ${name}`) });
    if (page === "keys") {
      conn.define(200, { kind: "keybind", action: "save", key: "ctrl+s" });
    }
    conn.on("input", (e) => {
      if (page === "keys" && e.kind === "key") {
        say(`key ${e.key}${e.action ? ` action ${e.action}` : ""}`);
      }
    });
    const body = (): VNode[] => {
      switch (page) {
        case "focus":
          return [
            input({ id: 11, placeholder: "second", tab_index: 2, ...focusLog("second") }),
            input({ id: 12, placeholder: "first", tab_index: 1, ...focusLog("first") }),
            input({ id: 13, placeholder: "third", tab_index: 3, ...focusLog("third") }),
          ];
        case "modal":
          return [
            button("Open", { id: 20, onPress: () => (modal = true, say("opened")) }),
            button("Behind", { id: 21, ...focusLog("behind") }),
            ...(modal
              ? [
                box({ id: 22, modal: true, border: "rounded", dir: "row", gap: 1 }, [
                  button("Yes", {
                    id: 23,
                    ...focusLog("yes"),
                    onPress: () => (modal = false, say("answer yes")),
                  }),
                  button("No", { id: 24, autofocus: true, ...focusLog("no") }),
                ]),
              ]
              : []),
          ];
        case "keys":
          return [text("Press keys.", { id: 30 })];
        case "typing":
          return [
            input({
              id: 40,
              placeholder: "type and press Enter",
              clear_on_enter: true,
              autofocus: true,
              onKey: (e) => {
                if (e.key === "enter" && e.value) {
                  submitted.push(e.value);
                  say(`submitted ${submitted.join(",")}`);
                }
              },
            }),
          ];
        case "scroll":
          return [
            scroll(
              {
                id: 50,
                height: 5,
                autofocus: true,
                onScroll: (e) => say(`scrolled ${(e.scroll_top ?? 0) > 0 ? "down" : "top"}`),
              },
              Array.from({ length: 60 }, (_, i) => text(`line ${i}`, { id: 100 + i })),
            ),
          ];
        case "virtual":
          return [
            scroll(
              {
                id: 60,
                height: 5,
                virtual_height: 1000,
                virtual_offset: top,
                autofocus: true,
                onScroll: (e) => {
                  top = Math.max(0, Math.min(995, Math.round(e.scroll_top ?? 0)));
                  say(`top ${top > 500 ? "far" : top > 0 ? "near" : "0"}`);
                },
              },
              Array.from({ length: 5 }, (_, i) => text(`row ${top + i}`, { id: 200 + i })),
            ),
          ];
        case "canvas":
          return [
            canvas({
              id: 70,
              width: 160,
              height: 64,
              rows: 4,
              cols: 20,
              onPointer: (e) => {
                if (e.action !== "move") say(`pointer ${e.action}`);
              },
            }),
          ];
        case "end":
          return [button("End", { id: 80, onPress: () => void conn.close() })];
        default:
          return [text(`no page ${page}`, { id: 90 })];
      }
    };
    const view = () =>
      column({ id: 1, gap: 1, padding: 1 }, [
        text(`page ${page}`, { id: 2 }),
        ...body(),
        text(`log: ${log}`, { id: 3 }),
      ]);
    conn.render(view());
    if (page === "canvas") {
      conn.draw(70, [["set_fill", "#4488ff"], ["fill_rect", 0, 0, 160, 64]]);
    }
  };
}

if (import.meta.main) {
  const page = Deno.args[0] ?? "focus";
  defineApp({ name: `scenario ${page}`, setup: scenarioPage(page) });
}
