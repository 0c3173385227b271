/**
 * Typed props of every node type: what the specification and docs/protocol.md
 * define, one name per meaning, so that a misspelt or mistyped prop is a
 * compile error. docs/sdk.md lists each prop with the viewers that read it.
 * Viewers also read a few older spellings on the wire (`fg`, `bg`, `strike`,
 * `text_size`, `secret`, `rgba`...); these types name only the ones to write.
 *
 * Lengths are in cells (terminal cells; in a browser a cell is `1ch` by
 * `1lh`), so one layout works on every surface. Image and canvas `width` and
 * `height` are pixels of the picture; `cols` and `rows` size them in cells.
 *
 * @module
 */
import type { NodeType } from "../protocol/messages/types.ts";
import type { SlotRef } from "../protocol/slot_ref.ts";

/**
 * A color: `"#rgb"`, `"#rrggbb"`, an ANSI color name (`"red"`,
 * `"bright_blue"`...), a theme role (`"accent"`, `"error"`, `"dim"`,
 * `"border"`, `"foreground"`, `"background"`), a 256-color index, or a slot
 * holding a color (`@2`). Slots re-theme live when the viewer redefines them.
 */
export type Color = string | number | SlotRef;

/** A length in cells, a percentage of the parent (`"50%"`), or `"auto"`. */
export type Length = number | `${number}%` | "auto";

/** `width` / `height`: a length, or `"grow"` to fill the parent along that axis. */
export type SizeValue = Length | "grow";

/**
 * Edges in cells (padding, margin): one number for all four sides, or as in
 * CSS `[vertical, horizontal]`, `[top, horizontal, bottom]`,
 * `[top, right, bottom, left]`.
 */
export type Edges = number | readonly number[];

/** Border styles. `"rounded"` is `"round"`. */
export type BorderStyle =
  | "single"
  | "round"
  | "rounded"
  | "double"
  | "bold"
  | "dashed"
  | "ascii"
  | "none";

/** A border: `true` (single), a style, or a style and a color. */
export type Border = boolean | BorderStyle | { style?: BorderStyle; color?: Color };

/** Alignment of children across a container's direction (`align`, `align_self`). */
export type Align = "start" | "center" | "end" | "stretch";

/** Distribution of children along a container's direction (`justify`). */
export type Justify =
  | "start"
  | "center"
  | "end"
  | "space_between"
  | "space_around"
  | "space_evenly";

/** Alignment of a text's lines. */
export type TextAlign = "left" | "center" | "right" | "start" | "end";

/**
 * How a text too long for its width shows: `"wrap"` (default) breaks lines;
 * the others keep one line and cut it at the end (`"truncate"` or `false`,
 * with `…`), the start, the middle, or without a mark (`"clip"`).
 */
export type TextWrap = "wrap" | "truncate" | "truncate_start" | "truncate_middle" | "clip" | false;

/** The standard text sizes (slots 80, 81, 82). */
export type TextSizeRole = "body" | "small" | "heading";

/** Roles a node may take (`role`): what it is to a screen reader. */
export type Role =
  | "alert"
  | "alertdialog"
  | "banner"
  | "button"
  | "cell"
  | "checkbox"
  | "columnheader"
  | "combobox"
  | "dialog"
  | "grid"
  | "gridcell"
  | "group"
  | "heading"
  | "list"
  | "listbox"
  | "listitem"
  | "log"
  | "main"
  | "menu"
  | "menuitem"
  | "navigation"
  | "note"
  | "option"
  | "progressbar"
  | "radio"
  | "radiogroup"
  | "region"
  | "row"
  | "rowgroup"
  | "rowheader"
  | "separator"
  | "status"
  | "switch"
  | "tab"
  | "table"
  | "tablist"
  | "tabpanel"
  | "toolbar"
  | "tree"
  | "treegrid"
  | "treeitem";

/** Image encodings for `data`; `"rgba"` is raw pixels, 4 bytes each, `width` x `height`. */
export type ImageFormat = "png" | "jpeg" | "gif" | "webp" | "svg" | "rgba";

