import { assertEquals } from "../../tests/_util/assert.ts";
import { IndexedList } from "./indexed_list.ts";

/** A small deterministic generator (xorshift), so failures reproduce. */
function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
}

Deno.test("IndexedList: random inserts, removes, moves and sets agree with an array", () => {
  for (const [seed, start] of [[1, 0], [2, 700], [3, 5000]]) {
    const r = rng(seed);
    let next = 0;
    const model: number[] = Array.from({ length: start }, () => next++);
    const list = IndexedList.from(model);
    for (let step = 0; step < 20_000; step++) {
      const op = r();
      if (op < 0.35 || model.length === 0) {
        const at = Math.floor(r() * (model.length + 1));
        model.splice(at, 0, next);
        list.insert(at, next++);
      } else if (op < 0.7) {
        const at = Math.floor(r() * model.length);
        const [want] = model.splice(at, 1);
        assertEquals(list.removeAt(at), want);
      } else if (op < 0.85) {
        const from = Math.floor(r() * model.length);
        const to = Math.floor(r() * model.length);
        const [x] = model.splice(from, 1);
        model.splice(to, 0, x);
        list.insert(to, list.removeAt(from));
      } else {
        const at = Math.floor(r() * model.length);
        model[at] = next;
        list.set(at, next++);
      }
      assertEquals(list.length, model.length);
      if (step % 997 === 0 || model.length < 3) {
        assertEquals(list.toArray(), model);
        for (let i = 0; i < model.length; i += 37) {
          assertEquals(list.at(i), model[i]);
          assertEquals(list.indexOf(model[i]), i);
        }
      }
    }
    assertEquals(list.toArray(), model);
    assertEquals(list.indexOf(-5), -1);
  }
});

Deno.test("IndexedList: emptied completely and refilled", () => {
  const list = IndexedList.from(Array.from({ length: 2000 }, (_, i) => i));
  while (list.length > 0) list.removeAt(list.length >> 1);
  assertEquals(list.toArray(), []);
  for (let i = 0; i < 1500; i++) list.insert(i, i);
  assertEquals(list.toArray(), Array.from({ length: 1500 }, (_, i) => i));
});
