/**
 * The terminal viewer as a {@linkcode Surface}: `viewport --terminal -- APP`
 * in a private tmux server, keys typed as the bytes a terminal sends, the
 * screen read with capture-pane.
 */
import { keyBytes } from "../../src/testing/keys.ts";
import { denoRun, ROOT, Tmux } from "../ansi/_tmux.ts";
import type { Surface } from "./scenarios.ts";

/** A new terminal-viewer surface (80 x 24). */
export function terminalSurface(): Surface {
  let tmux: Tmux | null = null;
  const need = () => {
    if (!tmux) throw new Error("open() first");
    return tmux;
  };
  const at = async (text: string) => {
    const lines = (await need().screen()).split("\n");
    for (let y = 0; y < lines.length; y++) {
      const x = lines[y].indexOf(text);
      if (x >= 0) return { x, y };
    }
    throw new Error(`"${text}" is not on the screen:\n${lines.join("\n")}`);
  };
  return {
    name: "terminal",
    async open(page) {
      tmux = new Tmux();
      const app = `${Deno.execPath()} run -A ${ROOT}tests/frontends/scenario_app.ts ${page}`;
      await tmux.start(denoRun("cli/viewport.ts", {}, `--terminal -- ${app}`), 80, 24);
      await tmux.waitFor(`page ${page}`);
    },
    async press(key) {
      await need().type(keyBytes(key));
    },
    async type(text) {
      await need().type(text);
    },
    async click(text) {
      const { x, y } = await at(text);
      await need().click(x + 1, y);
    },
    async clickCanvas() {
      // The canvas sits two rows under the page's title line, inside the padding.
      const { y } = await at("page canvas");
      await need().click(4, y + 3);
    },
    async waitFor(text) {
      await need().waitFor(text);
    },
    async shows(text) {
      return (await need().screen()).includes(text);
    },
    async waitEnded() {
      await need().waitFor("(ended)");
    },
    async close() {
      await tmux?.kill();
      tmux = null;
    },
  };
}