/** Layout of a node inside its parent (every node is a flex item). */
export interface ItemLayoutProps {
  /** Grow factor along the parent's direction. */
  grow?: number;
  /** Shrink factor along the parent's direction (default 1). */
  shrink?: number;
  /** Size along the parent's direction before growing and shrinking. */
  basis?: Length;
  /** `flex: n` is `grow: n, basis: 0`. */
  flex?: number;
  min_width?: Length;
  max_width?: Length;
  min_height?: Length;
  max_height?: Length;
  /** This node's alignment across the parent's direction (overrides the parent's `align`). */
  align_self?: Align;
  margin?: Edges;
  margin_x?: number;
  margin_y?: number;
  margin_top?: number;
  margin_right?: number;
  margin_bottom?: number;
  margin_left?: number;
  padding?: Edges;
  padding_x?: number;
  padding_y?: number;
  padding_top?: number;
  padding_right?: number;
  padding_bottom?: number;
  padding_left?: number;
  /** `"absolute"` takes the node out of the flow, placed by `top`/`right`/`bottom`/`left`. */
  position?: "relative" | "absolute";
  top?: number;
  right?: number;
  bottom?: number;
  left?: number;
  /** `"none"` (or `hidden: true`) removes the node from layout and view. */
  display?: "flex" | "none";
  hidden?: boolean;
  /** `false`: laid out but not drawn. */
  visible?: boolean;
  border?: Border;
  border_color?: Color;
}

/** Width and height in cells (all nodes but image and canvas). */
export interface SizeProps {
  width?: SizeValue;
  height?: SizeValue;
}

/** How a container (box, scroll) lays out its children. */
export interface ContainerProps {
  /** Direction: `"column"` (default; the text projection joins with newlines) or `"row"` (tabs). */
  dir?: "row" | "column";
  /** Wrap children onto more lines. */
  wrap?: boolean;
  justify?: Justify;
  /** Children's alignment across `dir` (default `"stretch"`). */
  align?: Align;
  /** Space between children, in cells. */
  gap?: number;
  row_gap?: number;
  column_gap?: number;
}

/** Text style, inherited by the node's descendants. */
export interface TextStyleProps {
  color?: Color;
  /** `bold: true` is `weight: "bold"`. */
  bold?: boolean;
  weight?: "normal" | "bold" | number;
  dim?: boolean;
  italic?: boolean;
  underline?: boolean;
  strikethrough?: boolean;
  /** Swapped foreground and background (terminals). */
  inverse?: boolean;
  decoration?: "none" | "underline" | "line-through";
  /** Text size: a standard role, pixels (browsers), or a `text_size` slot (`@82`). */
  size?: TextSizeRole | number | SlotRef;
  /** Font family (browsers). */
  font?: string;
  /** A monospace font (browsers; terminals always are). */
  mono?: boolean;
}

/** Look of the node's own box. */
export interface VisualProps {
  background?: Color;
  /** 0 (invisible, still laid out) to 1; below 0.75 terminals draw dim. */
  opacity?: number;
  /** `"hidden"` clips children to the node's box. */
  overflow?: "visible" | "hidden";
  /** Corner radius in pixels (browsers; terminals use `border: "round"`). */
  border_radius?: number;
  /** A drop shadow (browsers): `true` or a CSS shadow. */
  shadow?: boolean | string;
}

/** What the node is to a screen reader and in the text projection. */
export interface AccessibilityProps {
  /** Replaces the node's text projection (and its accessible name). */
  text_alt?: string;
  role?: Role;
  /** The accessible name, when the visible text is not enough. */
  label?: string;
  /** A title: drawn in the border (terminals), a tooltip (browsers). */
  title?: string;
  /** Heading level (`role: "heading"`; default 2). */
  level?: number;
  /** Announce changes of this node's text (`"off"`: never). */
  live?: "polite" | "assertive" | "off";
  /** State, for widgets: said by screen readers. */
  checked?: boolean | "mixed";
  selected?: boolean;
  expanded?: boolean;
  /** The value is not valid (a field showing an error). */
  invalid?: boolean;
  /** A column header's sort order. */
  sort?: "ascending" | "descending" | "none" | "other";
  /** A progress bar's or slider's value (`value_text`: the same in words). */
  value_now?: number;
  value_text?: string;
  /** A separator's, slider's or list's direction. */
  orientation?: "horizontal" | "vertical";
  /** A list or grid where more than one item can be selected. */
  multiselectable?: boolean;
  /** Rows of a table or grid, all of them (not only the ones sent); the header row not counted. */
  row_count?: number;
}

/** Props a style map may hold (inline `style: {...}` or a `style` slot). */
export type StyleMap =
  & ItemLayoutProps
  & SizeProps
  & ContainerProps
  & TextStyleProps
  & VisualProps;

