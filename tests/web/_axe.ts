/// <reference lib="dom" />
/**
 * axe-core (pinned in package.json) in a Playwright page: the script is
 * injected into the page (the context must bypass the page's CSP, which
 * allows only the viewer's own script), then run on the whole document.
 *
 * @module
 */
import axe from "axe-core";
import type { Page } from "playwright-core";

/** axe-core's browser script (the package carries its own source for injection). */
export function axeSource(): string {
  return axe.source;
}

/** One axe finding, short enough to print. */
export interface Finding {
  id: string;
  impact: string;
  help: string;
  nodes: string[];
}

/** Runs axe on `page`; returns the serious and critical violations. */
export async function seriousViolations(page: Page): Promise<Finding[]> {
  if (!(await page.evaluate(() => "axe" in globalThis))) {
    await page.addScriptTag({ content: axeSource() });
  }
  return await page.evaluate(async () => {
    // deno-lint-ignore no-explicit-any
    const axe = (globalThis as any).axe;
    const result = await axe.run(document, { resultTypes: ["violations"] });
    // deno-lint-ignore no-explicit-any
    return result.violations.filter((v: any) => v.impact === "serious" || v.impact === "critical")
      // deno-lint-ignore no-explicit-any
      .map((v: any) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        // deno-lint-ignore no-explicit-any
        nodes: v.nodes.slice(0, 5).map((n: any) => `${n.target.join(" ")}: ${n.failureSummary}`),
      }));
  });
}
