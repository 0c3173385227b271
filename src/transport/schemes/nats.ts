/**
 * `nats://HOST[:PORT][/PREFIX]` and `nats+tls://...`: apps and viewers meet on
 * a NATS server instead of dialling each other. Subjects, under the prefix
 * `P` (one per tenant; default `viewport`):
 *
 * - `P.c.<channel>.up`: an app's frames, to every viewer;
 * - `P.c.<channel>.down`: every viewer's frames to that app;
 * - `P.viewers`: a viewer announces itself (start, reconnect).
 *
 * An app's connection is a channel with a random id. A viewer makes a
 * transport for every channel it sees open; when a viewer announces itself,
 * every app ends its channel and its SDK re-attaches on a new one, sending
 * its whole state (as after any reconnect), so every viewer gets the state.
 * See docs/transports.md ("Fleet") for the design.
 *
 * @module
 */
import { ViewportError } from "../../protocol/errors.ts";
import type { Msg, Subscription } from "@nats-io/transport-node";
import {
  type ConnectOptions,
  type Listener,
  type ListenOptions,
  type Transport,
  TransportListener,
} from "../core/mod.ts";
import { formatViewportUri, type NatsUri } from "../uri/mod.ts";
import { NatsChannel } from "./_nats_channel.ts";
import { acquireLink, type NatsLink, type NatsLinkOptions } from "./_nats_link.ts";
import { decodeWire, encodeWire, Kind, newId } from "./_nats_wire.ts";

/** `connect` options for NATS (heartbeat period for tests). */
export type NatsConnectOptions = ConnectOptions & Pick<NatsLinkOptions, "heartbeatMs">;
/** `listen` options for NATS. */
export type NatsListenOptions = ListenOptions & Pick<NatsLinkOptions, "heartbeatMs">;

/** The subjects of one prefix. */
export function natsSubjects(prefix: string): {
  viewers: string;
  up: (channel: string) => string;
  down: (channel: string) => string;
  allUp: string;
} {
  return {
    viewers: `${prefix}.viewers`,
    up: (c) => `${prefix}.c.${c}.up`,
    down: (c) => `${prefix}.c.${c}.down`,
    allUp: `${prefix}.c.*.up`,
  };
}

/** How long an app's connection stays open after its channel was ended by a viewer. */
const RE_ATTACH_LINGER_MS = 2000;
/** Channels a listener remembers as ended (their late messages are ignored). */
const MAX_TOMBSTONES = 100_000;

/**
 * App side: opens a channel through the NATS server. Resolves once the server
 * has the channel's subscriptions and its OPEN message.
 *
 * @example
 * ```ts ignore
 * // Needs a NATS server (tests/transport/nats_conformance_test.ts starts one).
 * import { connectNats } from "./nats.ts";
 * import { parseViewportUri, type NatsUri } from "../uri/mod.ts";
 * const t = await connectNats(parseViewportUri("nats://127.0.0.1:4222/team-a") as NatsUri);
 * await t.close();
 * ```
 */
export async function connectNats(
  uri: NatsUri,
  options: NatsConnectOptions = {},
): Promise<Transport> {
  const timeout = options.connectTimeout ?? 10_000;
  const link = await acquireLink(uri, {
    token: options.token,
    connectTimeout: timeout,
    heartbeatMs: options.heartbeatMs,
  });
  try {
    await link.whenConnected(timeout);
  } catch (err) {
    link.release();
    throw err;
  }
  const subjects = natsSubjects(uri.prefix);
  const id = newId();
  const subs: Subscription[] = [];
  let unwatch = () => {};
  const channel: NatsChannel = new NatsChannel(link, {
    scheme: uri.scheme,
    peer: `viewers of ${uri.prefix} via ${link.server}`,
  }, {
    ...options,
    role: "app",
    subject: subjects.up(id),
    id,
    seq: 1, // OPEN is 0
    onEnd: (info) => {
      for (const s of subs) s.unsubscribe();
      unwatch();
      return link.release(info.local ? 0 : RE_ATTACH_LINGER_MS);
    },
  });
  try {
    subs.push(link.nc.subscribe(subjects.down(id), {
      callback: (err, msg) => err ? undefined : onMessage(channel, msg),
    }));
    subs.push(link.nc.subscribe(subjects.viewers, {
      callback: (err, msg) => {
        if (err || msg.data.length < 1 || msg.data[0] !== Kind.HELLO) return;
        channel.restart("a viewer joined: re-attaching to send it the state");
      },
    }));
    unwatch = link.watch({
      reconnected: () => channel.restart("the NATS connection was re-established: re-attaching"),
      tick: (now) => channel.tick(now),
    });
    link.nc.publish(subjects.up(id), encodeWire(Kind.OPEN, 0, 0, id));
    await link.nc.flush();
  } catch (err) {
    channel.restart("could not open the channel");
    throw new ViewportError(
      "closed",
      `cannot open a channel on the NATS server ${link.server}: ${(err as Error).message}`,
    );
  }
  return channel;
}

function onMessage(channel: NatsChannel, msg: Msg): void {
  let h;
  try {
    h = decodeWire(msg.data);
  } catch (err) {
    return channel.fail(err as ViewportError);
  }
  channel.deliver(h, msg.data);
}

