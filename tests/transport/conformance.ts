/**
 * The shared transport conformance suite: one set of checks run against every
 * transport that works on this machine. A harness says how to open a connected
 * (app, viewer) pair and how to get a raw, unframed peer that can die mid-frame.
 */
import { nativeSupport } from "../../src/transport/native/mod.ts";
import { encodeFrame, type Frame } from "../../src/protocol/frame.ts";
import { isViewportError } from "../../src/protocol/errors.ts";
import type { Transport } from "../../src/transport/mod.ts";
import { assert, assertEquals } from "../_util/assert.ts";

/** A connected pair: the app end (from connect) and the viewer end (accepted). */
export interface Pair {
  app: Transport;
  viewer: Transport;
}

/** An unframed byte endpoint standing in for a peer process. */
export interface RawPeer {
  write(bytes: Uint8Array): Promise<void>;
  /** Dies abruptly (closes the socket / kills the process). */
  kill(): Promise<void>;
}

/** How the suite drives one transport. */
export interface Harness {
  name: string;
  /** Opens a fresh connected pair; called several times (reconnect). */
  open(): Promise<Pair>;
  /** A raw app peer connected to a framed viewer end. */
  rawApp?(): Promise<{ raw: RawPeer; viewer: Transport }>;
  /** A raw viewer peer connected to a framed app end. */
  rawViewer?(): Promise<{ raw: RawPeer; app: Transport }>;
  /** Frees the listener and anything else the harness made. */
  dispose(): Promise<void>;
}

/** Options of {@linkcode conformance}. */
export interface ConformanceOptions {
  /** Size of the big frame (default 8 MiB). */
  bigFrame?: number;
  /** Skip the "viewer closes" case (stdio: the viewer owns the PTY). */
  skipViewerClose?: boolean;
}

const DATA = 0x05;

/** A frame whose payload is one CBOR byte string of `n` patterned bytes. */
export function patternFrame(n: number, seed: number): Uint8Array {
  const head = n < 24
    ? [0x40 + n]
    : [0x5a, n >>> 24, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff];
  const payload = new Uint8Array(head.length + n);
  payload.set(head);
  for (let i = 0; i < n; i++) payload[head.length + i] = (i * 31 + seed) & 0xff;
  return encodeFrame(DATA, payload);
}

/** Checks that `frame` is `patternFrame(n, seed)`. */
export function checkPattern(frame: Frame, n: number, seed: number): void {
  assertEquals(frame.type, DATA);
  const off = n < 24 ? 1 : 5;
  assertEquals(frame.payload.length, off + n, "payload length");
  const p = frame.payload;
  for (let i = 0; i < n; i++) {
    if (p[off + i] !== ((i * 31 + seed) & 0xff)) {
      throw new Error(`payload byte ${i} of frame seed ${seed} differs`);
    }
  }
}

// frames() may be called once per transport; the suite reads in several places.
const iterators = new WeakMap<Transport, AsyncIterableIterator<Frame>>();
function framesOf(t: Transport): AsyncIterableIterator<Frame> {
  let it = iterators.get(t);
  if (!it) iterators.set(t, it = t.frames());
  return it;
}

async function receive(t: Transport, count: number): Promise<Frame[]> {
  const out: Frame[] = [];
  const it = framesOf(t);
  while (out.length < count) {
    const r = await it.next();
    if (r.done) throw new Error(`${t.info.scheme}: frames ended after ${out.length} of ${count}`);
    out.push(r.value);
  }
  return out;
}

async function exchange(from: Transport, to: Transport, sizes: number[]): Promise<void> {
  const got = receive(to, sizes.length);
  for (let i = 0; i < sizes.length; i++) await from.send(patternFrame(sizes[i], i));
  const frames = await got;
  frames.forEach((f, i) => checkPattern(f, sizes[i], i));
}

async function expectEnd(t: Transport): Promise<void> {
  const r = await framesOf(t).next();
  assert(r.done, `${t.info.scheme}: expected frames() to end`);
}

async function expectSendRejects(t: Transport): Promise<void> {
  try {
    await t.send(patternFrame(1, 0));
  } catch (err) {
    assert(isViewportError(err, "closed"), `expected closed, got ${err}`);
    return;
  }
  throw new Error("send after close did not reject");
}

async function closeBoth(p: Pair): Promise<void> {
  await Promise.all([p.app.close(), p.viewer.close()]);
}

/**
 * 6 MB sent without waiting, then close; the reader starts late, so readers
 * that stop reading past a limit do so, and must still see the end after the
 * last frame.
 */
async function burstThenClose(from: Transport, to: Transport): Promise<void> {
  const sizes = Array.from({ length: 64 }, (_, i) => 60_000 + i * 1000);
  const sent = sizes.map((n, i) => from.send(patternFrame(n, i)));
  const closing = Promise.all([...sent, from.close()]);
  await new Promise((r) => setTimeout(r, 100));
  (await receive(to, sizes.length)).forEach((f, i) => checkPattern(f, sizes[i], i));
  await expectEnd(to);
  assertEquals((await to.closed).error, undefined);
  await closing;
  await to.close();
}

