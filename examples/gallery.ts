/**
 * The widget gallery: every widget of `src/widgets/` in one app, in three
 * tabs (Controls, Data, Tree), with a status bar and key hints.
 *
 *   deno run -A examples/gallery.ts                    # in this terminal
 *   deno run -A examples/gallery.ts | cat              # as text
 *   deno task viewport --web -- deno run -A examples/gallery.ts
 *   deno run -A examples/gallery.ts --theme light --tab data
 *
 * Keys: Tab moves between widgets, ←/→ on the tab row switches tabs,
 * ctrl+t flips the theme (where the app owns it: its own terminal), q quits.
 *
 * @module
 */
import {
  applyTheme,
  button,
  checkbox,
  colors,
  column,
  type Connection,
  dataTable,
  defineApp,
  heading,
  keyHints,
  list,
  ListState,
  mount,
  type Mounted,
  progressBar,
  radioGroup,
  row,
  select,
  SelectState,
  spinner,
  splitPane,
  statusBar,
  TableState,
  tabs,
  text,
  textArea,
  textField,
  themes,
  toggleSwitch,
  type TreeItem,
  TreeState,
  treeView,
  type VNode,
} from "../src/mod.ts";

/** Command-line options of the gallery. */
export interface GalleryOptions {
  /** `dark` or `light` (applied where the app owns the theme). */
  theme?: "dark" | "light";
  /** The tab shown first. */
  tab?: "controls" | "data" | "tree";
  /** A fixed clock for pictures and tests (spinner and bar frames). */
  frozen?: boolean;
}

const TABS = ["Controls", "Data", "Tree"] as const;
const FRUITS = [
  { value: "apple", label: "Apple" },
  { value: "banana", label: "Banana" },
  { value: "cherry", label: "Cherry" },
  { value: "damson", label: "Damson" },
];
const SIZES = [
  { value: "s", label: "Small" },
  { value: "m", label: "Medium" },
  { value: "l", label: "Large" },
];

/** A million files, made up on demand (nothing is stored). */
const FILES = {
  length: 1_000_000,
  at: (i: number): unknown[] => [
    `file-${String(i).padStart(7, "0")}.log`,
    (i * 7919) % 5_000_000,
    1_700_000_000 + ((i * 104729) % 30_000_000),
    i % 7 === 0,
  ],
};

function tree(): TreeItem[] {
  const leaf = (label: string): TreeItem => ({ label });
  return [
    {
      label: "src",
      children: [
        { label: "sdk", children: ["connect.ts", "components.ts", "diff.ts"].map(leaf) },
        { label: "widgets", children: ["button.ts", "list.ts", "data_table.ts"].map(leaf) },
        leaf("mod.ts"),
      ],
    },
    { label: "docs", children: ["sdk.md", "widgets.md"].map(leaf) },
    leaf("README.md"),
  ];
}

