/**
 * Driving the sessions of a viewer someone else started: connect to its
 * `--listen` URI as a control connection (the viewer must run with
 * `--allow-control`), get every session mirrored, and drive each with the same
 * {@linkcode AppDriver} as a test. The viewer logs every action.
 *
 * @module
 */
import { ViewportModel } from "../model/viewport_model.ts";
import type { Message } from "../protocol/messages/types.ts";
import { decodeFrame, encodeMessage } from "../protocol/wire.ts";
import { connect, type Transport } from "../transport/mod.ts";
import { AppDriver, type DriverOptions } from "./driver.ts";
import type { AppExit, DriverLink, Size } from "./link.ts";

/** A viewer's session as its list says. */
export interface ViewerSession {
  id: string;
  title?: string;
  state: string;
  width: number;
  height: number;
}

class Mirror {
  readonly model = new ViewportModel();
  info: ViewerSession;
  listeners = new Set<() => void>();
  rejections: string[] = [];
  gone = false;
  driver: AppDriver | null = null;
  constructor(info: ViewerSession) {
    this.info = info;
  }
  notify(): void {
    for (const l of this.listeners) l();
  }
}

/**
 * A control connection to a running viewer.
 *
 * @example
 * ```ts ignore
 * // Not run as a doc test: needs a viewer already running with a control socket.
 * import { joinViewer } from "./join.ts";
 * const viewer = await joinViewer("unix:///tmp/vp.sock");
 * const app = viewer.driver(viewer.list()[0].id)!;
 * await app.getByText("+1").click();
 * await viewer.close();
 * ```
 */
export class ViewerControl {
  readonly #transport: Transport;
  readonly #mirrors = new Map<string, Mirror>();
  readonly #options: DriverOptions;
  #current: Mirror | null = null;
  #listed = false;
  #ready: Promise<void>;
  #resolveReady!: () => void;
  readonly done: Promise<void>;
  /** Errors the viewer sent that were about no session (refused requests). */
  readonly errors: string[] = [];
  #closed = false;

  constructor(transport: Transport, options: DriverOptions = {}) {
    this.#transport = transport;
    this.#options = options;
    this.#ready = new Promise((r) => this.#resolveReady = r);
    this.done = this.#read();
  }

  /** Resolves once the first session list has arrived. */
  ready(): Promise<void> {
    return this.#ready;
  }

