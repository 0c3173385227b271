/**
 * Makes the README's pictures: the dashboard example in the terminal viewer
 * (run in a PTY, its bytes replayed through a headless xterm.js, the screen
 * drawn as HTML) and in the browser viewer, both shot with headless Chromium;
 * docs/widgets.md's: examples/gallery.ts in its own terminal and in the
 * browser viewer, dark and light, on its Controls and Data tabs; and
 * docs/web.md's: dashboard, form, files and the gallery in the browser viewer,
 * light, dark and at phone size (`_web_pictures.ts`).
 *
 *   deno run -A scripts/screenshots.ts [OUT_DIR] [--gallery] [--web[=APP,APP]]
 *     (default docs/images; --gallery: only docs/widgets.md's; --web: only
 *      docs/web.md's, or those of the named examples)
 *
 * Needs Chromium (installed with apt-get when missing and running as root).
 *
 * @module
 */
import { launchBrowser } from "../tests/web/_browser.ts";
import { spawnDeno as spawn, waitForLine } from "../tests/web/_processes.ts";
import { webPictures } from "./_web_pictures.ts";
import xterm from "@xterm/headless";
import unicode11 from "@xterm/addon-unicode11";

const ROOT = new URL("../", import.meta.url).pathname;
const COLS = 100, ROWS = 30;

// A dark theme's 16 colors (normal, then bright); 16-255 follow xterm's cube and gray ramp.
// deno-fmt-ignore
const BASE16 = [
  "#1e1e2e", "#f38ba8", "#a6e3a1", "#f9e2af", "#89b4fa", "#f5c2e7", "#94e2d5", "#bac2de",
  "#585b70", "#f38ba8", "#a6e3a1", "#f9e2af", "#89b4fa", "#f5c2e7", "#94e2d5", "#a6adc8",
];
const FG = "#cdd6f4", BG = "#11111b";

