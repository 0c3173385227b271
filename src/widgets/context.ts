/**
 * What a widget may ask about the render it is part of: the time (for
 * animations), whether anyone can interact (a pipe gets whole lists instead of
 * a scrolled window), and a way to ask for the next animation frame.
 * {@linkcode mount} sets it while it calls the app's view; outside of that,
 * widgets see the defaults.
 *
 * @module
 */

/** The render in progress, as widgets see it. */
export interface RenderContext {
  /** The render's clock in ms (one value for the whole render). */
  readonly now: number;
  /** False in a pipe or headless: nothing scrolls, so lists show every item. */
  readonly interactive: boolean;
  /**
   * True when a viewer in another process shows the UI: it scrolls before the
   * app can answer, so scrolled windows render rows beyond the view.
   */
  readonly remote: boolean;
  /** Asks for another render in about `ms` milliseconds (spinners, bars). */
  animate(ms: number): void;
}

const DEFAULT: RenderContext = {
  get now() {
    return Date.now();
  },
  interactive: true,
  remote: false,
  animate() {},
};

let current: RenderContext | null = null;

/**
 * The render in progress (or defaults outside of {@linkcode withContext}).
 *
 * @example
 * ```ts
 * import { renderContext, withContext } from "./context.ts";
 * import assert from "node:assert/strict";
 * const seen = withContext({ now: 5, interactive: false, remote: false, animate() {} }, () => renderContext().now);
 * assert.equal(seen, 5);
 * assert.equal(renderContext().interactive, true);
 * ```
 */
export function renderContext(): RenderContext {
  return current ?? DEFAULT;
}

/**
 * The context of the render under way, or null outside one (`mount()` sets
 * it): a widget may keep nodes from one render for the next only then, and
 * only once per render (a node may appear once in a tree).
 *
 * @example
 * ```ts
 * import { currentRender, withContext } from "./context.ts";
 * import assert from "node:assert/strict";
 * assert.equal(currentRender(), null);
 * const ctx = { now: 0, interactive: true, remote: false, animate() {} };
 * assert.equal(withContext(ctx, () => currentRender()), ctx);
 * ```
 */
export function currentRender(): RenderContext | null {
  return current;
}

/** Runs `fn` with `ctx` as the render context (nesting restores the outer one). */
export function withContext<T>(ctx: RenderContext, fn: () => T): T {
  const outer = current;
  current = ctx;
  try {
    return fn();
  } finally {
    current = outer;
  }
}
