/** The embedded ANSI renderer as a {@linkcode Surface}: the test driver (src/testing). */
import { type AppDriver, openApp } from "../../src/testing/mod.ts";
import { scenarioPage } from "./scenario_app.ts";
import type { Surface } from "./scenarios.ts";

/** A new ANSI surface (80 x 24). */
export function ansiSurface(): Surface {
  let app: AppDriver | null = null;
  const need = () => {
    if (!app) throw new Error("open() first");
    return app;
  };
  return {
    name: "ansi",
    async open(page) {
      app = await openApp(scenarioPage(page), { size: { columns: 80, rows: 24 } });
      await app.waitFor(`page ${page}`);
    },
    press: (key) => need().press(key),
    type: (text) => need().type(text),
    click: (text) => need().getByText(text, { exact: true }).click(),
    clickCanvas: () => need().getById(70).click(),
    async waitFor(text) {
      await need().waitFor(text);
    },
    shows: (text) => Promise.resolve(need().screen().text.includes(text)),
    async waitEnded() {
      // The embedded renderer belongs to the app: the program ends with it.
      const a = need();
      for (let i = 0; i < 200 && a.exit === null; i++) await new Promise((r) => setTimeout(r, 50));
      if (a.exit === null) throw new Error("the app did not end");
    },
    async close() {
      await app?.close().catch(() => {});
      app = null;
    },
  };
}
