/**
 * The renderer's mirror of the model's tree: one {@linkcode RNode} per model
 * node, each with its layout node, merged props, text and scroll state. Kept
 * in step incrementally: subtrees whose stamps did not move are skipped.
 *
 * @module
 */
import type { ModelNode } from "../../model/model_node.ts";
import { isSlotRef } from "../../protocol/slot_ref.ts";
import { imageOfProps, imageSize } from "../../media/image.ts";
import { type BorderChars, borderOf } from "./border.ts";
import { AT_MOST, FlexNode, remeasuresSame, UNDEF } from "./flex.ts";
import { defaultFlexStyle, type FlexStyle, parseFlexStyle, sameFlexStyle } from "./flex_style.ts";
import { type Pen, PEN_PROPS, type Styles } from "./style.ts";
import type { Rect } from "./rect.ts";
import { parseTextWrap, TextLayout, type TextRun } from "./text_layout.ts";
import { textWidth } from "./width.ts";

// In a module of its own: pixels.ts, which the scene uses, needs it too.
export type { Rect } from "./rect.ts";

/** The renderer's state for one model node. */
export class RNode {
  readonly model: ModelNode;
  // The shared default style until the scene parses the node's own.
  readonly flex: FlexNode = new FlexNode(DEFAULT_STYLE);
  children: RNode[] = [];
  parent: RNode | null = null;
  seenVersion = -1;
  seenSubtree = -1;
  seenEpoch = -1;
  /** Props merged with the node's style. */
  props: Record<string, unknown> = {};
  border: BorderChars | null = null;
  /** Text content (text nodes, image alt text). */
  text: TextLayout | null = null;
  /** The measure functions of `text`, made on first use. */
  textMeasure: FlexNode["measure"] = null;
  textMinContent: FlexNode["minContentWidth"] = null;
  /** Pens of the text's runs are resolved against this node's pen at paint time. */
  runStyles: (Record<string, unknown> | null)[] = NO_RUNS;
  /** Takes keyboard focus (box interactive, input, scroll). */
  focusable = false;
  clickable = false;
  tabIndex = 0;
  modal = false;
  /** Scroll state. */
  scrollTop = 0;
  /** Keep showing the end as content grows (set when scrolled to the bottom). */
  follow = true;
  /** The `scroll_top` the app last set (applied when it changes). */
  appScrollTop: number | undefined = undefined;
  /** `scroll_top`s lately reported to the app: an app echoing one of them is not obeyed. */
  reported: number[] = [];
  /** Where it was painted (cells on the frame), or null when not visible. */
  rect: Rect | null = null;
  /** The visible part of `rect` (after clipping by ancestors). */
  visible: Rect | null = null;
  /** Cached pen and the parent pen it was made from. */
  pen: Pen | null = null;
  penParent: Pen | null = null;
  penEpoch = -1;
  /** Cached pens of the text's runs (index 0: the node's pen, which they were made from). */
  runPens: Pen[] | null = null;
  runPensEpoch = -1;
  /** Not painted (`opacity: 0` or `visible: false`); still laid out. */
  hidden = false;
  /** Clips its children to its inner box (`overflow: "hidden"`). */
  clips = false;
  /** `text_align` (or `align`) of a text. */
  textAlign: unknown = undefined;

  constructor(model: ModelNode) {
    this.model = model;
    this.flex.data = this;
  }

  /** The node id. */
  get id(): number {
    return this.model.id;
  }
}

// Props that do not change a node's flex style (most of them style, behaviour or
// accessibility): a node with only these shares the default style.
// A Set: looked up for every prop of every updated node (a regex test cost more).
const NO_LAYOUT_KEYS: ReadonlySet<string> = new Set([
  ...PEN_PROPS,
  "content",
  "spans",
  "role",
  "text_alt",
  "interactive",
  "tab_index",
  "autofocus",
  "value",
  "value_seq",
  "placeholder",
  "password",
  "clear_on_enter",
  "disabled",
  "readonly",
  "alt",
  "title",
  "label",
  "level",
  "live",
  "checked",
  "selected",
  "expanded",
  "mono",
  "font",
  "id",
  "family",
  "font_family",
  "focusable",
  "invalid",
  "sort",
  "value_now",
  "value_text",
  "orientation",
  "multiselectable",
  "row_count",
  "scroll_top",
  "virtual_offset",
]);

/**
 * Keeps {@linkcode RNode}s in step with a model's tree.
 *
 * @example
 * ```ts
 * import { ViewportModel } from "../../model/viewport_model.ts";
 * import { Scene } from "./scene.ts";
 * import { Styles } from "./style.ts";
 * import assert from "node:assert/strict";
 * const model = new ViewportModel();
 * model.apply({ type: "TREE", root: { id: 1, type: "text", props: { content: "hi" } } });
 * const scene = new Scene(new Styles(model, "none"));
 * scene.sync();
 * assert.equal(scene.root?.text?.maxWidth, 2);
 * ```
 */
