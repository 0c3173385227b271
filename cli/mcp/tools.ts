/**
 * The tools `viewport mcp` offers an agent, each a thin layer over the test
 * driver. Results are short text: what was done, then the session's text
 * projection, which is what a person would read on the screen.
 *
 * @module
 */
import { z } from "zod";
import type { AppDriver } from "../../src/testing/driver.ts";
import type { Locator } from "../../src/testing/locator.ts";
import { SlotRef } from "../../src/protocol/slot_ref.ts";
import type { Sessions } from "./sessions.ts";

/** One tool: its name, what it does (for `--help` and the client), its input and its work. */
export interface ToolSpec {
  name: string;
  description: string;
  input: z.ZodRawShape;
  run(args: Record<string, unknown>): Promise<string>;
}

const session = z.string().optional().describe(
  "session id from list_sessions or launch (may be left out when there is only one)",
);
const byPlace = {
  id: z.number().int().optional().describe("node id"),
  role: z.string().optional().describe(
    "role: button, input, table, row, heading, text, scroll, image, canvas...",
  ),
  name: z.string().optional().describe(
    "with role: the accessible name (a button's text, an input's label)",
  ),
  label: z.string().optional().describe("an input's label (the text beside it)"),
  exact: z.boolean().optional().describe("match text, name or label exactly"),
  nth: z.number().int().optional().describe("pick one of several matches (0-based; -1 the last)"),
};
const target = {
  ...byPlace,
  text: z.string().optional().describe(
    "text on screen: the whole text of a node first, else a part of it",
  ),
};

/** The locator a tool's target fields describe, or null when none is given. */
function locate(app: AppDriver, a: Record<string, unknown>): Locator | null {
  const exact = a.exact as boolean | undefined;
  let loc: Locator | null = null;
  if (typeof a.id === "number") loc = app.getById(a.id);
  else if (typeof a.role === "string") {
    loc = app.getByRole(a.role, { name: a.name as string | undefined, exact });
  } else if (typeof a.label === "string") loc = app.getByLabel(a.label, { exact });
  else if (typeof a.text === "string") loc = app.getByText(a.text, { exact });
  if (loc && typeof a.nth === "number") loc = loc.nth(a.nth);
  return loc;
}

/** Waits a little for the app to answer an action (a change, or a short quiet). */
async function settle(app: AppDriver): Promise<void> {
  let off: () => void = () => {};
  let timer: ReturnType<typeof setTimeout> | undefined;
  await new Promise<void>((resolve) => {
    timer = setTimeout(resolve, 400);
    off = app.link.subscribe(() => setTimeout(resolve, 30));
  });
  off();
  clearTimeout(timer);
}

function view(app: AppDriver, what: string): string {
  const exit = app.exit;
  const state = exit
    ? ` [app ended: ${exit.reason}${exit.code === null ? "" : `, status ${exit.code}`}]`
    : "";
  return `${what}${state}\n---\n${app.projection()}`;
}

/**
 * The tools over a set of sessions.
 *
 * @example
 * ```ts
 * import { tools } from "./tools.ts";
 * import { Sessions } from "./sessions.ts";
 * import assert from "node:assert/strict";
 * const names = tools(new Sessions(null, () => {})).map((t) => t.name);
 * assert.ok(names.includes("click"));
 * assert.ok(names.includes("launch"));
 * ```
 */
