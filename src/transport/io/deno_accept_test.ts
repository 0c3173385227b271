import { assert, assertEquals } from "../../../tests/_util/assert.ts";
import { memoryPair } from "../core/mod.ts";
import { yieldTurn } from "../../protocol/yield_turn.ts";
import { acceptInto, type DenoListenerLike } from "./deno_accept.ts";

/**
 * A listener with `backlog` connections waiting, like `Deno.listen` under a
 * burst: each `accept()` resolves at once, without a turn of the event loop.
 * Then it waits until closed.
 */
function burstListener(backlog: number) {
  let accepted = 0;
  let stop: (err: Error) => void = () => {};
  const stopped = new Promise<never>((_, reject) => stop = reject);
  stopped.catch(() => {});
  const listener: DenoListenerLike<{ close(): void; index: number }> = {
    accept() {
      if (accepted < backlog) return Promise.resolve({ close() {}, index: ++accepted });
      return stopped;
    },
    close() {
      stop(new Error("listener closed"));
    },
  };
  return { listener, accepted: () => accepted };
}

Deno.test("acceptInto: a burst in the backlog does not starve the reads of connections already accepted", async () => {
  const backlog = 1000;
  const { listener, accepted } = burstListener(backlog);
  // What each accepted connection's first read saw: how many had been accepted
  // by the time it completed. A read completes on a turn of the event loop
  // (here a message-port event, as a socket read is an I/O event).
  const firstReadAt: number[] = [];
  const target = acceptInto(listener, "test://burst", { scheme: "test" }, {
    wrap: (conn) => {
      void yieldTurn().then(() => firstReadAt[conn.index - 1] = accepted());
      return memoryPair()[0];
    },
  });
  let taken = 0;
  for await (const _ of target) if (++taken === backlog) break;
  while (firstReadAt.filter((n) => n !== undefined).length < backlog) await yieldTurn();
  // Before the fix every read waited for the whole backlog (all at 1,000).
  assert(
    firstReadAt[0] < backlog / 2,
    `the first connection was read only after ${firstReadAt[0]} accepts`,
  );
  const late = firstReadAt.filter((n, i) => n - (i + 1) > backlog / 2).length;
  assertEquals(late, 0, `${late} connections were read after 500 more accepts`);
  await target.close();
});
