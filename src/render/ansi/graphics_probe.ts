/**
 * Which pixel graphics a terminal has, found by asking it: a kitty graphics
 * query (answered `OK` only by terminals with the protocol), the cell size in
 * pixels (`CSI 16 t`), and the device attributes that end every startup query
 * (attribute 4 means sixel). `VIEWPORT_GRAPHICS=kitty|sixel|cells|auto` (or
 * the viewer's `--graphics`) overrides the answer; inside tmux or screen,
 * which pass neither protocol on, the default is cells.
 *
 * @module
 */
import type { CellPixels, GraphicsMode } from "./graphics.ts";

/** Sent before the device-attributes query (which every terminal answers). */
export const GRAPHICS_QUERY = "\x1b_Gi=31,s=1,v=1,a=q,t=d,f=24;AAAA\x1b\\\x1b[16t";

/** What the terminal said. */
export interface GraphicsReply {
  kitty: boolean;
  sixel: boolean;
  cell?: CellPixels;
}

/**
 * Collects the answers from the terminal's input.
 *
 * @example
 * ```ts
 * import { GraphicsProbe } from "./graphics_probe.ts";
 * const p = new GraphicsProbe();
 * p.feed("\x1b_Gi=31;OK\x1b\\\x1b[6;20;10t");
 * if (p.feed("\x1b[?62;4;22c")?.kitty !== true || p.reply.cell?.width !== 10) throw new Error();
 * ```
 */
export class GraphicsProbe {
  readonly reply: GraphicsReply = { kitty: false, sixel: false };
  #text = "";

  /** Feeds input; returns the reply once the device attributes came (the last answer). */
  feed(text: string): GraphicsReply | null {
    this.#text = (this.#text + text).slice(-4096);
    const s = this.#text;
    // deno-lint-ignore no-control-regex
    if (/\x1b_Gi=31;OK/.test(s)) this.reply.kitty = true;
    // deno-lint-ignore no-control-regex
    const cell = /\x1b\[6;(\d+);(\d+)t/.exec(s);
    if (cell && Number(cell[1]) > 0 && Number(cell[2]) > 0) {
      this.reply.cell = { width: Number(cell[2]), height: Number(cell[1]) };
    }
    // deno-lint-ignore no-control-regex
    const da = /\x1b\[\?([\d;]*)c/.exec(s);
    if (!da) return null;
    this.reply.sixel = da[1].split(";").includes("4");
    return this.reply;
  }
}

/**
 * The graphics mode to use: the override, else what the terminal answered
 * (`null`: it did not answer in time, or was not asked).
 *
 * @example
 * ```ts
 * import { chooseGraphics } from "./graphics_probe.ts";
 * if (chooseGraphics({}, { kitty: true, sixel: true }) !== "kitty") throw new Error();
 * if (chooseGraphics({ VIEWPORT_GRAPHICS: "cells" }, { kitty: true, sixel: false }) !== "cells") throw new Error();
 * if (chooseGraphics({ TMUX: "x" }, { kitty: false, sixel: true }) !== "cells") throw new Error();
 * ```
 */
export function chooseGraphics(
  env: Readonly<Record<string, string | undefined>>,
  reply: GraphicsReply | null,
): GraphicsMode {
  const forced = graphicsOverride(env);
  if (forced) return forced;
  if (env.TMUX || env.STY || env.TERM === "dumb") return "cells";
  if (!reply) return "cells";
  if (reply.kitty) return "kitty";
  if (reply.sixel) return "sixel";
  return "cells";
}

/** `VIEWPORT_GRAPHICS` when it names a mode (`auto` and unset: none). */
export function graphicsOverride(
  env: Readonly<Record<string, string | undefined>>,
): GraphicsMode | undefined {
  const v = env.VIEWPORT_GRAPHICS?.trim().toLowerCase();
  return v === "kitty" || v === "sixel" || v === "cells" ? v : undefined;
}
