/**
 * The fleet end to end: 100 apps in 4 processes and 2 viewer processes meet on
 * one real nats-server. Both viewers show every session; a click in either
 * reaches its app; a viewer killed and started again gets all 100 back without
 * the apps reconnecting to it; the server killed and started again, everyone
 * reconnects and no row is lost (rows appended while the server was down
 * included). Every wait polls a condition with a generous limit: nothing is timed.
 */
import { assert, assertEquals } from "../_util/assert.ts";
import { startNatsServer } from "./_nats_server.ts";

const APP_PROCESSES = 4;
const APPS_PER_PROCESS = 25;
const ALL = APP_PROCESSES * APPS_PER_PROCESS;
const INITIAL_ROWS = 10;
const WAIT_MS = 240_000;

const VIEWER = new URL("./fixtures/nats_viewer.ts", import.meta.url).pathname;
const APPS = new URL("./fixtures/nats_fleet_apps.ts", import.meta.url).pathname;

interface SessionStatus {
  id: string;
  state: string;
  rows: number;
  label: string;
}

/** A child that takes command lines and answers JSON lines. */
class LineProcess {
  readonly #child: Deno.ChildProcess;
  readonly #reader: ReadableStreamDefaultReader<string>;
  readonly #writer: WritableStreamDefaultWriter<Uint8Array>;
  #buffered = "";

  constructor(file: string, args: string[]) {
    this.#child = new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", file, ...args],
      stdin: "piped",
      stdout: "piped",
      stderr: "inherit",
    }).spawn();
    this.#reader = this.#child.stdout.pipeThrough(new TextDecoderStream()).getReader();
    this.#writer = this.#child.stdin.getWriter();
  }

  async line(): Promise<Record<string, unknown>> {
    for (;;) {
      const nl = this.#buffered.indexOf("\n");
      if (nl >= 0) {
        const text = this.#buffered.slice(0, nl);
        this.#buffered = this.#buffered.slice(nl + 1);
        return JSON.parse(text);
      }
      const { value, done } = await this.#reader.read();
      if (done) throw new Error("the process ended");
      this.#buffered += value;
    }
  }

  async ask(command: string): Promise<Record<string, unknown>> {
    await this.#writer.write(new TextEncoder().encode(`${command}\n`));
    return await this.line();
  }

  async kill(): Promise<void> {
    try {
      this.#child.kill("SIGKILL");
    } catch { /* already gone */ }
    await this.#child.status;
    await this.#reader.cancel().catch(() => {});
    await this.#writer.abort().catch(() => {});
  }
}

async function until(what: string, check: () => Promise<string | null>): Promise<void> {
  const deadline = Date.now() + WAIT_MS;
  let last: string | null = "not checked yet";
  while (Date.now() < deadline) {
    last = await check();
    if (last === null) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${what}: still not so after ${WAIT_MS} ms (${last})`);
}

async function sessions(viewer: LineProcess): Promise<SessionStatus[]> {
  return (await viewer.ask("status")).sessions as SessionStatus[];
}

/** Null when `viewer` shows all apps live with `rows` rows each, else what differs. */
async function showsAll(viewer: LineProcess, rows: number): Promise<string | null> {
  const list = await sessions(viewer);
  const good = list.filter((s) => s.state === "live" && s.rows === rows && /^fleet-/.test(s.id));
  if (good.length === ALL && list.length === ALL) return null;
  const bad = list.find((s) => s.state !== "live" || s.rows !== rows);
  return `${good.length} of ${ALL} live with ${rows} rows, ${list.length} listed` +
    (bad ? `; e.g. ${JSON.stringify(bad)}` : "");
}

async function labelIs(viewer: LineProcess, id: string, label: string): Promise<string | null> {
  const s = (await sessions(viewer)).find((x) => x.id === id);
  return s?.label === label && s.state === "live" ? null : `${id}: ${JSON.stringify(s)}`;
}

Deno.test({
  name: "nats fleet: 100 apps in 4 processes, 2 viewers, viewer and server restarts",
  // Child processes and the server are ended in `finally`.
  sanitizeResources: false,
  sanitizeOps: false,
}, async () => {
  const server = await startNatsServer();
  const uri = `nats://${server.hostPort}/fleet`;
  const started: LineProcess[] = [];
  const start = async (file: string, args: string[]) => {
    const p = new LineProcess(file, args);
    started.push(p);
    assert((await p.line()).ready === true, "the process did not start");
    return p;
  };
  try {
    const viewers = [await start(VIEWER, [uri]), await start(VIEWER, [uri])];
    const apps: LineProcess[] = [];
    for (let p = 0; p < APP_PROCESSES; p++) {
      apps.push(
        await start(APPS, [uri, String(p), String(APPS_PER_PROCESS), String(INITIAL_ROWS)]),
      );
    }
    for (const [i, v] of viewers.entries()) {
      await until(`viewer ${i} shows every session`, () => showsAll(v, INITIAL_ROWS));
    }

    // A click in either viewer reaches the app, and both viewers show the result.
    assertEquals((await viewers[0].ask("click fleet-1-3")).ok, true);
    assertEquals((await viewers[1].ask("click fleet-2-7")).ok, true);
    for (const v of viewers) {
      await until("the click from viewer 0 shows", () => labelIs(v, "fleet-1-3", "clicks: 1"));
      await until("the click from viewer 1 shows", () => labelIs(v, "fleet-2-7", "clicks: 1"));
    }

    // Viewer 0 dies and comes back: all 100 sessions return, state included.
    await viewers[0].kill();
    viewers[0] = await start(VIEWER, [uri]);
    await until(
      "the restarted viewer shows every session",
      () => showsAll(viewers[0], INITIAL_ROWS),
    );
    await until(
      "the restarted viewer has the click",
      () => labelIs(viewers[0], "fleet-1-3", "clicks: 1"),
    );
    await until(
      "the other viewer still shows every session",
      () => showsAll(viewers[1], INITIAL_ROWS),
    );

    // The server dies; rows are appended while it is down; it comes back.
    await server.kill();
    for (const a of apps) assertEquals((await a.ask("rows 5")).rows, INITIAL_ROWS + 5);
    await server.restart();
    for (const [i, v] of viewers.entries()) {
      await until(
        `viewer ${i} shows every session with every row after the server restart`,
        () => showsAll(v, INITIAL_ROWS + 5),
      );
    }
    // Input still reaches apps after all that.
    assertEquals((await viewers[1].ask("click fleet-1-3")).ok, true);
    for (const v of viewers) {
      await until("a click after the restarts shows", () => labelIs(v, "fleet-1-3", "clicks: 2"));
    }
  } finally {
    await Promise.all(started.map((p) => p.kill()));
    await server.stop();
  }
});