const TINY = Array.from({ length: 200 }, (_, i) => i % 40);
// Many coalesced writes and many reads, all frames held until the last arrived:
// a reused write buffer or read buffer that was written over would show here.
const MIXED = Array.from({ length: 1200 }, (_, i) => i % 97 === 0 ? 70_000 + i : (i * 131) % 3000);

/**
 * Registers the conformance tests for `harness` as steps of one Deno test.
 */
export function conformance(
  name: string,
  makeHarness: () => Promise<Harness>,
  options: ConformanceOptions = {},
): void {
  const big = options.bigFrame ?? 8 * 1024 * 1024;
  Deno.test(`conformance: ${name}`, async (t) => {
    const h = await makeHarness();
    try {
      await t.step("tiny frames both ways, in order", async () => {
        const p = await h.open();
        await exchange(p.app, p.viewer, TINY);
        await exchange(p.viewer, p.app, TINY);
        await closeBoth(p);
      });
      await t.step("1,200 mixed-size frames both ways, intact", async () => {
        const p = await h.open();
        await Promise.all([exchange(p.app, p.viewer, MIXED), exchange(p.viewer, p.app, MIXED)]);
        await closeBoth(p);
      });
      await t.step("8 MiB frames both ways", async () => {
        const p = await h.open();
        await exchange(p.app, p.viewer, [big, 3, big]);
        await exchange(p.viewer, p.app, [big, 3]);
        await closeBoth(p);
      });
      await t.step("app closes: viewer sees a clean end", async () => {
        const p = await h.open();
        await exchange(p.app, p.viewer, [5]);
        await p.app.send(patternFrame(7, 1));
        await p.app.close();
        const [last] = await receive(p.viewer, 1);
        checkPattern(last, 7, 1);
        await expectEnd(p.viewer);
        const info = await p.viewer.closed;
        assertEquals(info.local, false);
        assertEquals(info.error, undefined);
        assertEquals((await p.app.closed).local, true);
        await expectSendRejects(p.app);
        await p.viewer.close();
      });
      await t.step("app sends a burst and closes at once: all of it arrives first", async () => {
        const p = await h.open();
        await burstThenClose(p.app, p.viewer);
      });
      if (!options.skipViewerClose) {
        await t.step(
          "viewer sends a burst and closes at once: all of it arrives first",
          async () => {
            const p = await h.open();
            await burstThenClose(p.viewer, p.app);
          },
        );
        await t.step("viewer closes: app sees a clean end", async () => {
          const p = await h.open();
          await exchange(p.viewer, p.app, [5]);
          await p.viewer.close();
          await expectEnd(p.app);
          const info = await p.app.closed;
          assertEquals(info.local, false);
          assertEquals(info.error, undefined);
          await expectSendRejects(p.viewer);
          await p.app.close();
        });
      }
      if (h.rawApp) {
        await t.step("app dies mid-frame: viewer gets a clean error", async () => {
          const { raw, viewer } = await h.rawApp!();
          const frame = patternFrame(100_000, 9);
          await raw.write(patternFrame(3, 0));
          await raw.write(frame.subarray(0, 50_000));
          await raw.kill();
          await expectMidFrameError(viewer);
        });
      }
      if (h.rawViewer) {
        await t.step("viewer dies mid-frame: app gets a clean error", async () => {
          const { raw, app } = await h.rawViewer!();
          await raw.write(patternFrame(3, 0));
          await raw.write(patternFrame(100_000, 9).subarray(0, 50_000));
          await raw.kill();
          await expectMidFrameError(app);
        });
      }
      await t.step("reconnect: a new connection works after one closed", async () => {
        const first = await h.open();
        await first.app.close();
        await first.viewer.closed;
        await first.viewer.close();
        const second = await h.open();
        await exchange(second.app, second.viewer, [1, 2, 3]);
        await exchange(second.viewer, second.app, [4]);
        await closeBoth(second);
      });
      if (nativeSupport().switchedOff) {
        await t.step("VIEWPORT_NO_NATIVE: no native path was taken", () => {
          const s = nativeSupport();
          assert(!s.libc && !s.internals && !s.libcOpened, JSON.stringify(s));
        });
      }
    } finally {
      await h.dispose();
    }
  });
}

async function expectMidFrameError(t: Transport): Promise<void> {
  const it = framesOf(t);
  const first = await it.next();
  assert(!first.done, "the whole first frame should arrive");
  checkPattern(first.value, 3, 0);
  let error: unknown = "no error";
  try {
    const r = await it.next();
    error = r.done ? "a clean end" : "another frame";
  } catch (err) {
    error = err;
  }
  assert(
    isViewportError(error, "bad_frame") || isViewportError(error, "closed"),
    `expected bad_frame or closed, got ${error}`,
  );
  // The message says what happened: a cut frame (byte streams) or a dropped
  // connection (WebSocket, where a message is whole or absent).
  assert(
    /inside a frame|broke|dropped|abnormal/.test((error as Error).message),
    (error as Error).message,
  );
  const info = await t.closed;
  assertEquals(info.local, false);
  assert(info.error !== undefined, "closed should carry the error");
  await t.close();
}
