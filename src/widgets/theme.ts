/**
 * Theme colours for widgets. Widgets never name a colour: they refer to the
 * standard colour slots (protocol-spec 3.1), so whoever fills those slots (a
 * viewer, or the app in its own terminal) themes every widget, and a later
 * DEFINE of a slot re-themes them live.
 *
 * @module
 */
import type { SlotValue } from "../protocol/messages/types.ts";
import { SlotRef } from "../protocol/slot_ref.ts";
import type { Connection } from "../sdk/connection.ts";

/** The standard colour slots widgets draw with. */
export interface ThemeColors {
  /** Slot 0: the page or screen background. */
  readonly background: SlotRef;
  /** Slot 1: ordinary text. */
  readonly foreground: SlotRef;
  /** Slot 2: focus, selection, primary actions, progress. */
  readonly accent: SlotRef;
  /** Slot 3: errors, validation messages, dangerous actions. */
  readonly error: SlotRef;
  /** Slot 4: frames, tracks, dividers. */
  readonly border: SlotRef;
  /** Slot 5: secondary text, hints, disabled widgets. */
  readonly dim: SlotRef;
}

/**
 * References to the standard colour slots, for widgets and apps that want to
 * look like them.
 *
 * @example
 * ```ts
 * import { colors } from "./theme.ts";
 * if (colors.accent.slot !== 2 || colors.error.slot !== 3) throw new Error();
 * ```
 */
export const colors: ThemeColors = Object.freeze({
  background: new SlotRef(0),
  foreground: new SlotRef(1),
  accent: new SlotRef(2),
  error: new SlotRef(3),
  border: new SlotRef(4),
  dim: new SlotRef(5),
});

/** A theme: the value of each standard colour slot. */
export type Theme = ReadonlyMap<number, Readonly<SlotValue>>;

function theme(values: [string, string][]): Theme {
  return new Map(
    values.map(([role, value], slot) => [slot, { kind: "color", role, value }] as const),
  );
}

/**
 * The dark theme: the specification's default slot values.
 *
 * @example
 * ```ts
 * import { darkTheme } from "./theme.ts";
 * if (darkTheme.get(0)?.value !== "#1e1e2e") throw new Error();
 * ```
 */
export const darkTheme: Theme = theme([
  ["background", "#1e1e2e"],
  ["foreground", "#cdd6f4"],
  ["accent", "#89b4fa"],
  ["error", "#f38ba8"],
  ["border", "#45475a"],
  ["dim", "#6c7086"],
]);

/**
 * The light theme: dark text on a light background, with the accent, error,
 * border and dim roles darkened to keep their contrast.
 *
 * @example
 * ```ts
 * import { lightTheme } from "./theme.ts";
 * if (lightTheme.get(1)?.role !== "foreground") throw new Error();
 * ```
 */
export const lightTheme: Theme = theme([
  ["background", "#eff1f5"],
  ["foreground", "#4c4f69"],
  ["accent", "#1e66f5"],
  ["error", "#d20f39"],
  ["border", "#9ca0b0"],
  ["dim", "#6c6f85"],
]);

/** The themes by name. */
export const themes: Readonly<Record<"dark" | "light", Theme>> = Object.freeze({
  dark: darkTheme,
  light: lightTheme,
});

/**
 * Defines a theme's slots on a connection. Where the app is its own viewer
 * (its terminal, text and headless modes) this themes every widget; a viewer
 * owns the standard slots, so there the viewer's theme wins and these DEFINEs
 * are ignored, as the specification says.
 *
 * @example
 * ```ts
 * import { connect } from "../sdk/connect.ts";
 * import { applyTheme, lightTheme } from "./theme.ts";
 * const conn = await connect({ env: { VIEWPORT: "headless:" } });
 * applyTheme(conn, lightTheme);
 * if (conn.model.slots.get(0)?.value !== "#eff1f5") throw new Error();
 * await conn.close();
 * ```
 */
export function applyTheme(conn: Connection, theme: Theme): void {
  for (const [slot, value] of theme) conn.define(slot, { ...value });
}
