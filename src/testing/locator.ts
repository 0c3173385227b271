/**
 * Locators: a description of what to find (text, role, label, id, chained and
 * indexed), resolved again against the live tree every time it is used, so
 * one locator follows its node through patches.
 *
 * @module
 */
import type { ModelNode } from "../model/model_node.ts";
import {
  describeQuery,
  type MatchOptions,
  type ModelReader,
  type Query,
  type Target,
  type TextMatch,
} from "./query.ts";

/** How long to wait. */
export interface WaitOptions {
  /** Milliseconds (default: the driver's `timeout`). */
  timeout?: number;
}

/** Options of a click. */
export interface ClickOptions extends WaitOptions {
  /** 0 left (default), 1 middle, 2 right. */
  button?: 0 | 1 | 2;
}

/**
 * What a locator asks of the driver it finds nodes for (`AppDriver` is the
 * one there is): kept here so that the driver can make locators without the
 * two modules importing each other.
 */
export interface LocatorDriver {
  /** The app's tree as of now. */
  reader(): ModelReader;
  /** Calls `check` after every change until it returns a value (see `AppDriver.waitUntil`). */
  waitUntil<T>(
    check: () => T | undefined | null | false,
    options?: WaitOptions & { what?: string },
  ): Promise<T>;
  /** Where a target is drawn, or null when it is not on screen. */
  onScreen(t: Target): { x: number; y: number } | null;
  click(t: Target, options?: ClickOptions): Promise<void>;
  focus(t: Target): Promise<void>;
  typeInto(t: Target, text: string): Promise<void>;
  fillInto(t: Target, value: string): Promise<void>;
  press(keys: string | readonly string[]): Promise<void>;
  scroll(t: Target, how: { by: number } | { to: "top" | "bottom" }): Promise<void>;
}

/** Where a locator is in a chain: a query, or a pick among the matches so far. */
type Step = { query: Query } | { nth: number };

/**
 * Finds nodes of one app. Made by `app.getByText(...)` and friends; every
 * action waits (up to the driver's timeout) until exactly one node matches.
 *
 * @example
 * ```ts
 * import { openApp } from "./open.ts";
 * import { text } from "../sdk/components.ts";
 * import assert from "node:assert/strict";
 * await using app = await openApp((conn) => conn.setTree(text("Hello", { id: 1 })));
 * const hello = app.getByText("Hello");
 * assert.equal((await hello.textContent()), "Hello");
 * ```
 */
export class Locator {
  readonly driver: LocatorDriver;
  readonly #steps: readonly Step[];

  constructor(driver: LocatorDriver, steps: readonly Step[]) {
    this.driver = driver;
    this.#steps = steps;
  }

