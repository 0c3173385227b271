import { assertEquals } from "../../tests/_util/assert.ts";
import { type QueryIo, queryTerminal } from "./query.ts";
import { TERMINAL_QUERY } from "./terminal.ts";

function fakeTerminal(replies: (string | "hang")[]) {
  const log: string[] = [];
  const enc = new TextEncoder();
  const io: QueryIo = {
    write: (text) => void log.push(`write ${JSON.stringify(text)}`),
    setRaw: (raw) => void log.push(`raw ${raw}`),
    read: () => {
      const next = replies.shift();
      if (next === "hang") return new Promise(() => {});
      return Promise.resolve(next === undefined ? null : enc.encode(next));
    },
  };
  return { io, log };
}

Deno.test("queryTerminal: raw mode around the query; reads until device attributes arrive", async () => {
  const t = fakeTerminal(["\x1b[?1006;2$y\x1b[?20", "26;2$y", "\x1b[?1;2c", "typed later"]);
  const got = await queryTerminal(t.io);
  assertEquals(got, "\x1b[?1006;2$y\x1b[?2026;2$y\x1b[?1;2c");
  assertEquals(t.log, ["raw true", `write ${JSON.stringify(TERMINAL_QUERY)}`, "raw false"]);
});

Deno.test("queryTerminal: a silent terminal costs the time limit, not a hang", async () => {
  const t = fakeTerminal(["\x1b[?1006;2$y", "hang"]);
  const start = performance.now();
  const got = await queryTerminal(t.io, 50);
  assertEquals(got, "\x1b[?1006;2$y");
  const took = performance.now() - start;
  if (took < 40 || took > 5000) throw new Error(`took ${took} ms`);
  assertEquals(t.log.at(-1), "raw false");
});

Deno.test("queryTerminal: end of input stops reading; a failing write still leaves raw mode", async () => {
  const t = fakeTerminal(["\x1b[?0u"]);
  assertEquals(await queryTerminal(t.io), "\x1b[?0u");
  let raw = false;
  const failing: QueryIo = {
    write: () => {
      throw new Error("EIO");
    },
    setRaw: (r) => void (raw = r),
    read: () => Promise.resolve(null),
  };
  let err: unknown;
  await queryTerminal(failing).catch((e) => (err = e));
  assertEquals([(err as Error).message, raw], ["EIO", false]);
});
