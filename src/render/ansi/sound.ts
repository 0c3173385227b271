/**
 * AUDIO in a terminal: `bell` rings the terminal's bell (BEL); a
 * `notification` uses the terminal's desktop-notification sequence where the
 * terminal is known to have one (OSC 9 in iTerm2, WezTerm, Ghostty and
 * ConEmu; OSC 777 in foot and urxvt; OSC 99 in kitty) and the bell
 * elsewhere, inside tmux included (it does not pass them on).
 * `VIEWPORT_NOTIFY=osc9|osc777|osc99|bell|off` overrides the choice.
 * Terminals cannot play sound streams: those are answered as unsupported.
 *
 * @module
 */
import type { AudioMessage } from "../../protocol/messages/types.ts";

/** How a terminal shows a notification. */
export type NotifyStyle = "osc9" | "osc777" | "osc99" | "bell" | "off";

const STYLES: readonly NotifyStyle[] = ["osc9", "osc777", "osc99", "bell", "off"];

/** The sounds a terminal plays (AUDIO `play` builtins). */
export const TERMINAL_AUDIO: {
  readonly builtins: readonly string[];
  readonly formats: readonly string[];
} = Object.freeze({
  builtins: Object.freeze(["bell", "notification"]),
  formats: Object.freeze([]),
});

/**
 * Picks the notification sequence from the environment.
 *
 * @example
 * ```ts
 * import { notifyStyle } from "./sound.ts";
 * if (notifyStyle({ TERM_PROGRAM: "WezTerm" }) !== "osc9") throw new Error();
 * if (notifyStyle({ TERM: "xterm-kitty", TMUX: "/tmp/t,1,0" }) !== "bell") throw new Error();
 * if (notifyStyle({ VIEWPORT_NOTIFY: "osc777" }) !== "osc777") throw new Error();
 * ```
 */
export function notifyStyle(env: Readonly<Record<string, string | undefined>>): NotifyStyle {
  const forced = env.VIEWPORT_NOTIFY?.trim().toLowerCase();
  if (STYLES.includes(forced as NotifyStyle)) return forced as NotifyStyle;
  if (env.TMUX || env.STY) return "bell";
  const program = env.TERM_PROGRAM ?? "";
  const term = env.TERM ?? "";
  if (["iTerm.app", "WezTerm", "ghostty"].includes(program) || env.ConEmuANSI === "ON") {
    return "osc9";
  }
  if (term === "xterm-kitty" || env.KITTY_WINDOW_ID) return "osc99";
  if (term.startsWith("foot") || term.startsWith("rxvt-unicode")) return "osc777";
  return "bell";
}

function clean(text: string, max = 200): string {
  // deno-lint-ignore no-control-regex
  return text.replace(/[\x00-\x1f\x7f-\x9f]/g, " ").slice(0, max);
}

/**
 * The bytes that play `message` in a terminal, or `null` when a terminal
 * cannot (a stream, an unknown builtin). `title` names the app in a
 * notification that carries no `text` of its own.
 *
 * @example
 * ```ts
 * import { soundSequence } from "./sound.ts";
 * if (soundSequence({ type: "AUDIO", action: "play", builtin: "bell" }, "bell", "x") !== "\x07") throw new Error();
 * const s = soundSequence({ type: "AUDIO", action: "play", builtin: "notification", text: "done" }, "osc9", "build");
 * if (s !== "\x1b]9;build: done\x07") throw new Error(JSON.stringify(s));
 * ```
 */
export function soundSequence(
  message: AudioMessage,
  style: NotifyStyle,
  title: string,
): string | null {
  if (message.action !== "play") return null;
  if (message.builtin === "bell") return style === "off" ? "" : "\x07";
  if (message.builtin !== "notification") return null;
  const name = clean(title || "Viewport", 80);
  const body = typeof message.text === "string" && message.text !== "" ? clean(message.text) : "";
  switch (style) {
    case "osc9":
      return `\x1b]9;${body ? `${name}: ${body}` : name}\x07`;
    case "osc777":
      return `\x1b]777;notify;${name.replaceAll(";", ",")};${body.replaceAll(";", ",")}\x07`;
    case "osc99":
      return `\x1b]99;;${body ? `${name}: ${body}` : name}\x1b\\`;
    case "bell":
      return "\x07";
    case "off":
      return "";
  }
}