  /** This locator in words, for messages: `text "+1" >> role button`. */
  toString(): string {
    return this.#steps.map((s) => "query" in s ? describeQuery(s.query) : `nth ${s.nth}`).join(
      " >> ",
    );
  }

  // --- refining -----------------------------------------------------------

  /** Nodes below this one's matches whose text matches (see `app.getByText`). */
  getByText(text: TextMatch, options: MatchOptions = {}): Locator {
    return this.#then({ by: "text", text, exact: options.exact });
  }

  /** Nodes below this one's matches with this role (and name). */
  getByRole(role: string, options: MatchOptions & { name?: TextMatch } = {}): Locator {
    return this.#then({ by: "role", role, name: options.name, exact: options.exact });
  }

  /** Controls below this one's matches with this label. */
  getByLabel(label: TextMatch, options: MatchOptions = {}): Locator {
    return this.#then({ by: "label", label, exact: options.exact });
  }

  /** The node with this id, if it is below this one's matches. */
  getById(id: number): Locator {
    return this.#then({ by: "id", id });
  }

  /** The `index`-th match (0-based; negative counts from the end). */
  nth(index: number): Locator {
    if (!Number.isInteger(index)) throw new RangeError(`nth: expected an integer, got ${index}`);
    return new Locator(this.driver, [...this.#steps, { nth: index }]);
  }

  /** The first match. */
  first(): Locator {
    return this.nth(0);
  }

  /** The last match. */
  last(): Locator {
    return this.nth(-1);
  }

  #then(query: Query): Locator {
    return new Locator(this.driver, [...this.#steps, { query }]);
  }

  // --- resolving ------------------------------------------------------------

  /** Every match now (no waiting). */
  resolveAll(): Target[] {
    const reader = this.driver.reader();
    let found: Target[] | null = null;
    for (const step of this.#steps) {
      if ("nth" in step) {
        const list: Target[] = found ?? [];
        const i = step.nth < 0 ? list.length + step.nth : step.nth;
        found = list[i] ? [list[i]] : [];
        continue;
      }
      if (found === null) found = reader.find(step.query);
      else {
        const roots: ModelNode[] = found.filter((t) => t.row === undefined).map((t) => t.node);
        found = roots.length === 0 ? [] : reader.find(step.query, roots);
      }
    }
    return found ?? [];
  }

  /** How many nodes match now. */
  count(): number {
    return this.resolveAll().length;
  }

  /**
   * Waits until exactly one node matches and returns it. More than one match
   * fails at once with the candidates listed (pick one with `nth`, or be more
   * precise); none fails after the timeout, showing the screen.
   */
  async resolve(options: WaitOptions = {}): Promise<Target> {
    return await this.driver.waitUntil(() => {
      const found = this.resolveAll();
      if (found.length > 1) {
        const reader = this.driver.reader();
        const list = found.slice(0, 10).map((t, i) => `  ${i}: ${reader.describe(t)}`);
        throw new RangeError(
          `${this} matches ${found.length} nodes; use .nth(i) or a more precise query:\n` +
            list.join("\n") + (found.length > 10 ? "\n  …" : ""),
        );
      }
      return found[0];
    }, { ...options, what: `${this} to match a node` });
  }

  // --- reading --------------------------------------------------------------

  /** The matched node's text (a row's cells joined by tabs). Waits for the match. */
  async textContent(options: WaitOptions = {}): Promise<string> {
    const t = await this.resolve(options);
    const reader = this.driver.reader();
    return t.row !== undefined ? reader.rowTexts(t.node)[t.row] ?? "" : reader.text(t.node);
  }

  /** The matched node's props (a copy). */
  async props(options: WaitOptions = {}): Promise<Record<string, unknown>> {
    return { ...(await this.resolve(options)).node.props };
  }

  /** True when a node matches now and is drawn on the screen. */
  isVisible(): boolean {
    const found = this.resolveAll();
    return found.length === 1 && this.driver.onScreen(found[0]) !== null;
  }

  /** Waits until the locator matches (`attached`, default), is drawn (`visible`) or matches nothing (`detached`). */
  async waitFor(
    options: WaitOptions & { state?: "attached" | "visible" | "detached" } = {},
  ): Promise<void> {
    const state = options.state ?? "attached";
    await this.driver.waitUntil(() => {
      const n = this.resolveAll();
      if (state === "detached") return n.length === 0 ? true : undefined;
      if (state === "visible") {
        return n.length === 1 && this.driver.onScreen(n[0]) ? true : undefined;
      }
      return n.length > 0 ? true : undefined;
    }, { ...options, what: `${this} to be ${state}` });
  }

  // --- acting ---------------------------------------------------------------

  /** Clicks the node where it is drawn (or by id when it is off the screen). */
  async click(options: ClickOptions = {}): Promise<void> {
    await this.driver.click(await this.resolve(options), options);
  }

  /** Moves the keyboard focus to the node (it must be able to take focus). */
  async focus(options: WaitOptions = {}): Promise<void> {
    await this.driver.focus(await this.resolve(options));
  }

  /**
   * Focuses the node, then types `text` key by key at the end of its value:
   * one `value_change` per character, as a viewer sends while a person types.
   */
  async type(text: string, options: WaitOptions = {}): Promise<void> {
    await this.driver.typeInto(await this.resolve(options), text);
  }

  /**
   * Replaces the node's value with `value` in one edit, as a paste does: one
   * `value_change` with the whole value (after one that empties a non-empty
   * field).
   */
  async fill(value: string, options: WaitOptions = {}): Promise<void> {
    await this.driver.fillInto(await this.resolve(options), value);
  }

  /** Focuses the node, then presses keys (`"enter"`, `"ctrl+a"`, `"tab tab"`, `["up", "up"]`). */
  async press(keys: string | readonly string[], options: WaitOptions = {}): Promise<void> {
    const t = await this.resolve(options);
    await this.driver.focus(t);
    await this.driver.press(keys);
  }

  /**
   * Scrolls the node (a scroll, or the scroll it is in): `{by: rows}` (negative
   * is up), or `{to: "top" | "bottom"}`. Uses the keys a person would.
   */
  async scroll(
    how: { by: number } | { to: "top" | "bottom" },
    options: WaitOptions = {},
  ): Promise<void> {
    await this.driver.scroll(await this.resolve(options), how);
  }
}