/** Props of every node type. */
export interface CommonProps
  extends ItemLayoutProps, TextStyleProps, VisualProps, AccessibilityProps {
  /** A style: a slot reference (`@12`), an inline map, or a list merged in order. */
  style?: SlotRef | StyleMap | readonly (SlotRef | StyleMap)[];
}

/** Taking keyboard focus. */
export interface FocusProps {
  /** Tab order: lower first; `-1` leaves the tab order (still focusable by pointer). */
  tab_index?: number;
  /** Take the focus when shown (the first such node wins). */
  autofocus?: boolean;
  /** `false`: never takes focus. */
  focusable?: boolean;
}

/** `box`: a flex container, and with `interactive` a button or a focus stop. */
export interface BoxProps extends CommonProps, SizeProps, ContainerProps, FocusProps {
  /** `"clickable"`: a button (focus ring, Enter and Space click); `"focusable"`: in tab order. */
  interactive?: "clickable" | "focusable";
  /** Traps focus and pointer inside while shown (dialogs). */
  modal?: boolean;
  /** Greys out and refuses clicks (say so in the text too). */
  disabled?: boolean;
}

/** `scroll`: a box that clips and scrolls; `schema` binds it to a data table. */
export interface ScrollProps extends CommonProps, SizeProps, ContainerProps, FocusProps {
  /** The data table shown below the children (a schema slot; a number is made a slot). */
  schema?: SlotRef | number;
  /** The full height of virtual content in cells (the app sends what is in view). */
  virtual_height?: number;
  /** Where the children start inside the virtual content, in cells. */
  virtual_offset?: number;
  /** `false` hides the scroll bar. */
  scrollbar?: boolean;
  /** `false`: a table does not follow new rows at its end. */
  follow?: boolean;
  /**
   * Scrolls to this many cells down when it changes (a cursor brought into
   * view); a position the viewer reported itself is not applied again.
   */
  scroll_top?: number;
}

/** A styled run of a text's `spans`. */
export interface Span extends TextStyleProps {
  text: string;
  style?: SlotRef | StyleMap;
  background?: Color;
  /**
   * This text draws a widget's state in characters (a check box's `[x]`, a
   * progress bar's blocks, a spinner's frame). A viewer that draws the
   * control itself from the widget's `role` and state may show its own
   * instead (the browser viewer does); terminals and the text projection
   * keep the characters. docs/widgets.md, "What viewers do for widgets".
   */
  decor?: boolean;
}

/** `text`: `content`, or styled `spans`. */
export interface TextProps extends CommonProps, SizeProps {
  content?: string;
  spans?: readonly Span[];
  wrap?: TextWrap;
  /** Alignment of the lines (`text_align` is read as it too). */
  align?: TextAlign;
  /**
   * This text draws a widget's state in characters (a check box's `[x]`, a
   * progress bar's blocks, a spinner's frame). A viewer that draws the
   * control itself from the widget's `role` and state may show its own
   * instead (the browser viewer does); terminals and the text projection
   * keep the characters. docs/widgets.md, "What viewers do for widgets".
   */
  decor?: boolean;
}

/** `input`: a text field the viewer edits (one line, or several with `multiline`). */
export interface InputProps extends CommonProps, SizeProps, FocusProps {
  /**
   * The field's value. Given, the input is controlled: each `render()` sends
   * it whenever the viewer shows something else (keep it in step with
   * `onChange`). Left out, the viewer keeps what the user types.
   */
  value?: string;
  placeholder?: string;
  /** Shows bullets instead of the characters. */
  password?: boolean;
  disabled?: boolean;
  /** Focusable and selectable, not editable. */
  readonly?: boolean;
  /**
   * Enter empties the field in the viewer at once, after sending the key
   * (with the text in its `value`): submits typed faster than the app
   * answers stay apart (chat lines, todo items).
   */
  clear_on_enter?: boolean;
  /** Several lines: Enter starts a new line (a `<textarea>` in browsers). */
  multiline?: boolean;
  /** A multi-line input's height in lines (default: as many as its value has). */
  rows?: number;
}

/** Picture size: pixels of the image or drawing, and its size in cells. */
export interface PictureSizeProps {
  /** Pixels across (the drawing's units; for `format: "rgba"` the pixel rows' length). */
  width?: number;
  /** Pixels down. */
  height?: number;
  /** Width in cells (default: from the picture). */
  cols?: Length;
  /** Height in cells. */
  rows?: Length;
}