export class Scene {
  readonly styles: Styles;
  root: RNode | null = null;
  #nodes = new WeakMap<ModelNode, RNode>();
  /** Scroll nodes bound to schema rows: their row counts are read at layout time. */
  readonly tables: Set<RNode> = new Set();
  /** Changed since the last call to `takeStructureChanged` (focus order must be rebuilt). */
  structureChanged = true;
  /** Nodes that appeared with `autofocus: true`, or whose `autofocus` became true. */
  focusRequests: RNode[] = [];
  /**
   * @internal Updates that leave a node's size as it was keep its cached
   * layout, and updates of props this renderer does not read change nothing
   * (false: every update is made in full; tests compare the two).
   */
  keepLayouts = true;

  constructor(styles: Styles) {
    this.styles = styles;
  }

  /** The RNode of a model node, if it has been synced. */
  get(node: ModelNode): RNode | undefined {
    return this.#nodes.get(node);
  }

  /** The RNode of a live id. */
  byId(id: number): RNode | undefined {
    const n = this.styles.model.tree.get(id);
    return n ? this.#nodes.get(n) : undefined;
  }

  /** Brings the scene up to date with the model. */
  sync(): void {
    const root = this.styles.model.tree.root;
    if (!root) {
      if (this.root) this.structureChanged = true;
      this.root = null;
      return;
    }
    const rn = this.#visit(root, null);
    if (rn !== this.root) this.structureChanged = true;
    this.root = rn;
  }

