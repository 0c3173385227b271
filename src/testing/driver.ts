/**
 * The test driver: one app, with the driver as its viewer. It keeps the app's
 * model, draws it with the embedded ANSI renderer at a given size, finds
 * nodes, acts as a person at a terminal would, waits for what should follow,
 * and compares screens with golden files.
 *
 * @module
 */
import type { ModelNode } from "../model/model_node.ts";
import type { ViewportModel } from "../model/viewport_model.ts";
import type { Message } from "../protocol/messages/types.ts";
import { SlotRef } from "../protocol/slot_ref.ts";
import { TextProjection } from "../projection/text_projection.ts";
import { formatValue } from "../projection/format.ts";
import { Renderer } from "../render/ansi/renderer.ts";
import {
  assertGolden,
  callerScreensDir,
  type GoldenOptions,
  goldenText,
  readGolden,
  updateRequested,
} from "./golden.ts";
import { type AppExit, checkSize, driverEnv, type DriverLink, type Size } from "./link.ts";
import { type ClickOptions, Locator, type WaitOptions } from "./locator.ts";
import { stderrBlock } from "./process.ts";
import {
  type MatchOptions,
  ModelReader,
  type Query,
  type Target,
  type TextMatch,
} from "./query.ts";
import { frameScreen, ScreenShot } from "./screen.ts";
import { keyBytes, splitKeys } from "./keys.ts";
import { fillInput, keystrokes, mouseClick } from "./typing.ts";
import { treeText } from "./tree_text.ts";

export type { ClickOptions, WaitOptions } from "./locator.ts";

/** Options of a driver. */
export interface DriverOptions {
  /** The display in cells (default 80 x 24). */
  size?: Size;
  /** Default wait for every action and `waitFor`, in ms (default 10 000). */
  timeout?: number;
  /** Golden screens folder (default: `__screens__` beside the test file). */
  screens?: string | URL;
  /**
   * Fail `close()` when the app crashed (ended with a non-zero status before
   * it was closed) or sent messages the viewer refused. Default true.
   */
  strict?: boolean;
  /** Clock for relative times (tables, projection), in ms. */
  now?: () => number;
}

/** The app ended with a failure; its stderr is in the message. */
export class AppCrashedError extends Error {
  override name = "AppCrashedError";
  constructor(message: string, readonly exit: AppExit, readonly stderr: string) {
    super(message);
  }
}

/** Rows of a table as objects keyed by column name. */
export type TableRow = Record<string, unknown>;

/**
 * Drives one app. Made by {@linkcode openApp} (in-process) or
 * {@linkcode openProcess} (any command); close it with `await using` or
 * `close()`.
 *
 * @example
 * ```ts
 * import { openApp } from "./open.ts";
 * import { box, clickable, column, text } from "../sdk/components.ts";
 * import assert from "node:assert/strict";
 * await using app = await openApp((conn) => {
 *   let n = 0;
 *   const label = text("Count: 0", { id: 2 });
 *   conn.setTree(column({ id: 1 }, [
 *     label,
 *     clickable(box({ id: 3, border: "rounded" }, [text("+1", { id: 4 })]), () => conn.set(label, { content: `Count: ${++n}` })),
 *   ]));
 * }, { size: { columns: 20, rows: 5 } });
 * await app.getByText("+1").click();
 * await app.waitFor("Count: 1");
 * assert.equal(app.screen().lines[0], "Count: 1");
 * ```
 */
export class AppDriver implements AsyncDisposable {
  readonly link: DriverLink;
  readonly renderer: Renderer;
  #size: Size;
  #timeout: number;
  #screens: string | URL | undefined;
  #strict: boolean;
  #now: () => number;
  #projection: TextProjection;
  #sending: Promise<unknown> = Promise.resolve();
  #closing: Promise<AppExit> | null = null;
  #exitBeforeClose: AppExit | null = null;
  #frameDue = false;