/** `image`: bytes with a format; `alt` is what text and screen readers get. */
export interface ImageProps extends CommonProps, PictureSizeProps {
  data?: Uint8Array;
  format?: ImageFormat;
  alt?: string;
}

/** `canvas`: a drawing surface, drawn with `conn.draw`. */
export interface CanvasProps extends CommonProps, PictureSizeProps {
  mode?: "vector2d" | "webgpu";
  alt?: string;
  tab_index?: number;
}

/** `separator`: a line across (a column) or down (a row), in `color`. */
export interface SeparatorProps extends CommonProps, SizeProps {}

/** The props type of each node type. */
export interface NodePropsMap {
  box: BoxProps;
  scroll: ScrollProps;
  text: TextProps;
  input: InputProps;
  image: ImageProps;
  canvas: CanvasProps;
  separator: SeparatorProps;
}

/** The props of node type `T`. */
export type NodeProps<T extends NodeType = NodeType> = NodePropsMap[T];

/**
 * A `set` for node type `T`: any of its props; `null` removes one. For a
 * union of types (a node typed only as `VNode`), the props of any of them.
 */
export type SetProps<T extends NodeType> = T extends NodeType ? {
    [K in keyof NodePropsMap[T]]?: NodePropsMap[T][K] | null;
  }
  : never;

const ITEM = [
  "grow",
  "shrink",
  "basis",
  "flex",
  "min_width",
  "max_width",
  "min_height",
  "max_height",
  "align_self",
  "margin",
  "margin_x",
  "margin_y",
  "margin_top",
  "margin_right",
  "margin_bottom",
  "margin_left",
  "padding",
  "padding_x",
  "padding_y",
  "padding_top",
  "padding_right",
  "padding_bottom",
  "padding_left",
  "position",
  "top",
  "right",
  "bottom",
  "left",
  "display",
  "hidden",
  "visible",
  "border",
  "border_color",
] as const;
const TEXT_STYLE = [
  "color",
  "bold",
  "weight",
  "dim",
  "italic",
  "underline",
  "strikethrough",
  "inverse",
  "decoration",
  "size",
  "font",
  "mono",
] as const;
const VISUAL = ["background", "opacity", "overflow", "border_radius", "shadow"] as const;
const A11Y = [
  "text_alt",
  "role",
  "label",
  "title",
  "level",
  "live",
  "checked",
  "selected",
  "expanded",
  "invalid",
  "sort",
  "value_now",
  "value_text",
  "orientation",
  "multiselectable",
  "row_count",
] as const;
const COMMON = [...ITEM, ...TEXT_STYLE, ...VISUAL, ...A11Y, "style"] as const;
const SIZE = ["width", "height"] as const;
const CONTAINER = ["dir", "wrap", "justify", "align", "gap", "row_gap", "column_gap"] as const;
const FOCUS = ["tab_index", "autofocus", "focusable"] as const;
const PICTURE = ["width", "height", "cols", "rows"] as const;

/**
 * Every prop name of each node type, for docs and tests (kept equal to the
 * types above by a compile-time check in props_test.ts).
 *
 * @example
 * ```ts
 * import { PROP_NAMES } from "./props.ts";
 * import assert from "node:assert/strict";
 * assert.ok(PROP_NAMES.input.includes("placeholder"));
 * ```
 */
export const PROP_NAMES = {
  box: [...COMMON, ...SIZE, ...CONTAINER, ...FOCUS, "interactive", "modal", "disabled"],
  scroll: [
    ...COMMON,
    ...SIZE,
    ...CONTAINER,
    ...FOCUS,
    "schema",
    "virtual_height",
    "virtual_offset",
    "scrollbar",
    "follow",
    "scroll_top",
  ],
  text: [...COMMON, ...SIZE, "content", "spans", "wrap", "align", "decor"],
  input: [
    ...COMMON,
    ...SIZE,
    ...FOCUS,
    "value",
    "placeholder",
    "password",
    "disabled",
    "readonly",
    "clear_on_enter",
    "multiline",
    "rows",
  ],
  image: [...COMMON, ...PICTURE, "data", "format", "alt"],
  canvas: [...COMMON, ...PICTURE, "mode", "alt", "tab_index"],
  separator: [...COMMON, ...SIZE],
} as const satisfies Record<NodeType, readonly string[]>;
