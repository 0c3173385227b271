/// <reference lib="dom" />
/**
 * The browser client's entry point: the page shell (session list, status
 * line, live region, the session's area) and the wiring between the
 * connection and the session view. Bundled by `build.ts`.
 *
 * @module
 */
import type { ErrorMessage, InputMessage } from "../../../src/protocol/messages/types.ts";
import { encodeMessage } from "../../../src/protocol/wire.ts";
import { AudioOut } from "./audio.ts";
import { Connection } from "./connection.ts";
import { watchFacts } from "./facts.ts";
import { SessionList, type SessionSummary } from "./session_list.ts";
import { SessionView } from "./session_view.ts";
import {
  markState,
  type PageState,
  shownState,
  StateBar,
  stateText,
  VIEWER_STOPPED,
} from "./session_state.ts";

const params = new URLSearchParams(location.search);
const token = params.get("token") ?? "";
let current: string | null = params.get("session");
let view: SessionView | null = null;

const header = document.createElement("header");
header.className = "vp-bar";
const status = document.createElement("div");
status.className = "vp-status";
status.setAttribute("role", "status");
const area = document.createElement("div");
area.className = "vp-area";
const live = document.createElement("div");
live.className = "vp-live";
live.setAttribute("aria-live", "polite");
live.setAttribute("aria-atomic", "true");
const list = new SessionList((id) => conn.send(JSON.stringify({ type: "select", session: id })));
// Browsers play sound only after a user gesture: this line says so while it matters.
const soundNote = document.createElement("div");
soundNote.className = "vp-sound-note";
soundNote.setAttribute("role", "status");
soundNote.hidden = true;
header.append(list.element, status, soundNote);
document.body.append(header, area, live);

const audio = new AudioOut((text) => {
  soundNote.textContent = text ?? "";
  soundNote.hidden = text === null;
}, (code, message) => send({ type: "ERROR", code, message }));

let announceTimer: ReturnType<typeof setTimeout> | undefined;
function announce(text: string): void {
  clearTimeout(announceTimer);
  // Coalesce bursts: screen readers only need the settled text.
  announceTimer = setTimeout(() => live.textContent = text, 150);
}

function send(message: InputMessage | ErrorMessage): void {
  conn.send(encodeMessage(message));
}

function setStatus(text: string): void {
  status.textContent = text;
  status.hidden = text === "";
}

/** The session area's size in cells (1ch x 1lh of the session's font). */
function areaCells(): { width: number; height: number } | null {
  const probe = document.createElement("div");
  probe.className = "vp-session";
  probe.style.cssText = "position:absolute;visibility:hidden;width:10ch;height:10lh;flex:none";
  area.append(probe);
  const cw = probe.offsetWidth / 10, lh = probe.offsetHeight / 10;
  probe.remove();
  if (!(cw > 0 && lh > 0)) return null;
  return {
    width: Math.max(1, Math.floor(area.clientWidth / cw)),
    height: Math.max(1, Math.floor(area.clientHeight / lh)),
  };
}

let sizeTimer: ReturnType<typeof setTimeout> | undefined;
/** Tells the viewer the region's size (debounced while the window is resized). */
function reportSize(delay = 200): void {
  clearTimeout(sizeTimer);
  sizeTimer = setTimeout(() => {
    const size = view && areaCells();
    if (size) conn.send(JSON.stringify({ type: "resize", ...size }));
  }, delay);
}
addEventListener("resize", () => reportSize());

function setTitle(id: string, title: string | undefined): void {
  document.title = `${title || id} - Viewport`;
}

// --- what is live: the page's link, each session's state (session_state.ts) ---

let pageState: PageState = "live";
let viewerStopped = false;
/** Each session's state and title from the last session list. */
const sessions = new Map<string, SessionSummary>();
const bar = new StateBar(() => {
  if (current !== null) conn.send(JSON.stringify({ type: "close", session: current }));
});
area.before(bar.element);

/** Puts the states on the page: body, the shown session, the tabs, the note. */
function showState(): void {
  markState(document.body, pageState);
  for (const [id, s] of sessions) list.mark(id, shownState(pageState, s.state));
  const own = current === null ? undefined : sessions.get(current);
  const shown = view ? shownState(pageState, own ? own.state : "ended") : pageState;
  if (view) markState(view.element, shown, true);
  const title = own?.title || current || "The app";
  const text = pageState === "disconnected" && viewerStopped
    ? VIEWER_STOPPED
    : view || pageState !== "live"
    ? stateText(shown, title)
    : "";
  // A session whose app is gone can be closed (the viewer forgets it).
  bar.show(shown, text, view !== null && pageState === "live" && shown !== "live", title);
}