/**
 * Viewer side: yields a transport for every app channel under the prefix, and
 * announces the viewer so that running apps re-attach to it.
 *
 * @example
 * ```ts ignore
 * // Needs a NATS server.
 * import { listenNats } from "./nats.ts";
 * import { parseViewportUri, type NatsUri } from "../uri/mod.ts";
 * const l = await listenNats(parseViewportUri("nats://127.0.0.1:4222") as NatsUri);
 * await l.close();
 * ```
 */
export async function listenNats(
  uri: NatsUri,
  options: NatsListenOptions = {},
): Promise<Listener> {
  const link = await acquireLink(uri, {
    token: options.token,
    connectTimeout: options.authTimeout,
    heartbeatMs: options.heartbeatMs,
  });
  return new NatsListener(link, uri, options);
}

class NatsListener extends TransportListener {
  readonly #link: NatsLink;
  readonly #uri: NatsUri;
  readonly #options: NatsListenOptions;
  readonly #subjects: ReturnType<typeof natsSubjects>;
  readonly #id = newId();
  readonly #channels = new Map<string, NatsChannel>();
  readonly #tombstones = new Set<string>();
  readonly #sub: Subscription;
  readonly #unwatch: () => void;
  #accepting = true;
  #released = false;

  constructor(link: NatsLink, uri: NatsUri, options: NatsListenOptions) {
    const local = `${link.server} ${uri.prefix}`;
    super(formatViewportUri(uri), { scheme: uri.scheme, local }, () => this.#stop());
    this.#link = link;
    this.#uri = uri;
    this.#options = options;
    this.#subjects = natsSubjects(uri.prefix);
    this.#sub = link.nc.subscribe(this.#subjects.allUp, {
      callback: (err, msg) => err ? undefined : this.#onMessage(msg),
    });
    this.#unwatch = link.watch({
      reconnected: () => {
        // Messages in flight while the client was away may be lost, and an
        // app that re-attached meanwhile may have been missed: every channel
        // ends (its session waits, detached), and the announcement makes
        // every app open a new one with its whole state.
        for (const c of [...this.#channels.values()]) {
          c.restart("the NATS connection was re-established: the app re-attaches");
        }
        this.#announce();
      },
      tick: (now) => {
        for (const c of [...this.#channels.values()]) c.tick(now);
      },
    });
    this.#announce();
  }

  #announce(): void {
    try {
      this.#link.nc.publish(this.#subjects.viewers, encodeWire(Kind.HELLO, 0, 0, this.#id));
    } catch { /* not connected: the reconnect announces again */ }
  }

  #onMessage(msg: Msg): void {
    const prefixLength = this.#uri.prefix.length + 3; // "P.c."
    const cid = msg.subject.slice(prefixLength, msg.subject.length - 3);
    const known = this.#channels.get(cid);
    let h;
    try {
      h = decodeWire(msg.data);
    } catch (err) {
      known?.fail(err as ViewportError);
      return;
    }
    if (known) return known.deliver(h, msg.data);
    if (this.#tombstones.has(cid) || !/^[0-9a-f]{16}$/.test(cid)) return;
    if (h.kind === Kind.OPEN && h.seq === 0 && h.sender === cid) {
      if (this.#accepting) this.#open(cid, msg.data);
      return;
    }
    if (h.kind === Kind.END || h.kind === Kind.FAIL || !this.#accepting) return;
    // A channel that opened before this viewer listened (or whose OPEN was
    // lost): ask its app, once, to open a new one.
    this.#bury(cid);
    try {
      this.#link.nc.publish(
        this.#subjects.down(cid),
        encodeWire(Kind.RESYNC, 0, 0, this.#id),
      );
    } catch { /* not connected */ }
  }

  #open(cid: string, first: Uint8Array): void {
    const channel: NatsChannel = new NatsChannel(this.#link, {
      scheme: this.#uri.scheme,
      peer: `app channel ${cid} via ${this.#link.server}`,
      local: `${this.#uri.prefix}`,
    }, {
      ...this.#options,
      role: "viewer",
      subject: this.#subjects.down(cid),
      id: this.#id,
      seq: 0,
      onEnd: () => {
        this.#channels.delete(cid);
        this.#bury(cid);
        return this.#maybeRelease();
      },
    });
    this.#channels.set(cid, channel);
    channel.deliver(decodeWire(first), first);
    this.push(channel);
  }

  #bury(cid: string): void {
    if (this.#tombstones.size >= MAX_TOMBSTONES) {
      const oldest = this.#tombstones.values().next().value;
      if (oldest !== undefined) this.#tombstones.delete(oldest);
    }
    this.#tombstones.add(cid);
  }

  #stop(): Promise<void> {
    this.#accepting = false;
    return this.#maybeRelease();
  }

  // Accepted channels keep working after the listener closed (as accepted
  // sockets do): the subscription goes when the last of them has ended.
  #maybeRelease(): Promise<void> {
    if (this.#accepting || this.#channels.size > 0 || this.#released) return Promise.resolve();
    this.#released = true;
    this.#sub.unsubscribe();
    this.#unwatch();
    return this.#link.release();
  }
}
