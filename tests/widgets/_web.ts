/**
 * Widget tests in the browser viewer: SDK apps in the test process whose
 * messages go straight into a {@linkcode ModelSessionSource} session (as a
 * viewer applies them) and which get what the page sends, served by the real
 * web server to headless Chromium.
 *
 * @module
 */
import type { Browser, BrowserContext, Page } from "playwright-core";
import type { Message } from "../../src/protocol/messages/types.ts";
import { ViewportModel } from "../../src/model/viewport_model.ts";
import { Connection } from "../../src/sdk/connection.ts";
import type { Link } from "../../src/sdk/link.ts";
import { ModelSessionSource } from "../../viewer/web/model_source.ts";
import { startWebServer, type WebServer } from "../../viewer/web/server.ts";
import { launchBrowser } from "../web/_browser.ts";

class SourceLink implements Link {
  constructor(readonly source: ModelSessionSource, readonly id: string) {}
  send(messages: Message[]): void {
    this.source.apply(this.id, ...messages);
  }
  flush(): Promise<void> {
    return Promise.resolve();
  }
  close(): Promise<void> {
    return Promise.resolve();
  }
}

/** A browser, a web server and in-process sessions. */
export class WebHarness {
  readonly source: ModelSessionSource;
  readonly server: WebServer;
  readonly browser: Browser;
  readonly context: BrowserContext;
  readonly errors: string[] = [];
  #conns: Connection[] = [];

  private constructor(
    source: ModelSessionSource,
    server: WebServer,
    browser: Browser,
    context: BrowserContext,
  ) {
    this.source = source;
    this.server = server;
    this.browser = browser;
    this.context = context;
  }

  static async start(
    viewport = { width: 900, height: 700 },
    colorScheme: "dark" | "light" = "dark",
  ): Promise<WebHarness> {
    const source = new ModelSessionSource({ maxRows: 2_000_000 });
    const server = await startWebServer({ source });
    const browser = await launchBrowser();
    const context = await browser.newContext({ viewport, colorScheme });
    context.setDefaultTimeout(10_000);
    return new WebHarness(source, server, browser, context);
  }

  /**
   * Starts an app as session `id` (its `setup` builds the UI on the
   * connection) and opens a page showing it.
   */
  async app(
    id: string,
    setup: (conn: Connection) => void,
  ): Promise<{ conn: Connection; page: Page }> {
    this.source.add(id, id);
    const conn = new Connection({
      mode: {
        type: "viewer",
        transport: { scheme: "unix", uri: "memory:", features: [], version: 1 },
      },
      model: new ViewportModel({ maxRows: 2_000_000 }),
      link: new SourceLink(this.source, id),
      env: { type: "ENV", display_width: 100, display_height: 40, display_unit: "cell" },
      interactive: true,
    });
    this.#conns.push(conn);
    this.source.onToApp((session, m) => {
      if (session === id && m.type === "INPUT") conn.receive(m);
    });
    setup(conn);
    await conn.flush();
    const page = await this.context.newPage();
    page.on("pageerror", (e) => this.errors.push(String(e)));
    await page.goto(`${this.server.url}&session=${encodeURIComponent(id)}`);
    await page.locator(".vp-session [data-vp-id]").first().waitFor();
    return { conn, page };
  }

  async close(): Promise<void> {
    for (const c of this.#conns) await c.close();
    await this.context.close();
    await this.browser.close();
    await this.server.close();
  }
}

/** The id of the element that has focus in `page` (null when none). */
export function focusedId(page: Page): Promise<string | null> {
  return page.evaluate(() => document.activeElement?.getAttribute("data-vp-id") ?? null);
}