/** Builds the gallery on `conn` (the app's `setup`); returns the mounted UI. */
export function gallery(conn: Connection, o: GalleryOptions = {}): Mounted {
  let theme = o.theme ?? "dark";
  const ownsTheme = conn.outputMode.type !== "viewer";
  if (ownsTheme) applyTheme(conn, themes[theme]);
  const s = {
    tab: Math.max(0, ["controls", "data", "tree"].indexOf(o.tab ?? "controls")),
    name: "Ada Lovelace",
    email: "ada@example",
    notes: "Analytical engine:\nsupports loops.",
    fruit: "banana" as string | undefined,
    size: "m",
    subscribe: true,
    wifi: false,
    progress: 0.42,
    pane: 31,
    saved: 0,
    last: "Ready",
  };
  const sel = new SelectState();
  const files = new ListState(
    Array.from({ length: 100_000 }, (_, i) => `photo-${String(i).padStart(6, "0")}.jpg`),
    { multiple: true, selected: [1, 3] },
  );
  const table = new TableState(
    [
      { name: "name", type: "string" },
      { name: "size", type: "uint64", format: "human_bytes" },
      { name: "modified", type: "timestamp" },
      { name: "hidden", type: "bool" },
    ],
    FILES,
  );
  const outline = new TreeState(tree());
  outline.setExpanded(outline.visible()[0].item, true);
  const emailProblem = () =>
    /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(s.email) ? undefined : "needs a domain, like ada@example.com";
  const frozen = o.frozen ?? false;

  // Side by side on a screen; one below the other as text.
  const controls = (): VNode =>
    (conn.interactive ? row : column)({ gap: 3, wrap: true }, [
      column({ gap: 1, width: 40 }, [
        textField({ label: "Name", value: s.name, onChange: (v) => s.name = v }),
        textField({
          label: "Email",
          value: s.email,
          error: emailProblem(),
          onChange: (v) => s.email = v,
        }),
        textArea({ label: "Notes", value: s.notes, rows: 3, onChange: (v) => s.notes = v }),
        select(sel, {
          label: "Fruit",
          value: s.fruit,
          options: FRUITS,
          onChange: (v) => s.fruit = v,
        }),
      ]),
      column({ gap: 1 }, [
        checkbox("Subscribe to news", { checked: s.subscribe, onChange: (v) => s.subscribe = v }),
        toggleSwitch("Wi-Fi", { on: s.wifi, onChange: (v) => s.wifi = v }),
        radioGroup({
          label: "Size",
          value: s.size,
          options: SIZES,
          horizontal: true,
          onChange: (v) => s.size = v,
        }),
        progressBar({ label: "Upload", value: s.progress, width: 20 }),
        progressBar({ label: "Sync", width: 22 }),
        spinner({ label: "Indexing…", frame: frozen ? 3 : undefined }),
        row({ gap: 1 }, [
          button("Save", {
            variant: "primary",
            onPress: () => {
              s.saved++;
              s.progress = Math.min(1, s.progress + 0.1);
              ui.toast(`Saved ${s.name}`, { kind: "success" });
            },
          }),
          button("Delete", {
            variant: "danger",
            onPress: async () => {
              const yes = await ui.confirm({
                title: "Delete this file?",
                message: "It cannot be brought back.",
                ok: "Delete",
                danger: true,
              });
              s.last = yes ? "Deleted" : "Kept";
              ui.refresh();
            },
          }),
          button("Rename", {
            variant: "plain",
            onPress: async () => {
              const name = await ui.prompt({
                title: "Rename",
                label: "New name",
                value: s.name,
                validate: (v) => v.trim() ? undefined : "a name cannot be empty",
              });
              if (name !== null) s.name = name;
              ui.refresh();
            },
          }),
          button("Archive", { disabled: true }),
        ]),
      ]),
    ]);
  const data = (): VNode =>
    splitPane(
      { size: s.pane, min: 20, onResize: (n) => s.pane = n },
      list(files, {
        label: `Photos (${files.selected.size} selected)`,
        height: 12,
        onActivate: (_, item) => {
          s.last = `Opened ${item}`;
        },
      }),
      dataTable(table, {
        label: "Files (1,000,000 rows; 1-4 or a click sorts)",
        height: 11,
        onActivate: (r) => {
          s.last = `Opened ${r[0]}`;
        },
      }),
    );
  const trees = (): VNode =>
    splitPane(
      { size: s.pane, min: 20, onResize: (n) => s.pane = n },
      treeView(outline, {
        label: "Project",
        height: 12,
        onActivate: (item) => {
          s.last = `Opened ${item.label}`;
        },
      }),
      column({ gap: 1, padding: [0, 1] }, [
        heading(outline.current()?.label ?? ""),
        text(
          outline.current()?.children
            ? `${outline.current()!.children!.length} entries`
            : "A file. Enter opens it.",
        ),
      ]),
    );
  const view = (): VNode =>
    column({
      padding: [0, 1],
      gap: 1,
      grow: 1,
      background: colors.background,
      color: colors.foreground,
    }, [
      heading("Widget gallery"),
      tabs(
        { labels: TABS, selected: s.tab, onChange: (i) => s.tab = i },
        s.tab === 0 ? controls() : s.tab === 1 ? data() : trees(),
      ),
      keyHints([
        { key: "tab", label: "next" },
        { key: "←→", label: "tabs" },
        { key: "space", label: "toggle" },
        { key: "enter", label: "open" },
        { key: "ctrl+t", label: "theme" },
        { key: "q", label: "quit", onPress: () => void conn.close() },
      ]),
      statusBar({
        left: s.last,
        center: s.saved ? `saved ${s.saved}×` : undefined,
        right: `${ownsTheme ? theme : viewerTheme(conn)} theme`,
      }),
    ]);
  const ui: Mounted = mount(conn, view, frozen ? { now: () => 0 } : {});
  // A browser says its theme in ENV (and again when the OS switches).
  conn.on("env", () => ui.refresh());
  conn.on("input", (e) => {
    if (e.kind !== "key") return;
    if (e.key === "q") void conn.close();
    if (e.key === "ctrl+t" && ownsTheme) {
      theme = theme === "dark" ? "light" : "dark";
      applyTheme(conn, themes[theme]);
    }
  });
  return ui;
}

/**
 * Dark or light: what the viewer says it shows (ENV `theme`: a browser that
 * follows the OS), else from the background it gave slot 0.
 */
function viewerTheme(conn: Connection): string {
  const said = conn.env?.theme;
  if (said === "dark" || said === "light") return said;
  const v = conn.model.slots.get(0)?.value;
  const m = typeof v === "string" ? /^#([0-9a-f]{6})$/i.exec(v) : null;
  if (!m) return "viewer's";
  const n = parseInt(m[1], 16);
  const light = ((n >> 16) & 255) * 0.3 + ((n >> 8) & 255) * 0.59 + (n & 255) * 0.11 > 128;
  return light ? "light" : "dark";
}

function parseArgs(args: string[]): GalleryOptions {
  const o: GalleryOptions = {};
  for (let i = 0; i < args.length; i++) {
    if (args[i] === "--theme" && (args[i + 1] === "light" || args[i + 1] === "dark")) {
      o.theme = args[++i] as "light" | "dark";
    } else if (args[i] === "--tab" && ["controls", "data", "tree"].includes(args[i + 1])) {
      o.tab = args[++i] as GalleryOptions["tab"];
    } else if (args[i] === "--frozen") o.frozen = true;
  }
  return o;
}

// Exported for tests (src/testing); it runs by itself only as the main module.
export default defineApp({
  name: "gallery",
  autoRun: import.meta.main,
  setup(conn) {
    gallery(conn, parseArgs(Deno.args));
  },
});