  #visit(node: ModelNode, parent: RNode | null): RNode {
    let rn = this.#nodes.get(node);
    const epoch = this.styles.epoch;
    if (!rn) {
      rn = new RNode(node);
      this.#nodes.set(node, rn);
      this.structureChanged = true;
    } else if (rn.seenSubtree === node.subtree && rn.seenEpoch === epoch && rn.parent === parent) {
      return rn;
    }
    rn.parent = parent;
    if (rn.seenVersion !== node.version || rn.seenEpoch !== epoch) {
      this.#update(rn);
      rn.seenVersion = node.version;
    }
    const kids = node.children;
    const old = rn.children;
    if (kids.length === 0 && old.length === 0) {
      // A leaf stays a leaf: nothing to allocate.
      rn.seenSubtree = node.subtree;
      rn.seenEpoch = epoch;
      return rn;
    }
    let changed = kids.length !== old.length;
    const next: RNode[] = new Array(kids.length);
    for (let i = 0; i < kids.length; i++) {
      const c = this.#visit(kids[i], rn);
      next[i] = c;
      if (!changed && old[i] !== c) changed = true;
    }
    if (changed) {
      rn.children = next;
      rn.flex.setChildren(next.map((c) => c.flex));
      this.structureChanged = true;
    }
    rn.seenSubtree = node.subtree;
    rn.seenEpoch = epoch;
    return rn;
  }

  #update(rn: RNode): void {
    const node = rn.model;
    const styles = this.styles;
    // What the focus order depends on, to rebuild it only when that changes.
    const wasFocusable = rn.focusable, wasTab = rn.tabIndex, wasModal = rn.modal;
    const wasShown = rn.flex.style.display, wasAuto = rn.props.autofocus;
    const props = styles.merge(node.props);
    if (
      this.keepLayouts && rn.seenVersion !== -1 && rn.seenEpoch === styles.epoch &&
      "text_alt" in props && drawnAlike(rn.props, props)
    ) {
      // Only what this renderer does not draw changed (a data table row's
      // `text_alt`): nothing derived from the props changes.
      rn.props = props;
      return;
    }
    const oldStyle = rn.flex.style, oldText = rn.text, oldMeasure = rn.flex.measure;
    const wasScroll = rn.flex.scroll, oldVirtual = rn.flex.virtualHeight;
    const oldBar = rn.flex.scrollbar;
    rn.props = props;
    rn.pen = null;
    rn.runPens = null;
    // Read here once: paint would look them up on every node of every frame.
    rn.hidden = props.opacity === 0 || props.visible === false;
    rn.clips = props.overflow === "hidden";
    rn.textAlign = props.text_align ?? props.align;
    const type = node.type;
    rn.border = borderOf(props);
    if (type === "image" && rn.border === null && props.border !== false && !hasPixels(props)) {
      rn.border = borderOf({ border: "round" });
    }
    const flex = rn.flex;
    flex.style = layoutStyle(props, rn.border !== null, type);
    flex.measure = null;
    flex.minContentWidth = null;
    flex.scroll = type === "scroll";
    rn.text = null;
    rn.runStyles = NO_RUNS;
    rn.focusable = false;
    rn.clickable = false;
    rn.modal = props.modal === true;
    rn.tabIndex = typeof props.tab_index === "number" ? props.tab_index : 0;
    switch (type) {
      case "text":
        this.#setText(rn, textRuns(props, rn), parseTextWrap(props.wrap));
        break;
      case "input":
        rn.focusable = true;
        flex.measure = measureInput(rn);
        flex.minContentWidth = () => 1;
        break;
      case "image":
        if (hasPixels(props)) flex.measure = measurePixels(props);
        else this.#setText(rn, [{ text: imageAlt(props), pen: 0 }], "wrap");
        break;
      case "canvas":
        flex.measure = measureCanvas(props);
        flex.minContentWidth = () => 1;
        break;
      case "separator":
        flex.measure = (_w, _wm, _h, _hm, out) => {
          out[0] = 1;
          out[1] = 1;
        };
        break;
      case "scroll":
        rn.focusable = props.focusable !== false;
        flex.virtualHeight = typeof props.virtual_height === "number" ? props.virtual_height : 0;
        flex.scrollbar = props.scrollbar !== false;
        appScroll(rn, props.scroll_top);
        if (isSlotRef(props.schema)) this.tables.add(rn);
        else this.tables.delete(rn);
        break;
      case "box": {
        const i = props.interactive;
        rn.clickable = i === "clickable";
        rn.focusable = i === "clickable" || i === "focusable";
        break;
      }
    }
    if (props.focusable === false || rn.tabIndex < 0 && type !== "box") rn.focusable = false;
    // A text whose new content measures as the old one did (a list row's
    // next item, cut to the row) keeps its layout and its ancestors'.
    const text = rn.text as TextLayout | null;
    // A box whose colors or states changed keeps them too, and so does a
    // scroll node that only scrolled (`scroll_top`, `virtual_offset`).
    const keepsLayout = rn.seenVersion !== -1 && sameFlexStyle(oldStyle, flex.style) && (
      type === "box" ||
      type === "scroll" && wasScroll && oldVirtual === flex.virtualHeight &&
        oldBar === flex.scrollbar ||
      type === "text" && oldText !== null && text !== null && oldMeasure === flex.measure &&
        (sameLine(oldText, text) ||
          oldText.minContentWidth === text.minContentWidth &&
            remeasuresSame(flex, oneLine(oldText) && oneLine(text)))
    );
    if (!keepsLayout || !this.keepLayouts) flex.markDirty();
    if (
      rn.focusable !== wasFocusable || rn.tabIndex !== wasTab || rn.modal !== wasModal ||
      flex.style.display !== wasShown || props.autofocus !== wasAuto
    ) this.structureChanged = true;
    if (props.autofocus === true && wasAuto !== true) this.focusRequests.push(rn);
  }

  #setText(rn: RNode, runs: TextRun[], wrap: ReturnType<typeof parseTextWrap>): void {
    rn.text = new TextLayout(runs, wrap);
    // Made once per node: a list's rows change their text on every scroll step.
    rn.flex.measure = rn.textMeasure ??= (w, wm, _h, _hm, out) => {
      const lines = rn.text!.lines(wm === UNDEF ? Infinity : w);
      let max = 0;
      for (const l of lines) if (l.width > max) max = l.width;
      out[0] = wm === AT_MOST ? Math.min(max, w) : max;
      out[1] = lines.length;
    };
    rn.flex.minContentWidth = rn.textMinContent ??= () => rn.text!.minContentWidth;
  }
}

/**
 * True when two texts measure alike at every width without asking: one line
 * each that does not wrap, of single-cell characters, as many (a data table's
 * rows, padded to the columns).
 */
function sameLine(a: TextLayout, b: TextLayout): boolean {
  return a.simple !== null && b.simple !== null && a.mode === b.mode && a.mode !== "wrap" &&
    a.simple.length === b.simple.length;
}

/** One line of single-cell characters that does not wrap. */
function oneLine(t: TextLayout): boolean {
  return t.simple !== null && t.mode !== "wrap";
}

/** True when `a` and `b` differ at most in props this renderer never reads. */
function drawnAlike(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  for (const k in b) if (a[k] !== b[k] && k !== "text_alt") return false;
  for (const k in a) if (!(k in b) && k !== "text_alt") return false;
  return true;
}