export function tools(sessions: Sessions): ToolSpec[] {
  const app = (a: Record<string, unknown>) => sessions.get(a.session as string | undefined);
  const must = (d: AppDriver, a: Record<string, unknown>, tool: string): Locator => {
    const loc = locate(d, a);
    if (!loc) throw new Error(`${tool}: say which node: id, text, role (and name) or label`);
    return loc;
  };
  const what = async (d: AppDriver, loc: Locator) =>
    d.reader().describe(await loc.resolve({ timeout: 5000 }));
  return [
    {
      name: "list_sessions",
      description: "List the sessions: apps launched here, and those of the joined viewer.",
      input: {},
      run() {
        const all = sessions.list();
        if (all.length === 0) return Promise.resolve("no sessions (launch an app with launch)");
        return Promise.resolve(
          all.map((s) =>
            `${s.id}\t${s.title ?? "-"}\t${s.state}\t${s.size.columns}x${s.size.rows}\t${s.origin}`
          ).join("\n"),
        );
      },
    },
    {
      name: "launch",
      description: "Start an app (any command that speaks the Viewport protocol) as a new " +
        "session; returns its id and its text once it has drawn.",
      input: {
        command: z.array(z.string()).min(1).describe(
          'the command and its arguments, e.g. ["deno", "run", "-A", "examples/counter.ts"]',
        ),
        cwd: z.string().optional().describe("working directory"),
        width: z.number().int().min(1).max(10000).optional().describe("columns (default 80)"),
        height: z.number().int().min(1).max(10000).optional().describe("rows (default 24)"),
        session: z.string().optional().describe("the session id to use"),
      },
      async run(a) {
        const size = a.width || a.height
          ? { columns: (a.width as number) ?? 80, rows: (a.height as number) ?? 24 }
          : undefined;
        const id = await sessions.launch(a.command as string[], {
          cwd: a.cwd as string | undefined,
          size,
          session: a.session as string | undefined,
        });
        return view(sessions.get(id), `session ${id}`);
      },
    },
    {
      name: "read",
      description: "The session's text projection: what its UI says, as plain text " +
        "(rows tab-separated, tables with a header line).",
      input: { session },
      run(a) {
        const d = app(a);
        return Promise.resolve(view(d, `session ${d.session}`));
      },
    },
    {
      name: "read_screen",
      description: "The session's screen as a terminal shows it (text lines, at its size).",
      input: { session },
      run(a) {
        const d = app(a);
        return Promise.resolve(`${d.size.columns}x${d.size.rows}\n${d.screen().lines.join("\n")}`);
      },
    },
    {
      name: "read_tree",
      description: "The session's UI tree: one node per line (type, #id, [role], what it holds), " +
        "to find ids and roles.",
      input: { session, props: z.boolean().optional().describe("show every prop") },
      run(a) {
        return Promise.resolve(app(a).tree({ props: a.props === true }));
      },
    },
    {
      name: "read_rows",
      description: "Rows of a table (a scroll bound to a schema), a page at a time, as " +
        "tab-separated lines under a header.",
      input: {
        session,
        table: z.number().int().optional().describe(
          "the table's node id (default: the only table)",
        ),
        offset: z.number().int().min(0).optional().describe("first row (default 0)"),
        limit: z.number().int().min(1).max(1000).optional().describe("rows (default 50)"),
      },
      async run(a) {
        const d = app(a);
        const offset = (a.offset as number) ?? 0, limit = (a.limit as number) ?? 50;
        const loc = a.table === undefined ? d.getByRole("table") : d.getById(a.table as number);
        const node = (await loc.resolve({ timeout: 5000 })).node;
        const ref = node.props.schema;
        const entry = ref instanceof SlotRef ? d.model.data.schema(ref.slot) : undefined;
        if (!entry) {
          throw new Error(`${d.reader().describe({ node })} is not a table with a schema`);
        }
        const rows = await d.rows(loc, { formatted: true, offset, limit });
        const header = entry.columns.map((c) => c.name).join("\t");
        const lines = rows.map((r) => Object.values(r).join("\t"));
        return `rows ${offset}-${offset + rows.length - 1} of ${entry.rows.length}` +
          (entry.rows.dropped ? ` (${entry.rows.dropped} earlier dropped)` : "") +
          `\n${header}\n${lines.join("\n")}`;
      },
    },
    {
      name: "click",
      description: "Click a node (found by id, text, role and name, or label) where it is drawn.",
      input: { session, ...target },
      async run(a) {
        const d = app(a);
        const loc = must(d, a, "click");
        const name = await what(d, loc);
        await loc.click({ timeout: 5000 });
        await settle(d);
        return view(d, `clicked ${name}`);
      },
    },
    {
      name: "type",
      description: "Type text into an input (found like click; default: the focused one). " +
        'mode "keys" sends one change per character as a person types; "whole" replaces ' +
        "the value in one edit. submit presses Enter after.",
      input: {
        session,
        ...byPlace,
        text: z.string().describe("the text to type (the target is found by id, role or label)"),
        mode: z.enum(["keys", "whole"]).optional().describe('"keys" (default) or "whole"'),
        submit: z.boolean().optional().describe("press Enter after typing"),
      },
      async run(a) {
        const d = app(a);
        const loc = locate(d, { ...a, text: undefined });
        const text = a.text as string;
        let name = "the focused node";
        if (loc) {
          name = await what(d, loc);
          if (a.mode === "whole") await loc.fill(text, { timeout: 5000 });
          else await loc.type(text, { timeout: 5000 });
        } else if (a.mode === "whole") {
          throw new Error('type: mode "whole" needs a target (id, role or label)');
        } else await d.type(text);
        if (a.submit === true) await d.press("enter");
        await settle(d);
        return view(
          d,
          `typed ${JSON.stringify(text)} into ${name}${a.submit ? " and pressed enter" : ""}`,
        );
      },
    },
    {
      name: "press",
      description: 'Press keys: "enter", "tab", "ctrl+s", "shift+tab", "up", "pagedown", ' +
        '"escape", several separated by spaces. With a target, it is focused first.',
      input: { session, ...target, keys: z.string().describe('e.g. "tab tab enter"') },
      async run(a) {
        const d = app(a);
        const loc = locate(d, a);
        if (loc) await loc.press(a.keys as string, { timeout: 5000 });
        else await d.press(a.keys as string);
        await settle(d);
        return view(d, `pressed ${a.keys}`);
      },
    },
    {
      name: "scroll",
      description: "Scroll a scroll area (the target or the one around it; default the only " +
        'table): by rows (negative is up) or to "top"/"bottom".',
      input: {
        session,
        ...target,
        by: z.number().int().optional().describe("rows to scroll"),
        to: z.enum(["top", "bottom"]).optional(),
      },
      async run(a) {
        const d = app(a);
        const loc = locate(d, a) ?? d.getByRole("table");
        const how = a.to ? { to: a.to as "top" | "bottom" } : { by: (a.by as number) ?? 1 };
        await loc.scroll(how, { timeout: 5000 });
        await settle(d);
        return `scrolled ${"to" in how ? `to the ${how.to}` : `by ${how.by}`}\n---\n${
          d.screen().lines.join("\n")
        }`;
      },
    },
    {
      name: "resize",
      description: "Resize the session's display (columns x rows); the app relayouts.",
      input: {
        session,
        width: z.number().int().min(1).max(10000),
        height: z.number().int().min(1).max(10000),
      },
      async run(a) {
        const d = app(a);
        await d.resize(a.width as number, a.height as number);
        await settle(d);
        return `resized to ${a.width}x${a.height}\n---\n${d.screen().lines.join("\n")}`;
      },
    },
    {
      name: "wait_for",
      description: "Wait until text appears in the session (its projection or screen); " +
        "fails after timeout_ms showing the screen.",
      input: {
        session,
        text: z.string().describe("the text to wait for"),
        regex: z.boolean().optional().describe("text is a regular expression"),
        timeout_ms: z.number().int().min(1).max(600_000).optional().describe("default 10000"),
      },
      async run(a) {
        const d = app(a);
        const want = a.regex ? new RegExp(a.text as string) : a.text as string;
        await d.waitFor(want, { timeout: (a.timeout_ms as number) ?? 10_000 });
        return view(d, `found ${a.regex ? String(want) : JSON.stringify(want)}`);
      },
    },
    {
      name: "close",
      description: "End a session: a launched app is asked to end (then stopped); a viewer's " +
        "session is closed in the viewer.",
      input: { session: z.string().describe("session id") },
      run(a) {
        return sessions.close(a.session as string);
      },
    },
  ];
}
