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

function attach(id: string, title: string | undefined): void {
  view?.dispose();
  view = new SessionView(id, area, { send, announce, audio: (m) => audio.handle(m) });
  current = id;
  list.select(id);
  setTitle(id, title);
  const url = new URL(location.href);
  url.searchParams.set("session", id);
  history.replaceState(null, "", url);
  // A session whose app already ended is still shown, marked so.
  setStatus(ended.get(id) ?? "");
  reportSize(0);
}

/** "TITLE ended." for sessions whose app ended, from the last session list. */
const ended = new Map<string, string>();

const conn = new Connection(() => {
  const url = new URL("ws", location.href);
  url.protocol = location.protocol === "https:" ? "wss:" : "ws:";
  url.search = "";
  url.searchParams.set("token", token);
  if (current) url.searchParams.set("session", current);
  return url.href;
}, {
  frame: (bytes) => view?.receive(bytes),
  control: (msg) => {
    if (msg.type === "pong" && typeof msg.t === "number") pong(msg.t);
    else if (msg.type === "sessions" && Array.isArray(msg.sessions)) {
      const sessions = msg.sessions as SessionSummary[];
      list.update(sessions);
      const shown = sessions.find((s) => s.id === current);
      if (shown && view) setTitle(shown.id, shown.title);
      if (!view) setStatus(list.size === 0 ? "Waiting for an app to connect…" : "");
      // An app that ended stays on show, marked so, until the user leaves.
      ended.clear();
      for (const s of sessions) {
        if (s.state === "ended") ended.set(s.id, `${s.title || s.id} ended.`);
      }
      if (view && shown) setStatus(ended.get(shown.id) ?? "");
    } else if (msg.type === "attach" && typeof msg.session === "string") {
      attach(msg.session, typeof msg.title === "string" ? msg.title : undefined);
    } else if (msg.type === "detach" && msg.session === current) {
      view?.dispose();
      view = null;
      setStatus(`Session ${current} ended.`);
    }
  },
  status: (open) => {
    setStatus(open ? "" : "Disconnected from the viewer; reconnecting…");
    // The viewer forgets a tab's facts when its socket closes: tell it again.
    if (open) measureLatency();
  },
});

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

// A handle for tests, benchmarks and curious users in the console.
Object.assign(globalThis, {
  viewport: {
    get view() {
      return view;
    },
    get session() {
      return current;
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