function palette(n: number): string {
  if (n < 16) return BASE16[n];
  if (n >= 232) {
    const v = (8 + (n - 232) * 10).toString(16).padStart(2, "0");
    return `#${v}${v}${v}`;
  }
  const i = n - 16;
  const level = (c: number) => (c === 0 ? 0 : 55 + c * 40).toString(16).padStart(2, "0");
  return `#${level(Math.floor(i / 36))}${level(Math.floor(i / 6) % 6)}${level(i % 6)}`;
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The visible screen of `term` as HTML spans with its colors and weights. */
function screenHtml(term: InstanceType<typeof xterm.Terminal>): string {
  const buf = term.buffer.active;
  const rows: string[] = [];
  for (let y = 0; y < term.rows; y++) {
    const line = buf.getLine(buf.viewportY + y);
    let html = "";
    for (let x = 0; line && x < term.cols; x++) {
      const c = line.getCell(x)!;
      if (c.getWidth() === 0) continue;
      const color = (isDefault: boolean, isRgb: boolean, v: number, dflt: string) =>
        isDefault ? dflt : isRgb ? "#" + v.toString(16).padStart(6, "0") : palette(v);
      let fg = color(c.isFgDefault(), c.isFgRGB(), c.getFgColor(), FG);
      let bg = color(c.isBgDefault(), c.isBgRGB(), c.getBgColor(), "transparent");
      if (c.isInverse()) [fg, bg] = [bg === "transparent" ? BG : bg, fg];
      const style = [`color:${fg}`, `background:${bg}`];
      if (c.isBold()) style.push("font-weight:bold");
      if (c.isDim()) style.push("opacity:0.6");
      if (c.isItalic()) style.push("font-style:italic");
      if (c.isUnderline()) style.push("text-decoration:underline");
      // A fixed box per cell: fallback fonts (Braille, CJK) have other advances.
      const w = `;display:inline-block;width:${c.getWidth()}ch`;
      html += `<span style="${style.join(";")}${w}">${escapeHtml(c.getChars() || " ")}</span>`;
    }
    rows.push(html);
  }
  return `<!doctype html><meta charset="utf-8"><style>
body{margin:0;background:${BG}}
pre{margin:0;padding:16px;font:15px/1.25 "DejaVu Sans Mono",monospace;color:${FG};
background:${BG};width:${COLS}ch}
</style><pre>${rows.join("\n")}</pre>`;
}

/** Runs `args` (after `deno run -A`) in a PTY; returns its screen as HTML after `waitMs`. */
async function ptyHtml(
  args: string[],
  size = { cols: COLS, rows: ROWS },
  waitMs = 4000,
): Promise<string> {
  const { default: nodePty } = await import("@lydell/node-pty");
  const term = new xterm.Terminal({ ...size, allowProposedApi: true });
  term.loadAddon(new unicode11.Unicode11Addon());
  term.unicode.activeVersion = "11";
  const env: Record<string, string> = {
    ...Deno.env.toObject(),
    TERM: "xterm-256color",
    COLORTERM: "truecolor",
  };
  delete env.NO_COLOR;
  delete env.VIEWPORT;
  const pty = nodePty.spawn(Deno.execPath(), ["run", "-A", ...args], { ...size, cwd: ROOT, env });
  pty.onData((d: string) => term.write(d));
  await new Promise((r) => setTimeout(r, waitMs));
  await new Promise<void>((r) => term.write("", r));
  const html = screenHtml(term);
  pty.kill("SIGTERM");
  await new Promise((r) => setTimeout(r, 300));
  term.dispose();
  return html;
}

/** Runs the terminal viewer with the dashboard in a PTY; returns its screen as HTML. */
function terminalHtml(): Promise<string> {
  const deno = Deno.execPath();
  return ptyHtml(["cli/viewport.ts", "--", deno, "run", "-A", "examples/dashboard.ts"]);
}

const GALLERY = { cols: 100, rows: 34 };
const THEMES = ["dark", "light"] as const;
const TABS = ["controls", "data"] as const;

/**
 * The gallery pictures: its own terminal (ansi mode in a PTY) and the browser
 * viewer (`viewport --web --theme T`, the app in its own process), per theme
 * and tab, as `gallery-{terminal,browser}-TAB-THEME.png`.
 */
async function galleryShots(
  out: string,
  browser: Awaited<ReturnType<typeof launchBrowser>>,
): Promise<void> {
  for (const theme of THEMES) {
    for (const tab of TABS) {
      console.error(`gallery, ${tab} tab, ${theme}: its own terminal...`);
      const html = await ptyHtml(
        ["examples/gallery.ts", "--frozen", "--theme", theme, "--tab", tab],
        GALLERY,
        3000,
      );
      const page = await browser.newPage({ deviceScaleFactor: 1 });
      await page.setContent(html);
      await page.locator("pre").screenshot({ path: `${out}/gallery-terminal-${tab}-${theme}.png` });
      await page.close();
    }
  }
  for (const theme of THEMES) {
    for (const tab of TABS) {
      // A viewer per picture: it keeps ended sessions, which would show as tabs.
      console.error(`gallery, ${tab} tab, ${theme}: the browser viewer...`);
      const dir = await Deno.makeTempDir();
      const socket = `unix://${dir}/vp.sock`;
      const viewer = spawn(
        ["run", "-A", "cli/viewport.ts", "--web=127.0.0.1:0", "--theme", theme, "--listen", socket],
      );
      let app: Deno.ChildProcess | undefined;
      try {
        const [, url] = await waitForLine(viewer, /browser viewer at (https?:\/\/\S+)/);
        app = spawn(["run", "-A", "examples/gallery.ts", "--frozen", "--tab", tab], {
          VIEWPORT: socket,
          VIEWPORT_SESSION: "gallery",
        });
        app.stderr.cancel();
        // The page follows the OS where the slots hold the defaults (--theme dark).
        const web = await browser.newPage({
          viewport: { width: 1100, height: 760 },
          colorScheme: theme,
        });
        await web.goto(`${url}&session=gallery`);
        await web.locator(".vp-session").getByText("Widget gallery").waitFor({ timeout: 20_000 });
        await web.waitForTimeout(1500);
        await web.screenshot({ path: `${out}/gallery-browser-${tab}-${theme}.png` });
        await web.close();
      } finally {
        for (const c of [app, viewer]) {
          if (!c) continue;
          try {
            c.kill("SIGTERM");
          } catch { /* gone */ }
          await c.status;
        }
        await Deno.remove(dir, { recursive: true }).catch(() => {});
      }
    }
  }
}

async function main(): Promise<void> {
  const onlyGallery = Deno.args.includes("--gallery");
  const webOnly = Deno.args.find((a) => a === "--web" || a.startsWith("--web="));
  const out = Deno.args.find((a) => !a.startsWith("--")) ?? `${ROOT}docs/images`;
  await Deno.mkdir(out, { recursive: true });
  const browser = await launchBrowser();
  const dir = await Deno.makeTempDir();
  const socket = `unix://${dir}/vp.sock`;
  const children: Deno.ChildProcess[] = [];
  try {
    if (webOnly) {
      await webPictures(out, browser, webOnly.slice("--web=".length).split(",").filter(Boolean));
      return;
    }
    await galleryShots(out, browser);
    if (onlyGallery) return;
    await webPictures(out, browser);
    console.error("terminal viewer: running the dashboard in a PTY...");
    const page = await browser.newPage({ deviceScaleFactor: 1 });
    await page.setContent(await terminalHtml());
    await page.locator("pre").screenshot({ path: `${out}/terminal.png` });
    console.error(`wrote ${out}/terminal.png`);

    console.error("browser viewer: dashboard and counter as two sessions...");
    const viewer = spawn(["run", "-A", "cli/viewport.ts", "--web=127.0.0.1:0", "--listen", socket]);
    children.push(viewer);
    const [, url] = await waitForLine(viewer, /browser viewer at (https?:\/\/\S+)/);
    for (const name of ["dashboard", "counter"]) {
      const app = spawn(["run", "-A", `examples/${name}.ts`], {
        VIEWPORT: socket,
        VIEWPORT_SESSION: name,
      });
      app.stderr.cancel();
      children.push(app);
    }
    const web = await browser.newPage({
      viewport: { width: 1100, height: 700 },
      colorScheme: "dark",
    });
    // The dashboard's tab, whichever app attached first (the picture shows it).
    await web.goto(`${url}&session=dashboard`);
    await web.locator(".vp-session").getByText("Dashboard").first().waitFor({ timeout: 20_000 });
    await web.waitForTimeout(3000);
    await web.screenshot({ path: `${out}/browser.png` });
    console.error(`wrote ${out}/browser.png`);
  } finally {
    for (const c of children.reverse()) {
      try {
        c.kill("SIGTERM");
      } catch { /* gone */ }
      await c.status;
    }
    await browser.close();
    await Deno.remove(dir, { recursive: true });
  }
}

if (import.meta.main) await main();
