/**
 * The sliced validator gives what the one-turn validator gives: the same
 * message, or the same error, for valid payloads and for payloads with one
 * value anywhere replaced by something wrong.
 */
import fc from "fast-check";
import { assert, assertEquals } from "../../../tests/_util/assert.ts";
import { ViewportError } from "../errors.ts";
import { runAll } from "../slices.ts";
import { decodeMessage } from "./decode.ts";
import { decodeMessageSteps } from "./decode_steps.ts";

function node(id: number, depth: number, r: () => number): Record<string, unknown> {
  if (depth > 2 || r() % 3 === 0) return { id, type: "text", content: `t${id}`, textAlt: "a" };
  const children = Array.from({ length: r() % 4 }, (_, i) => node(id * 10 + i, depth + 1, r));
  return { id, type: r() % 2 ? "box" : "scroll", dir: "row", children };
}

function payloads(r: () => number): [number, unknown][] {
  return [
    [0x02, { root: node(1, 0, r) }],
    [0x03, [
      { target: 1, set: { content: "x", tab_index: 2 } },
      { target: 2, children_insert: { index: 0, node: node(5, 0, r) } },
      { target: 3, replace: node(6, 0, r) },
      { target: 4, children_move: { from: 0, to: 1 } },
      { target: 5, remove: true },
    ]],
    [0x04, { schema: 100, rows: [[1, "a"], [2, "b"], [3, "c"]] }],
  ];
}

/** Every place in `value` a mutation can hit, as a path of keys. */
function places(value: unknown, path: (string | number)[] = [], out: (string | number)[][] = []) {
  out.push(path);
  if (Array.isArray(value)) value.forEach((v, i) => places(v, [...path, i], out));
  else if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) places(v, [...path, k], out);
  }
  return out;
}

function replaced(value: unknown, path: (string | number)[], by: unknown): unknown {
  if (path.length === 0) return by;
  const copy = Array.isArray(value) ? [...value] : { ...(value as Record<string, unknown>) };
  const [head, ...rest] = path;
  (copy as Record<string | number, unknown>)[head] = replaced(
    (value as Record<string | number, unknown>)[head],
    rest,
    by,
  );
  return copy;
}

const WRONG = [null, undefined, -1, 1.5, "x", "", true, [], {}, { id: 1 }, [1], { type: "box" }];

function outcome(fn: () => unknown): string {
  try {
    return JSON.stringify(fn());
  } catch (err) {
    if (!(err instanceof ViewportError)) throw err;
    return `${err.code}: ${err.message}`;
  }
}

Deno.test("property: sliced validation == one-turn validation, results and errors", () => {
  let errors = 0, total = 0;
  fc.assert(
    fc.property(fc.array(fc.nat(), { minLength: 20, maxLength: 60 }), (seed) => {
      let i = 0;
      const r = () => seed[i++ % seed.length] + i;
      for (const [type, value] of payloads(r)) {
        const at = places(value);
        const mutated = r() % 5 === 0
          ? value
          : replaced(value, at[r() % at.length], WRONG[r() % WRONG.length]);
        const plain = outcome(() => decodeMessage(type, mutated));
        assertEquals(outcome(() => runAll(decodeMessageSteps(type, mutated))), plain);
        total++;
        if (!plain.startsWith("{")) errors++;
      }
    }),
    { numRuns: 1500 },
  );
  assert(errors > 500 && total - errors > 500, `${errors} errors of ${total}`);
});
