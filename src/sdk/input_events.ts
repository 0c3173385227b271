/**
 * INPUT events as handlers receive them, one type per kind (spec 6.2), and the
 * handler props that take them. A handler gets the events of its kind from
 * its node and, bubbling, from the node's descendants.
 *
 * Key names are lower-case, modifiers joined by `+` in the order ctrl, alt,
 * shift, meta: `"enter"`, `"escape"`, `"tab"`, `"shift+tab"`, `"up"`,
 * `"pagedown"`, `"f5"`, `"ctrl+s"`, `"a"`, `"shift+a"`, `"space"`.
 *
 * @module
 */

/** A click, or Enter / Space on a focused clickable (`x`, `y` in the node; 0 from keys). */
export type ClickEvent = {
  type: "INPUT";
  kind: "click";
  target: number;
  x?: number;
  y?: number;
  /** 0 primary, 1 middle, 2 secondary. */
  button?: number;
};

/** The pointer moved over an interactive node; without `target` it left them all. */
export type HoverEvent = {
  type: "INPUT";
  kind: "hover";
  target?: number;
  x?: number;
  y?: number;
};

/** A node took (`focus`) or lost (`blur`) the keyboard focus. */
export type FocusChangeEvent = {
  type: "INPUT";
  kind: "focus" | "blur";
  target: number;
};

/**
 * A key the viewer did not use itself (typing into an input arrives as
 * `value_change` instead). `target` is the focused node.
 */
export type KeyEvent = {
  type: "INPUT";
  kind: "key";
  /** The key name (`"enter"`, `"ctrl+s"`, `"paste"` for a paste outside inputs). */
  key: string;
  target?: number;
  /** The character typed, when the key types one. */
  text?: string;
  /** The keybinding's action, when the key is bound in a `keybind` slot. */
  action?: string;
  /**
   * On an input: the field's text when the key was pressed. For `key:
   * "paste"` outside inputs: the pasted text.
   */
  value?: string;
};

/** An input's value changed in the viewer (docs/protocol.md, "Input values"). */
export type ValueChangeEvent = {
  type: "INPUT";
  kind: "value_change";
  target: number;
  /** The whole new value. */
  value: string;
  /** The viewer's edit counter for this input (absent from older viewers). */
  seq?: number;
  /** The `value_seq` of the app value this edit was made on. */
  base_seq?: number;
};

/** A scroll node scrolled (`scroll_top` in cells from the top of its content). */
export type ScrollEvent = {
  type: "INPUT";
  kind: "scroll";
  target: number;
  scroll_top: number;
};

/** A pointer on a canvas, in the canvas's units (its `width` x `height`). */
export type CanvasPointerEvent = {
  type: "INPUT";
  kind: "canvas_pointer";
  target: number;
  x?: number;
  y?: number;
  /** `"down"`, `"up"` or `"move"`. */
  action: string;
  button?: number;
};

/** A key pressed while a canvas has the focus (it gets every key but Tab). */
export type CanvasKeyEvent = {
  type: "INPUT";
  kind: "canvas_key";
  target: number;
  key: string;
};

/** Every INPUT event a handler can get. */
export type ViewportInputEvent =
  | ClickEvent
  | HoverEvent
  | FocusChangeEvent
  | KeyEvent
  | ValueChangeEvent
  | ScrollEvent
  | CanvasPointerEvent
  | CanvasKeyEvent;

/** Handlers a node may carry: one per INPUT kind. */
export interface Handlers {
  onClick?: (event: ClickEvent) => void;
  onHover?: (event: HoverEvent) => void;
  onFocus?: (event: FocusChangeEvent) => void;
  onBlur?: (event: FocusChangeEvent) => void;
  /**
   * A key while the node (or a node inside it) has the focus. Return `false`
   * for a key the node does not use: it then goes on to the nearest enclosing
   * node with an `onKey` (a list inside a dialog leaves Escape to the
   * dialog). Anything else (nothing, `true`) ends it there.
   */
  onKey?: (event: KeyEvent) => void | boolean;
  /** `value_change` of inputs. */
  onChange?: (event: ValueChangeEvent) => void;
  onScroll?: (event: ScrollEvent) => void;
  /** `canvas_pointer` of canvases. */
  onPointer?: (event: CanvasPointerEvent) => void;
  onCanvasKey?: (event: CanvasKeyEvent) => void;
}
