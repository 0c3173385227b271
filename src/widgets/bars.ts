/**
 * Bars along an edge of the app: the key-hint footer and the status bar.
 *
 * @module
 */
import { box, type Child, row, text } from "../sdk/components.ts";
import type { VNode } from "../sdk/vnode.ts";
import { colors } from "./theme.ts";

/** One key hint. */
export interface KeyHint {
  /** The key as the user presses it ("q", "ctrl+s", "↑↓"). */
  key: string;
  /** What it does ("quit"). */
  label: string;
  /** Makes the hint clickable too (it then does what the key does). */
  onPress?: () => void;
}

/** Options of {@linkcode keyHints}. */
export interface KeyHintsOptions {
  id?: number;
}

/**
 * A footer of key hints: each key in the accent colour, then what it does.
 * Its text projection is `q quit · ↑↓ move`.
 *
 * @example
 * ```ts
 * import { keyHints } from "./bars.ts";
 * const f = keyHints([{ key: "q", label: "quit" }, { key: "↑↓", label: "move" }]);
 * if (f.props.text_alt !== "q quit · ↑↓ move") throw new Error(String(f.props.text_alt));
 * ```
 */
export function keyHints(hints: readonly KeyHint[], o: KeyHintsOptions = {}): VNode {
  return row(
    {
      id: o.id,
      role: "toolbar",
      label: "Keys",
      gap: 2,
      wrap: true,
      text_alt: hints.map((h) => `${h.key} ${h.label}`).join(" · "),
    },
    hints.map((h) => {
      const press = h.onPress;
      return box({
        interactive: press ? "clickable" : undefined,
        focusable: press ? false : undefined,
        role: press ? "button" : undefined,
        label: press ? `${h.label} (${h.key})` : undefined,
        dir: "row",
        onClick: press ? () => press() : undefined,
      }, [
        text({
          spans: [
            { text: h.key, color: colors.accent, bold: true },
            { text: ` ${h.label}`, color: colors.dim },
          ],
          wrap: false,
        }),
      ]);
    }),
  );
}

/** What a part of the status bar shows: text, or nodes of one's own. */
export type StatusPart = string | Child | readonly Child[];

/** Options of {@linkcode statusBar}. */
export interface StatusBarOptions {
  id?: number;
  left?: StatusPart;
  center?: StatusPart;
  right?: StatusPart;
}

function part(p: StatusPart | undefined, align: "start" | "center" | "end"): VNode {
  const kids: Child[] = typeof p === "string"
    ? [text(p, { wrap: "truncate" })]
    : Array.isArray(p)
    ? [...(p as readonly Child[])]
    : [p as Child];
  return row({ grow: 1, basis: 0, justify: align, gap: 2 }, kids);
}

/**
 * A one-line status bar on the border colour: left, centre and right parts.
 * Its text projection is the parts joined by tabs.
 *
 * @example
 * ```ts
 * import { statusBar } from "./bars.ts";
 * const s = statusBar({ left: "Ready", right: "Ln 1" });
 * if (s.props.role !== "status" || s.children?.length !== 2) throw new Error();
 * ```
 */
export function statusBar(o: StatusBarOptions): VNode {
  return row({
    id: o.id,
    role: "status",
    background: colors.border,
    color: colors.foreground,
    padding: [0, 1],
    gap: 2,
    shrink: 0,
  }, [
    o.left !== undefined || o.right !== undefined ? part(o.left, "start") : null,
    o.center !== undefined ? part(o.center, "center") : null,
    o.right !== undefined ? part(o.right, "end") : null,
  ]);
}
