/// <reference lib="dom" />
/**
 * examples/gallery.ts on every surface: as text in a pipe, in its own
 * terminal (ansi mode in a pseudo-terminal), in the terminal viewer, and in
 * the browser viewer (`viewport --web`) with the app in its own process.
 */
import { assert, assertEquals, assertMatch } from "../_util/assert.ts";
import { assertRestored, PtyApp, ROOT } from "../ansi/_pty.ts";
import { launchBrowser, screenshot } from "../web/_browser.ts";
import { spawnDeno, waitForLine } from "../web/_processes.ts";

const pty = { sanitizeResources: false, sanitizeOps: false };
const ANSI = { TERM: "xterm-256color", COLORTERM: "truecolor" };

const PIPE = `Widget gallery
[Controls]\tData\tTree
Name: Ada Lovelace
Email: ada@example
! needs a domain, like ada@example.com
Notes:
Analytical engine:
supports loops.
Fruit: Banana
[x] Subscribe to news
Wi-Fi: off
Size:
( ) Small
(•) Medium
( ) Large
Upload: 42%
Sync: working…
Indexing…
[Save]\t[Delete]\t[Rename]\t[Archive] (disabled)
tab next · ←→ tabs · space toggle · enter open · ctrl+t theme · q quit
Ready\tdark theme
`;

Deno.test("gallery in a pipe: the text projection", async () => {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "--quiet", "examples/gallery.ts"],
    cwd: ROOT,
    env: { VIEWPORT: "" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  assertEquals(new TextDecoder().decode(out.stderr), "");
  assertEquals(new TextDecoder().decode(out.stdout), PIPE);
  const tree = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "--quiet", "examples/gallery.ts", "--tab", "tree"],
    cwd: ROOT,
    stdout: "piped",
  }).output();
  const treeText = new TextDecoder().decode(tree.stdout);
  assert(
    treeText.includes(
      "\nProject\n▾ src\n  ▸ sdk\n  ▸ widgets\n    mod.ts\n▸ docs\n  README.md\nsrc\n3 entries\n",
    ),
    treeText,
  );
});

Deno.test({
  name: "gallery in its own terminal: tabs, keys, a dialog, and q restores the terminal",
  ...pty,
  async fn() {
    const app = new PtyApp("examples/gallery.ts", {
      cols: 100,
      rows: 34,
      env: { ...ANSI, VIEWPORT: "ansi:" },
      args: ["--frozen"],
    });
    try {
      // The whole first screen, not its top: under load it can be read between two writes.
      await app.waitFor((t) => t.includes("Widget gallery") && t.includes("│ Delete │"));
      const lines = await app.lines();
      assertEquals(lines[2].trimEnd(), "  Controls   Data   Tree");
      assert(lines.some((l) => l.includes("│ Save │ │ Delete │")), lines.join("\n"));
      assertEquals(app.screen.cell(3, 2).fg, "#89b4fa", "the selected tab in the accent colour");
      app.type("\x1b[C"); // right: the Data tab
      await app.waitFor("Photos (2 selected)");
      await app.waitFor((t) => t.includes("file-0000000.log"));
      app.type("\t\x1b[B\x1b[B "); // into the list: down twice to photo 2, Space selects it
      await app.waitFor("Photos (3 selected)");
      // Left in the list is the list's (it does not use it): the tab stays,
      // and so does the focus, through the label's change.
      app.type("\x1b[D\x1b[B\x1b[B "); // left, then down twice to photo 4, Space
      await app.waitFor("Photos (4 selected)");
      app.type("\x1b[Z\x1b[D"); // shift+tab: back to the tab row; left: the Controls tab
      // Both, not just the first: under load the screen can be read between two writes.
      await app.waitFor((t) => t.includes("Subscribe to news") && t.includes("│ Delete │"));
      const rows = await app.lines();
      const y = rows.findIndex((l) => l.includes("│ Delete │"));
      app.click(rows[y].indexOf("Delete"), y);
      await app.waitFor("Delete this file?");
      app.type("\x1b");
      await app.waitFor((t) => !t.includes("Delete this file?") && t.includes("Kept"));
      app.type("q");
      assertEquals((await app.exit()).exitCode, 0);
      assertRestored(app.raw);
      assertMatch(await app.text(), /Widget gallery/);
    } finally {
      app.dispose();
    }
  },
});

Deno.test({
  name: "gallery in the terminal viewer (viewport -- deno run examples/gallery.ts)",
  ...pty,
  async fn() {
    const app = new PtyApp("cli/viewport.ts", {
      cols: 100,
      rows: 36,
      env: ANSI,
      args: ["--", Deno.execPath(), "run", "-A", `${ROOT}examples/gallery.ts`, "--frozen"],
    });
    try {
      await app.waitFor("Widget gallery");
      await app.waitFor("Subscribe to news");
      app.type("\x1b[C");
      await app.waitFor("Photos (2 selected)");
      app.type("q");
      await app.waitFor((t) => !t.includes("Photos"));
      const exit = await app.exit();
      assertEquals(exit.exitCode, 0);
    } finally {
      app.dispose();
    }
  },
});

Deno.test("gallery in the browser viewer, the app in its own process", async () => {
  const dir = await Deno.makeTempDir();
  const socket = `unix://${dir}/vp.sock`;
  const viewer = spawnDeno([
    "run",
    "-A",
    "cli/viewport.ts",
    "--web=127.0.0.1:0",
    "--listen",
    socket,
  ]);
  let app: Deno.ChildProcess | undefined;
  const browser = await launchBrowser();
  try {
    const [, url] = await waitForLine(viewer, /browser viewer at (https?:\/\/\S+)/);
    app = spawnDeno(["run", "-A", "examples/gallery.ts"], {
      VIEWPORT: socket,
      VIEWPORT_SESSION: "gallery",
    });
    app.stderr.cancel();
    const context = await browser.newContext({ viewport: { width: 1100, height: 800 } });
    context.setDefaultTimeout(20_000);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    await page.goto(`${url}&session=gallery`);
    const session = page.locator(".vp-session");
    await session.getByRole("heading", { name: "Widget gallery" }).waitFor();
    await session.getByRole("checkbox", { name: "Subscribe to news" }).click();
    await session.locator("[role=checkbox][aria-checked=false]").waitFor();
    await session.getByRole("button", { name: "Save" }).click();
    await session.getByRole("status").filter({ hasText: "Saved Ada Lovelace" }).waitFor();
    await session.getByRole("button", { name: "Delete" }).click();
    await session.getByRole("dialog", { name: "Delete this file?" }).waitFor();
    await page.keyboard.press("Escape");
    await session.getByText("Kept").waitFor();
    await session.getByRole("tab", { name: "Data" }).click();
    await session.getByRole("grid").getByText("file-0000000.log").waitFor();
    await session.getByRole("columnheader", { name: "size" }).click();
    await session.locator("[role=columnheader][aria-sort=ascending]").waitFor();
    await screenshot(page, "gallery-data");
    await session.getByRole("tab", { name: "Tree" }).click();
    await session.getByRole("tree").focus();
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("ArrowRight");
    await session.getByRole("treeitem", { name: /connect\.ts/ }).waitFor();
    assertEquals(errors, []);
  } finally {
    await browser.close();
    for (const c of [app, viewer]) {
      if (!c) continue;
      try {
        c.kill("SIGTERM");
      } catch { /* gone */ }
      await c.status;
    }
    await Deno.remove(dir, { recursive: true });
  }
});