function textRuns(props: Record<string, unknown>, rn: RNode): TextRun[] {
  if (typeof props.content === "string") return [{ text: props.content, pen: 0 }];
  const spans = props.spans;
  const runs: TextRun[] = [];
  if (Array.isArray(spans)) {
    for (const s of spans) {
      if (!s || typeof s !== "object" || typeof s.text !== "string") continue;
      const style = (s as { style?: unknown }).style;
      const own = { ...(s as Record<string, unknown>) };
      delete own.text;
      let pen = 0;
      if (style !== undefined || Object.keys(own).length > 0) {
        if (rn.runStyles === NO_RUNS) rn.runStyles = [];
        rn.runStyles.push(own);
        pen = rn.runStyles.length;
      }
      runs.push({ text: s.text, pen });
    }
  }
  return runs;
}

/**
 * The app moved a scroll node (`scroll_top`, in rows): obeyed when the value
 * changed and is not an echo of a position this renderer reported, so an app
 * that renders the position it was told does not pull the view back while the
 * user keeps scrolling.
 */
function appScroll(rn: RNode, value: unknown): void {
  if (typeof value !== "number" || !Number.isFinite(value) || value === rn.appScrollTop) return;
  rn.appScrollTop = value;
  if (rn.reported.includes(value)) return;
  rn.reported.length = 0;
  rn.scrollTop = Math.max(0, Math.round(value));
  rn.follow = false;
}

function hasPixels(props: Record<string, unknown>): boolean {
  const src = imageOfProps(props);
  return src !== undefined && imageSize(src) !== undefined;
}

function imageAlt(props: Record<string, unknown>): string {
  return typeof props.alt === "string" && props.alt !== "" ? props.alt : "image";
}

const DEFAULT_STYLE: FlexStyle = defaultFlexStyle();
// Text runs without styles of their own (most texts) share this empty list.
const NO_RUNS: (Record<string, unknown> | null)[] = [];

function layoutStyle(props: Record<string, unknown>, border: boolean, type: string): FlexStyle {
  // Most text nodes have no layout props: share one default style.
  if (!border) {
    let any = false;
    for (const k in props) {
      // A text's `wrap` is how its lines break (its TextLayout), not flex-wrap.
      if (!NO_LAYOUT_KEYS.has(k) && !(k === "wrap" && type === "text")) {
        any = true;
        break;
      }
    }
    if (!any) return DEFAULT_STYLE;
  }
  if (type === "canvas" || type === "image") {
    // Their width and height are pixels of the drawing; cells come from cols/rows.
    const { width: _w, height: _h, ...rest } = props;
    return parseFlexStyle({ ...rest, width: props.cols, height: props.rows }, border);
  }
  return parseFlexStyle(props, border);
}

function measureInput(rn: RNode): FlexNode["measure"] {
  return (w, wm, _h, _hm, out) => {
    const p = rn.props;
    const v = typeof p.value === "string" ? p.value : "";
    const ph = typeof p.placeholder === "string" ? p.placeholder : "";
    let want = Math.max(20, textWidth(ph) + 1);
    const lines = p.multiline === true ? v.split("\n") : [v];
    for (const l of lines) want = Math.max(want, textWidth(l) + 1);
    out[0] = wm === UNDEF ? want : Math.min(w, want);
    out[1] = p.multiline === true
      ? (typeof p.rows === "number" && p.rows > 0 ? Math.floor(p.rows) : lines.length)
      : 1;
  };
}

function measureCanvas(props: Record<string, unknown>): FlexNode["measure"] {
  const pw = typeof props.width === "number" && props.width > 0 ? props.width : 400;
  const ph = typeof props.height === "number" && props.height > 0 ? props.height : 200;
  return (w, wm, h, hm, out) => {
    // Braille dots are 2 x 4 per cell and cells about twice as tall as wide:
    // keep the drawing's aspect ratio.
    // Its natural width is modest; offered at most some width it takes no more
    // than that (a drawing scales, so it must not push its siblings out), and
    // `grow` still widens it into free space.
    const natural = Math.min(80, Math.ceil(pw / 5));
    const cols = wm === UNDEF
      ? natural
      : wm === AT_MOST
      ? Math.max(1, Math.min(natural, Math.floor(w)))
      : Math.max(1, Math.floor(w));
    let rows = Math.max(1, Math.round((cols * ph) / pw / 2));
    if (hm !== UNDEF && h === h) rows = Math.min(rows, Math.max(1, Math.floor(h)));
    out[0] = cols;
    out[1] = rows;
  };
}

function measurePixels(props: Record<string, unknown>): FlexNode["measure"] {
  const [pw, ph] = imageSize(imageOfProps(props)!)!;
  return (w, wm, _h, _hm, out) => {
    // Half blocks: one cell shows one pixel column and two pixel rows.
    const cols = wm === UNDEF ? pw : Math.max(1, Math.min(pw, Math.floor(w)));
    out[0] = cols;
    out[1] = Math.max(1, Math.ceil((ph * cols) / pw / 2));
  };
}