  async #read(): Promise<void> {
    try {
      await this.#transport.send(encodeMessage({ type: "REGION", action: "control" }));
      for await (const frame of this.#transport.frames()) {
        let msg: Message;
        try {
          msg = decodeFrame(frame);
        } catch (err) {
          this.errors.push(String((err as Error).message ?? err));
          continue;
        }
        this.#take(msg);
      }
    } catch (err) {
      this.errors.push(String((err as Error)?.message ?? err));
    } finally {
      this.#closed = true;
      for (const m of this.#mirrors.values()) {
        m.gone = true;
        m.notify();
      }
      this.#resolveReady();
    }
  }

  #take(msg: Message): void {
    if (msg.type === "REGION" && msg.action === "sessions") return this.#list(msg.sessions);
    if (msg.type === "REGION" && msg.action === "mirror") {
      const id = String(msg.session);
      let m = this.#mirrors.get(id);
      if (!m) this.#mirrors.set(id, m = new Mirror({ id, state: "live", width: 80, height: 24 }));
      if (msg.reset === true) m.model.reset();
      this.#current = m;
      m.notify();
      return;
    }
    if (msg.type === "ERROR") {
      const text = `${msg.code}: ${msg.message}`;
      if (this.#current) this.#current.rejections.push(text);
      else this.errors.push(text);
      if (msg.code === "unauthorized") this.errors.push(text);
      return;
    }
    if (!this.#current || msg.type === "ENV" || msg.type === "REGION") return;
    try {
      this.#current.model.apply(msg);
    } catch (err) {
      this.#current.rejections.push(`${msg.type}: ${(err as Error).message}`);
    }
    this.#current.notify();
  }

  #list(raw: unknown): void {
    const seen = new Set<string>();
    for (const s of Array.isArray(raw) ? raw : []) {
      if (!s || typeof s !== "object" || typeof s.id !== "string") continue;
      const info: ViewerSession = {
        id: s.id,
        state: String(s.state ?? "live"),
        width: Number(s.width) || 80,
        height: Number(s.height) || 24,
      };
      if (typeof s.title === "string") info.title = s.title;
      seen.add(info.id);
      let m = this.#mirrors.get(info.id);
      if (!m) this.#mirrors.set(info.id, m = new Mirror(info));
      m.info = info;
      m.gone = false;
      m.notify();
    }
    for (const [id, m] of this.#mirrors) {
      if (seen.has(id)) continue;
      m.gone = true;
      m.info = { ...m.info, state: "closed" };
      m.notify();
      this.#mirrors.delete(id);
    }
    if (!this.#listed) {
      this.#listed = true;
      this.#resolveReady();
    }
  }

  /** The viewer's sessions now. */
  list(): ViewerSession[] {
    return [...this.#mirrors.values()].map((m) => ({ ...m.info }));
  }

  /** True when the viewer has a session `id`. */
  has(id: string): boolean {
    return this.#mirrors.has(id);
  }

  /** A driver for session `id` (one per session), or undefined when there is none. */
  driver(id: string): AppDriver | undefined {
    const m = this.#mirrors.get(id);
    if (!m) return undefined;
    m.driver ??= new AppDriver(this.#link(m), {
      ...this.#options,
      size: { columns: m.info.width, rows: m.info.height },
      strict: false,
    });
    return m.driver;
  }

  /** Asks the viewer to close session `id` (its app is asked to end). */
  async closeSession(id: string): Promise<void> {
    await this.#send({ type: "REGION", action: "close", session: id });
  }

  /** Leaves the viewer (its sessions go on). */
  async close(): Promise<void> {
    await this.#transport.close();
    await this.done;
  }

  async #send(m: Message): Promise<boolean> {
    if (this.#closed) return false;
    try {
      await this.#transport.send(encodeMessage(m));
      return true;
    } catch {
      return false;
    }
  }

  #link(m: Mirror): DriverLink {
    const send = (msg: Message) => this.#send(msg);
    return {
      get label() {
        return `session ${m.info.id} of the viewer`;
      },
      model: m.model,
      get session() {
        return m.info.id;
      },
      get title() {
        return m.info.title;
      },
      get exit(): AppExit | null {
        if (m.gone) return { code: null, reason: "closed in the viewer" };
        return m.info.state === "live" ? null : { code: null, reason: m.info.state };
      },
      get rejections() {
        return m.rejections;
      },
      send(message: Message) {
        // Only input goes this way; ENV is the viewer's to send.
        if (message.type !== "INPUT") return Promise.resolve(true);
        return send({ ...message, session: m.info.id });
      },
      resize(size: Size) {
        return send({
          type: "REGION",
          action: "resize",
          session: m.info.id,
          width: size.columns,
          height: size.rows,
        });
      },
      subscribe(listener) {
        m.listeners.add(listener);
        return () => m.listeners.delete(listener);
      },
      stderr: () => "",
      close: () => Promise.resolve({ code: null, reason: "left running in the viewer" }),
    };
  }
}

/**
 * Connects to a viewer's `--listen` URI as a control connection and waits for
 * its session list. Fails with the viewer's reason when it refuses (a viewer
 * started without `--allow-control`).
 */
export async function joinViewer(uri: string, options: DriverOptions = {}): Promise<ViewerControl> {
  const transport = await connect(uri);
  const control = new ViewerControl(transport, options);
  await control.ready();
  if (control.errors.length > 0 && control.list().length === 0) {
    await control.close().catch(() => {});
    throw new Error(`the viewer refused the control connection: ${control.errors.join("; ")}`);
  }
  return control;
}
