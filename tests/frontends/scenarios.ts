/**
 * One list of front-end scenarios, run against every front end (hono-style:
 * one conformance suite, swappable implementations behind one small
 * interface): the embedded ANSI renderer (the test driver), the terminal
 * viewer (`viewport --terminal` in tmux) and the browser viewer
 * (`viewport --web` in Chromium). Every scenario acts as a person would and
 * checks what the screen shows; the app (scenario_app.ts) writes what it
 * received on its `log:` line.
 *
 * @module
 */

/** A front end, driven as a person drives it. */
export interface Surface {
  /** `ansi`, `terminal` or `browser`. */
  readonly name: string;
  /** Starts the scenario app on `page` and waits for it to show. */
  open(page: string): Promise<void>;
  /** Presses one key, by its Viewport name (`tab`, `shift+tab`, `ctrl+s`, `end`). */
  press(key: string): Promise<void>;
  /** Types characters. */
  type(text: string): Promise<void>;
  /** Clicks the node showing exactly `text`. */
  click(text: string): Promise<void>;
  /** Presses and releases the pointer on the page's canvas. */
  clickCanvas(): Promise<void>;
  /** Waits until the screen shows `text`. */
  waitFor(text: string): Promise<void>;
  /** True when the screen shows `text` now. */
  shows(text: string): Promise<boolean>;
  /** Waits until the front end shows the session ended (its own way). */
  waitEnded(): Promise<void>;
  /** Stops the app and the front end. */
  close(): Promise<void>;
}

/** One scenario. */
export interface Scenario {
  readonly name: string;
  /** The scenario app's page. */
  readonly page: string;
  run(ui: Surface): Promise<void>;
}

/** True once the screen shows `text`, polling for at most `ms`. */
async function showsWithin(ui: Surface, text: string, ms: number): Promise<boolean> {
  const end = performance.now() + ms;
  do {
    if (await ui.shows(text)) return true;
    await new Promise((r) => setTimeout(r, 50));
  } while (performance.now() < end);
  return false;
}

/** Tab order from `tab_index` (inputs too): first, second, third; Shift+Tab goes back. */
const focusOrder: Scenario = {
  name: "focus order",
  page: "focus",
  async run(ui) {
    // A terminal gives the first stop the focus at start (silently), a page
    // starts with none: Tab until the last stop, then walk the order back.
    for (let i = 0; i < 4 && !(await ui.shows("log: focus third")); i++) {
      await ui.press("tab");
      await showsWithin(ui, "log: focus third", 1500);
    }
    await ui.waitFor("log: focus third");
    await ui.press("shift+tab");
    await ui.waitFor("log: focus second");
    await ui.press("shift+tab");
    await ui.waitFor("log: focus first");
    await ui.press("tab");
    await ui.waitFor("log: focus second");
    await ui.press("shift+tab");
    await ui.waitFor("log: focus first");
  },
};

/** A modal box takes the focus (its autofocus node) and keeps Tab inside. */
const modalTrap: Scenario = {
  name: "modal trap",
  page: "modal",
  async run(ui) {
    await ui.click("Open");
    await ui.waitFor("Yes");
    // The focus is inside at its autofocus node (No), or moves in with Tab.
    await ui.press("tab");
    await ui.waitFor("log: focus yes");
    await ui.press("tab");
    await ui.waitFor("log: focus no");
    await ui.press("tab");
    await ui.waitFor("log: focus yes");
    await ui.press("enter");
    await ui.waitFor("log: answer yes");
  },
};

/** A modal's autofocus node has the focus as soon as the modal shows, before any key. */
const modalAutofocus: Scenario = {
  name: "modal autofocus",
  page: "modal",
  async run(ui) {
    await ui.click("Open");
    await ui.waitFor("Yes");
    await ui.waitFor("log: focus no");
    await ui.press("enter"); // on No: nothing answers, the focus stays in the modal
    await ui.press("shift+tab");
    await ui.waitFor("log: focus yes");
  },
};

/**
 * A list in a tab panel: the list keeps the arrow keys it does not use (Left
 * does not switch tabs) and the focus while its label changes; shift+tab goes
 * back to the tab row, where Left switches tabs.
 */
const nestedWidgets: Scenario = {
  name: "list in tabs",
  page: "widgets",
  async run(ui) {
    // The list has the focus from the start (autofocus).
    await ui.press("space");
    await ui.waitFor("log: tab 1 selected 1");
    await ui.press("down");
    await ui.press("space");
    await ui.waitFor("Photos (2 selected)");
    await ui.press("left");
    await ui.waitFor("last left");
    await ui.press("down");
    await ui.press("space");
    await ui.waitFor("log: tab 1 selected 3");
    await ui.press("shift+tab");
    await ui.press("left");
    await ui.waitFor("log: tab 0");
    await ui.waitFor("the controls");
  },
};

/** A `keybind` slot turns its key into a key event with the action; other keys arrive as keys. */
const keybindings: Scenario = {
  name: "keybinding actions",
  page: "keys",
  async run(ui) {
    await ui.press("ctrl+s");
    await ui.waitFor("log: key ctrl+s action save");
    await ui.press("x");
    await ui.waitFor("log: key x");
    await ui.press("down");
    await ui.waitFor("log: key down");
  },
};

/** Typing into a `clear_on_enter` input; each Enter submits what was typed. */
const typing: Scenario = {
  name: "input typing",
  page: "typing",
  async run(ui) {
    await ui.type("one");
    await ui.press("enter");
    await ui.type("two");
    await ui.press("enter");
    await ui.waitFor("log: submitted one,two");
  },
};

/** A focused scroll scrolls with its keys and tells the app. */
const scrolling: Scenario = {
  name: "scrolling",
  page: "scroll",
  async run(ui) {
    await ui.press("pagedown");
    await ui.waitFor("log: scrolled down");
  },
};

/** A virtual scroll reports rows; the app shows the rows at its offset. */
const virtualScroll: Scenario = {
  name: "virtual scroll",
  page: "virtual",
  async run(ui) {
    await ui.press("end");
    await ui.waitFor("log: top far");
    // The rows near the end of the range (the last 5 of 1,000 in a terminal;
    // a page whose scroll is taller than asked stops a few rows earlier).
    await ui.waitFor("row 9");
  },
};

/** Pointer presses on a canvas reach the app. */
const canvasInput: Scenario = {
  name: "canvas input",
  page: "canvas",
  async run(ui) {
    await ui.clickCanvas();
    await ui.waitFor("log: pointer up");
  },
};

/** An app that ends is shown ended. */
const sessionEnd: Scenario = {
  name: "session end",
  page: "end",
  async run(ui) {
    await ui.click("End");
    await ui.waitEnded();
  },
};

/** Every scenario, in the order they run. */
export const SCENARIOS: readonly Scenario[] = [
  focusOrder,
  modalTrap,
  modalAutofocus,
  nestedWidgets,
  keybindings,
  typing,
  scrolling,
  virtualScroll,
  canvasInput,
  sessionEnd,
];