  constructor(link: DriverLink, options: DriverOptions = {}) {
    this.link = link;
    this.#size = checkSize(options.size ?? { columns: 80, rows: 24 });
    this.#timeout = options.timeout ?? 10_000;
    this.#screens = options.screens;
    this.#strict = options.strict ?? true;
    this.#now = options.now ?? Date.now;
    this.renderer = new Renderer({
      model: link.model,
      width: this.#size.columns,
      height: this.#size.rows,
      colorDepth: "truecolor",
      synchronized: false,
      now: this.#now,
    });
    this.#projection = new TextProjection(link.model, {
      width: this.#size.columns,
      now: this.#now,
    });
    // A change draws a frame soon, as a terminal would at its frame rate: what
    // follows from it (an autofocus in a modal, focus leaving a removed node)
    // reaches the app without waiting for the next key or look at the screen.
    this.renderer.onDirty(() => this.#frameSoon());
    this.#frameSoon();
  }

  #frameSoon(): void {
    if (this.#frameDue) return;
    this.#frameDue = true;
    queueMicrotask(() => {
      this.#frameDue = false;
      if (!this.#closing && !this.link.exit) this.#frame();
    });
  }

  /** The app's model (read only: the app writes it). */
  get model(): ViewportModel {
    return this.link.model;
  }

  /** The display size in cells. */
  get size(): Size {
    return { ...this.#size };
  }

  /** The session id and title the app announced. */
  get session(): string | undefined {
    return this.link.session;
  }
  get title(): string | undefined {
    return this.link.title;
  }

  /** How the app ended, once it has. */
  get exit(): AppExit | null {
    return this.link.exit;
  }

  /** What the app wrote to stderr (spawned apps; in-process: its error report). */
  stderr(): string {
    return this.link.stderr();
  }

  // --- queries ----------------------------------------------------------------

  /**
   * Nodes by what they say: a string matches a node's whole text first (spaces
   * squashed), else any node whose text contains it; a RegExp is tested
   * against the text. The innermost matching node wins; table rows match too.
   */
  getByText(text: TextMatch, options: MatchOptions = {}): Locator {
    return this.locator({ by: "text", text, exact: options.exact });
  }

  /**
   * Nodes by role (`button`, `input`, `table`, `row`, `text`, `heading`,
   * `image`, `canvas`, `scroll`, `separator`, `group`, `box`, or any `role`
   * prop), optionally by accessible name.
   */
  getByRole(role: string, options: MatchOptions & { name?: TextMatch } = {}): Locator {
    return this.locator({ by: "role", role, name: options.name, exact: options.exact });
  }

  /** Controls by the label a person reads beside them (or their `label` prop, or placeholder). */
  getByLabel(label: TextMatch, options: MatchOptions = {}): Locator {
    return this.locator({ by: "label", label, exact: options.exact });
  }

  /** The node with this id. */
  getById(id: number): Locator {
    return this.locator({ by: "id", id });
  }

  /** A locator for any query. */
  locator(query: Query): Locator {
    return new Locator(this, [{ query }]);
  }

  /** Reads of the current model for queries (fresh each call). */
  reader(): ModelReader {
    return new ModelReader(this.link.model, this.#now());
  }

  // --- reads ------------------------------------------------------------------

  /** The text projection, at the display's width. */
  projection(): string {
    return this.#projection.text();
  }

  /** The tree as indented lines: type, id, role and the props that say what a node is. */
  tree(options: { props?: boolean } = {}): string {
    return treeText(this.link.model, options);
  }

  /**
   * A table's rows as objects keyed by column name. `table`: the table's node
   * id or a locator (default: the only table). `formatted` gives the strings
   * the screen shows instead of the values.
   */
  async rows(
    table?: number | Locator,
    options: { formatted?: boolean; offset?: number; limit?: number } = {},
  ): Promise<TableRow[]> {
    const node = await this.#tableNode(table);
    const ref = node.props.schema as SlotRef;
    const entry = this.link.model.data.schema(ref.slot);
    if (!entry) return [];
    const now = this.#now();
    const from = Math.max(0, options.offset ?? 0);
    const to = Math.min(entry.rows.length, from + (options.limit ?? Infinity));
    const out: TableRow[] = [];
    for (let r = from; r < to; r++) {
      const row = entry.rows.at(r);
      const obj: TableRow = {};
      entry.columns.forEach((c, i) => {
        obj[c.name] = options.formatted ? formatValue(row[i], c, now) : row[i];
      });
      out.push(obj);
    }
    return out;
  }

  async #tableNode(table?: number | Locator): Promise<ModelNode> {
    if (table instanceof Locator) {
      const t = await table.resolve();
      if (t.node.props.schema instanceof SlotRef) return t.node;
      throw new TypeError(`${table} is not a table (a scroll bound to a schema)`);
    }
    if (typeof table === "number") return (await this.getById(table).resolve()).node;
    return (await this.getByRole("table").resolve()).node;
  }

  /** The screen as the embedded renderer draws it now. */
  screen(): ScreenShot {
    this.#frame();
    return new ScreenShot(this.renderer.screen, this.#size.columns, this.#size.rows);
  }

  /** Where a target is drawn: a cell inside it to point at, or null when it is off the screen. */
  onScreen(t: Target): { x: number; y: number } | null {
    this.#frame();
    const rn = this.renderer.scene.byId(t.node.id);
    const v = rn?.visible;
    if (!v || v.x1 <= v.x0 || v.y1 <= v.y0) return null;
    if (t.row === undefined) {
      return { x: Math.floor((v.x0 + v.x1 - 1) / 2), y: Math.floor((v.y0 + v.y1 - 1) / 2) };
    }
    const cells = (this.reader().rowTexts(t.node)[t.row] ?? "").split("\t").filter((c) => c);
    const lines = this.screen().lines;
    for (let y = v.y0; y < v.y1; y++) {
      const line = [...(lines[y] ?? "")].slice(v.x0, v.x1).join("");
      let at = 0;
      if (cells.every((c) => (at = line.indexOf(c, at)) >= 0 && (at += c.length) > 0)) {
        return { x: v.x0 + line.indexOf(cells[0] ?? ""), y };
      }
    }
    return null;
  }

  // --- waiting ----------------------------------------------------------------

  /**
   * Waits until `what` holds: text (a string or RegExp) in the projection or on
   * the screen, or a predicate of the driver. Fails after the timeout, or as
   * soon as the app has ended without it, showing the screen.
   */
  async waitFor(
    what: TextMatch | ((app: AppDriver) => unknown),
    options: WaitOptions = {},
  ): Promise<void> {
    const test = typeof what === "function" ? () => what(this) : () => this.#shows(what);
    const name = typeof what === "function"
      ? "a condition"
      : what instanceof RegExp
      ? String(what)
      : JSON.stringify(what);
    await this.waitUntil(() => test() ? true : undefined, { ...options, what: name });
  }

  #shows(what: TextMatch): boolean {
    const texts = [this.projection(), this.screen().lines.join("\n")];
    return texts.some((t) =>
      what instanceof RegExp ? (what.lastIndex = 0, what.test(t)) : t.includes(what)
    );
  }

  /**
   * Calls `check` now and after every change until it returns something other
   * than undefined, null or false, and resolves with that. Errors thrown by
   * `check` end the wait.
   */
  waitUntil<T>(
    check: () => T | undefined | null | false,
    options: WaitOptions & { what?: string } = {},
  ): Promise<T> {
    const timeout = options.timeout ?? this.#timeout;
    const what = options.what ?? "a condition";
    const run = (): T | undefined => {
      const v = check();
      return v === undefined || v === null || v === false ? undefined : v;
    };
    try {
      const now = run();
      if (now !== undefined) return Promise.resolve(now);
    } catch (err) {
      return Promise.reject(err);
    }
    return new Promise<T>((resolve, reject) => {
      // Declared first: a lazily loaded global (setInterval) may run queued
      // microtasks, and so a change listener, before the next line returns.
      let settled = false;
      const h: {
        off?: () => void;
        poll?: ReturnType<typeof setInterval>;
        timer?: ReturnType<typeof setTimeout>;
      } = {};
      const finish = (fn: () => void) => {
        if (settled) return;
        settled = true;
        h.off?.();
        clearInterval(h.poll);
        clearTimeout(h.timer);
        fn();
      };
      let running = false;
      const attempt = () => {
        // Never nested: a check that draws must not be re-entered by a change
        // delivered while it runs (the next change or poll looks again).
        if (settled || running) return;
        let v: T | undefined;
        running = true;
        try {
          v = run();
        } catch (err) {
          return finish(() => reject(err));
        } finally {
          running = false;
        }
        if (v !== undefined) return finish(() => resolve(v));
        const exit = this.link.exit;
        if (exit) finish(() => reject(this.#endedError(`waiting for ${what}`, exit)));
      };
      h.timer = setTimeout(() => {
        finish(() =>
          reject(
            new Deno.errors.TimedOut(
              `timed out after ${timeout} ms waiting for ${what}\n${this.describeState()}`,
            ),
          )
        );
      }, timeout);
      // Time passes without messages too (relative times): look again now and then.
      h.poll = setInterval(attempt, 100);
      h.off = this.link.subscribe(attempt);
      if (settled) h.off();
      attempt();
    });
  }

  /** The app, its state and its screen, for failure messages. */
  describeState(): string {
    const exit = this.link.exit;
    const state = exit
      ? `ended (${exit.reason}${exit.code === null ? "" : `, status ${exit.code}`})`
      : "running";
    let screen: string;
    try {
      screen = frameScreen(this.screen().lines, this.#size.columns);
    } catch (err) {
      screen = `(the screen could not be drawn: ${(err as Error).message})`;
    }
    const rejected = this.link.rejections;
    return `app: ${this.link.label} (session ${this.link.session ?? "?"}, ${state})\n` +
      `screen ${this.#size.columns}x${this.#size.rows}:\n${screen}` +
      (rejected.length ? `\nrefused messages:\n  ${rejected.slice(-5).join("\n  ")}` : "") +
      stderrBlock(this.link.stderr());
  }

  #endedError(doing: string, exit: AppExit): Error {
    const msg = `the app ended (${exit.reason}${
      exit.code === null ? "" : `, status ${exit.code}`
    }) while ${doing}\n${this.describeState()}`;
    return exit.code ? new AppCrashedError(msg, exit, this.link.stderr()) : new Error(msg);
  }

  // --- actions ----------------------------------------------------------------

  /** Clicks a target where it is drawn; a target off the screen is clicked by id. */
  async click(t: Target, options: ClickOptions = {}): Promise<void> {
    this.#alive("clicking");
    const at = this.onScreen(t);
    if (at) await this.#input(mouseClick(at.x, at.y, options.button ?? 0));
    else {
      await this.#send({
        type: "INPUT",
        kind: "click",
        target: t.node.id,
        button: options.button ?? 0,
      });
    }
  }

  /** Moves the keyboard focus to a target (or the nearest ancestor that takes focus). */
  async focus(t: Target): Promise<void> {
    this.#alive("focusing");
    this.#frame();
    for (let n: ModelNode | null = t.node; n; n = n.parent) {
      const out = this.renderer.interaction.focusNode(n.id);
      if (out === null) continue;
      for (const m of out) await this.#send(m);
      return;
    }
    throw new TypeError(`${this.reader().describe(t)} cannot take the keyboard focus`);
  }

  /** Focuses a target and types `text` at the end of its value, one key at a time. */
  async typeInto(t: Target, text: string): Promise<void> {
    await this.focus(t);
    if (this.#focusedType() === "input") await this.#input(keyBytes("end"));
    await this.type(text);
  }

  /** Focuses an input and replaces its value in one edit (a paste). */
  async fillInto(t: Target, value: string): Promise<void> {
    await this.focus(t);
    const id = this.renderer.focusId;
    const node = id === null ? undefined : this.link.model.tree.get(id);
    if (node?.type !== "input") {
      throw new TypeError(`fill: ${this.reader().describe(t)} is not an input`);
    }
    this.#frame();
    const edit = this.renderer.interaction.editors.get(node.id);
    const current = edit?.value ?? (typeof node.props.value === "string" ? node.props.value : "");
    for (const chunk of fillInput(current, value)) await this.#input(chunk);
  }

  /** Types `text` into whatever has the focus, one key at a time. */
  async type(text: string): Promise<void> {
    this.#alive("typing");
    for (const chunk of keystrokes(text)) await this.#input(chunk);
  }

  /** Presses keys: `"enter"`, `"ctrl+s"`, `"tab tab enter"`, or a list of names. */
  async press(keys: string | readonly string[]): Promise<void> {
    this.#alive("pressing keys");
    const names = splitKeys(keys);
    const chunks = names.map(keyBytes); // all checked before any is sent
    for (const c of chunks) await this.#input(c);
  }

  /** Moves the focus forward (or back with `shift`) `times` times. */
  async tab(times = 1, options: { shift?: boolean } = {}): Promise<void> {
    await this.press(Array(times).fill(options.shift ? "shift+tab" : "tab"));
  }

  /** Scrolls a scroll node (the target or the scroll around it) with the keys a person uses. */
  async scroll(t: Target, how: { by: number } | { to: "top" | "bottom" }): Promise<void> {
    let n: ModelNode | null = t.node;
    while (n && n.type !== "scroll") n = n.parent;
    if (!n) throw new TypeError(`${this.reader().describe(t)} is not in a scroll`);
    await this.focus({ node: n });
    if ("to" in how) return await this.press(how.to === "top" ? "home" : "end");
    const by = Math.trunc(how.by);
    if (by !== 0) await this.press(Array(Math.abs(by)).fill(by > 0 ? "down" : "up"));
  }

  /** Resizes the display: the renderer, and the app hears ENV and REGION resize. */
  async resize(columns: number, rows: number): Promise<void> {
    this.#alive("resizing");
    const size = checkSize({ columns, rows });
    this.#size = size;
    this.renderer.resize(size.columns, size.rows);
    this.#projection.width = size.columns;
    if (this.link.resize) {
      await this.link.resize(size);
      return;
    }
    await this.#send(driverEnv(size, this.link.session));
    await this.#send({ type: "REGION", action: "resize", width: columns, height: rows });
  }

  #focusedType(): string | undefined {
    const id = this.renderer.focusId;
    return id === null ? undefined : this.link.model.tree.get(id)?.type;
  }

  /** Terminal input through the renderer; what it makes goes to the app in order. */
  async #input(bytes: string): Promise<void> {
    this.#frame();
    const out = this.renderer.handleInput(bytes);
    if (this.renderer.inputPending) out.push(...this.renderer.flushInput());
    for (const m of out) await this.#send(m);
    this.#frame();
  }

  /** Brings the screen up to date; focus changes it made go to the app. */
  #frame(): void {
    this.renderer.render();
    for (const m of this.renderer.takeEvents()) void this.#send(m);
  }

  #send(m: Message): Promise<void> {
    const next = this.#sending.then(() => this.link.send(m));
    this.#sending = next.catch(() => {});
    return next.then(() => {});
  }

  #alive(doing: string): void {
    const exit = this.link.exit;
    if (exit) throw this.#endedError(doing, exit);
    if (this.#closing) throw new Error(`the driver is closed (${doing})`);
  }

  // --- golden screens ------------------------------------------------------------

  /**
   * Compares the screen with the golden file `name`.txt (in `__screens__`
   * beside the test, or the driver's `screens` folder): waits up to the
   * timeout for them to match, then fails with a line diff. Run the test with
   * `-- --update` (or `VIEWPORT_UPDATE_SCREENS=1`) to write the file instead.
   * For a live app, take the screen at the moment it is right
   * (`await app.waitUntil(() => ready() && app.screen())`) and pass it as `screen`.
   */
  async assertScreen(
    name: string,
    options: GoldenOptions & WaitOptions & { screen?: ScreenShot } = {},
  ): Promise<void> {
    const dir = options.dir ?? this.#screens ?? callerScreensDir();
    const golden = { ...options, dir };
    if (options.screen) {
      // A screen taken earlier (the moment a condition held): compared as it is.
      return await assertGolden(name, options.screen.lines, golden);
    }
    if (options.update ?? updateRequested()) {
      return await assertGolden(name, this.screen().lines, { ...golden, update: true });
    }
    const expected = await readGolden(name, dir);
    if (expected !== null) {
      try {
        await this.waitUntil(
          () => goldenText(this.screen().lines, options.mask) === expected || undefined,
          { timeout: options.timeout, what: `the screen to match ${name}` },
        );
        return;
      } catch (err) {
        if (!(err instanceof Deno.errors.TimedOut)) throw err;
      }
    }
    await assertGolden(name, this.screen().lines, { ...golden, update: false });
  }

  // --- closing ------------------------------------------------------------------

  /**
   * Ends the app and frees everything. With `strict` (the default) it fails
   * when the app crashed or sent messages the viewer refused.
   */
  async close(): Promise<AppExit> {
    if (!this.#closing) {
      this.#exitBeforeClose = this.link.exit;
      this.#closing = (async () => {
        await this.#sending;
        const exit = await this.link.close();
        this.renderer.close();
        return exit;
      })();
    }
    const exit = await this.#closing;
    if (this.#strict) {
      const crashed = this.#exitBeforeClose?.code;
      if (crashed) {
        throw new AppCrashedError(
          `${this.link.label} crashed (status ${crashed})${stderrBlock(this.link.stderr())}`,
          exit,
          this.link.stderr(),
        );
      }
      const rejected = this.link.rejections;
      if (rejected.length > 0) {
        throw new Error(
          `${this.link.label} sent ${rejected.length} message(s) the viewer refused:\n  ` +
            rejected.slice(0, 10).join("\n  "),
        );
      }
    }
    return exit;
  }

  /** `await using app = await openApp(...)` closes it at the end of the block. */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }
}