function attach(id: string, title: string | undefined): void {
  view?.dispose();
  view = new SessionView(id, area, {
    send,
    announce,
    audio: (m) => audio.handle(m),
    live: () => view?.element.dataset.state === "live",
  });
  current = id;
  list.select(id);
  setTitle(id, title);
  const url = new URL(location.href);
  url.searchParams.set("session", id);
  history.replaceState(null, "", url);
  setStatus("");
  showState();
  reportSize(0);
}

function detach(): void {
  view?.dispose();
  view = null;
  // Another session takes the page, if there is one.
  const next = [...sessions.keys()].find((id) => id !== current);
  if (next) conn.send(JSON.stringify({ type: "select", session: next }));
  else setStatus("No app is connected. Apps that connect to the viewer show up here.");
  showState();
}

function wsUrl(path: string, ws: boolean): string {
  const url = new URL(path, location.href);
  if (ws) url.protocol = location.protocol === "https:" ? "wss:" : "ws:";
  url.search = "";
  url.searchParams.set("token", token);
  return url.href;
}

const conn = new Connection(
  () => {
    const url = new URL(wsUrl("ws", true));
    if (current) url.searchParams.set("session", current);
    return url.href;
  },
  () => wsUrl("alive", false),
  {
    frame: (bytes) => view?.receive(bytes),
    control: (msg) => {
      if (msg.type === "pong" && typeof msg.t === "number") pong(msg.t);
      else if (msg.type === "sessions" && Array.isArray(msg.sessions)) {
        const list_ = msg.sessions as SessionSummary[];
        list.update(list_);
        sessions.clear();
        for (const s of list_) sessions.set(String(s.id), s);
        const shown = list_.find((s) => s.id === current);
        if (shown && view) setTitle(shown.id, shown.title);
        if (!view) setStatus(list.size === 0 ? "Waiting for an app to connect…" : "");
        showState();
      } else if (msg.type === "attach" && typeof msg.session === "string") {
        attach(msg.session, typeof msg.title === "string" ? msg.title : undefined);
      } else if (msg.type === "detach" && msg.session === current) {
        sessions.delete(String(msg.session));
        detach();
      }
    },
    status: (link) => {
      viewerStopped = link === "stopped" || (viewerStopped && link !== "open");
      pageState = link === "open"
        ? "live"
        : link === "refused"
        ? "refused"
        : viewerStopped
        ? "disconnected"
        : "reconnecting";
      showState();
      // The viewer forgets a tab's facts when its socket closes: tell it again.
      if (link === "open") {
        measureLatency();
        reportFocus(true);
      }
    },
  },
);

// --- the display's facts for the app's ENV, and the round trip to the viewer ---

let latency: number | undefined;
const pings = new Map<number, number>();
let rtts: number[] = [];
function measureLatency(): void {
  rtts = [];
  ping();
}
function ping(): void {
  const t = performance.now();
  pings.set(t, t);
  conn.send(JSON.stringify({ type: "ping", t }));
}
function pong(t: number): void {
  if (!pings.delete(t)) return;
  rtts.push(performance.now() - t);
  if (rtts.length < 3) return ping();
  // The median of three: one slow turn of either event loop does not count.
  latency = [...rtts].sort((a, b) => a - b)[1];
  facts.resend();
}
setInterval(measureLatency, 30_000);
const facts = watchFacts((f) => conn.send(JSON.stringify({ type: "env", ...f })), () => latency);

// Whether the user looks at this page: the app hears REGION focus and blur.
let focused: boolean | null = null;
function reportFocus(again = false): void {
  const now = document.hasFocus() && document.visibilityState === "visible";
  if (now === focused && !again) return;
  focused = now;
  conn.send(JSON.stringify({ type: "focus", focused: now }));
}
addEventListener("focus", () => reportFocus());
addEventListener("blur", () => reportFocus());
document.addEventListener("visibilitychange", () => reportFocus());

// Keys while the page itself has the focus go to the app, as in a terminal;
// Tab from the page's own controls follows the page's tab order (tab_order.ts).
document.addEventListener("keydown", (e) => {
  if (!view || view.element.contains(e.target as Node)) return;
  const onPage = e.target === document.body || e.target === document.documentElement;
  if (onPage || e.key === "Tab") view.pageKey(e);
});

// A handle for tests, benchmarks and curious users in the console.
Object.assign(globalThis, {
  viewport: {
    get view() {
      return view;
    },
    get session() {
      return current;
    },
    get state() {
      return pageState;
    },
    audio,
    get facts() {
      return facts.facts;
    },
    get latency() {
      return latency;
    },
  },
});
