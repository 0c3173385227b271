/**
 * Large messages applied in slices (`ViewportModel.applySteps` run by
 * `runSlices`): the work of every slice is bounded (counted in work units,
 * never timed), other work runs between slices, a reader polled between
 * slices sees the state before the message until it is committed, and a
 * message that fails at its last item leaves everything as it was, with the
 * error the one-turn path gives.
 */
import { assert, assertEquals, assertMatch } from "../../tests/_util/assert.ts";
import { ViewportError } from "../protocol/errors.ts";
import type { Message, Patch } from "../protocol/messages/types.ts";
import { decodeMessageSteps } from "../protocol/messages/decode_steps.ts";
import { encodeNode } from "../protocol/messages/node.ts";
import { slot } from "../protocol/slot_ref.ts";
import { GRAIN, runSlices, SLICE_WORK } from "../protocol/slices.ts";
import { ViewportModel } from "./viewport_model.ts";

const N = 99_000;

function bigTree(n: number, tag = ""): Message {
  return {
    type: "TREE",
    root: {
      id: 1,
      type: "box",
      props: {},
      children: Array.from({ length: n }, (_, i) => ({
        id: i + 2,
        type: "text" as const,
        props: { content: `${tag}${i}` },
      })),
    },
  };
}

function sets(n: number, value: string): Patch[] {
  return Array.from({ length: n }, (_, i) => ({ target: i + 2, set: { content: `${value}${i}` } }));
}

/** The largest part one step can do without yielding: a grain, or copying a long list. */
const ATOMIC = GRAIN + 1 + (N >> 4);

/**
 * Applies `message` to `model` in slices ended by work alone; between slices
 * `between` runs (another session's frame, a reader). Returns each slice's work.
 */
async function sliced(
  model: ViewportModel,
  message: Message,
  between: () => void = () => {},
): Promise<number[]> {
  const work: number[] = [];
  await runSlices(model.applySteps(message), {
    sliceMs: Infinity,
    pause: () => {
      between();
      return Promise.resolve();
    },
    onWork: (units) => work.push(units),
  });
  return work;
}

function assertBounded(work: number[], what: string): void {
  assert(work.length >= 3, `${what}: only ${work.length} slices`);
  const worst = Math.max(...work);
  assert(worst <= SLICE_WORK + ATOMIC, `${what}: a slice did ${worst} units`);
}

Deno.test("sliced: 99,000 sets are applied in bounded slices; others are served between; readers see the old state", async () => {
  const big = new ViewportModel();
  big.apply(bigTree(N));
  const other = new ViewportModel();
  other.apply(bigTree(1));
  let turns = 0;
  const seen = new Set<string>();
  const work = await sliced(big, { type: "PATCH", patches: sets(N, "new ") }, () => {
    other.apply({ type: "PATCH", patches: [{ target: 2, set: { content: `${++turns}` } }] });
    seen.add(`${big.tree.get(2)!.props.content}|${big.tree.get(N + 1)!.props.content}`);
  });
  assertBounded(work, "sets");
  assertEquals([...seen], [`0|${N - 1}`], "a reader saw a partly applied PATCH");
  assertEquals(big.tree.get(2)!.props.content, "new 0");
  assertEquals(big.tree.get(N + 1)!.props.content, `new ${N - 1}`);
  assertEquals(other.tree.get(2)!.props.content, String(turns));
  assert(turns === work.length - 1, `${turns} turns for ${work.length} slices`);
});

Deno.test("sliced: a PATCH whose last op fails changes nothing and names the op", async () => {
  const big = new ViewportModel();
  big.apply(bigTree(N));
  const before = big.tree.get(1)!.children.map((c) => c.id).join();
  const patches: Patch[] = [
    ...sets(N - 1, "new "),
    { target: 1, children_move: { from: 0, to: N - 1 } },
    { target: 4_242_424, set: { content: "x" } },
  ];
  let error: unknown;
  const seen = new Set<string>();
  try {
    await sliced(big, { type: "PATCH", patches }, () => {
      seen.add(String(big.tree.get(2)!.props.content));
    });
  } catch (err) {
    error = err;
  }
  assert(error instanceof ViewportError, String(error));
  assertEquals(error.code, "unknown_target");
  assertMatch(error.message, /^patch 99000 of 99001: unknown target id 4242424/);
  // The one-turn path answers the same.
  const plain = new ViewportModel();
  plain.apply(bigTree(N));
  let same: unknown;
  try {
    plain.apply({ type: "PATCH", patches });
  } catch (err) {
    same = err;
  }
  assertEquals((same as Error).message, error.message);
  assertEquals([...seen], ["0"]);
  assertEquals(big.tree.get(2)!.props.content, "0");
  assertEquals(big.tree.get(1)!.children.map((c) => c.id).join(), before);
});

Deno.test("sliced: moves in a list of 99,000 (its copy indexed in parts) stay within the slice bound", async () => {
  const big = new ViewportModel();
  big.apply(bigTree(N));
  const moves: Patch[] = Array.from({ length: 12_000 }, (_, i) => ({
    target: 1,
    children_move: { from: (i * 7919) % N, to: (i * 104_729) % N },
  }));
  const first = big.tree.get(1)!.childAt(0).id;
  const seen = new Set<number>();
  const work = await sliced(big, { type: "PATCH", patches: moves }, () => {
    seen.add(big.tree.get(1)!.childAt(0).id);
  });
  assertBounded(work, "moves");
  assertEquals([...seen], [first]);
  // The same moves in one turn give the same order.
  const plain = new ViewportModel();
  plain.apply(bigTree(N));
  plain.apply({ type: "PATCH", patches: moves });
  assertEquals(
    big.tree.get(1)!.children.map((c) => c.id).join(),
    plain.tree.get(1)!.children.map((c) => c.id).join(),
  );
});

Deno.test("sliced: a TREE of 100,000 nodes is built beside the old one and replaces it at once", async () => {
  const model = new ViewportModel({ maxNodes: 100_000 });
  model.apply(bigTree(10, "old "));
  const sizes = new Set<number>();
  const work = await sliced(model, bigTree(99_999, "new "), () => sizes.add(model.tree.size));
  assertBounded(work, "TREE");
  assertEquals([...sizes], [11]);
  assertEquals(model.tree.size, 100_000);
  assertEquals(model.tree.get(2)!.props.content, "new 0");
  // One id too many: refused, the old tree stays.
  let error: unknown;
  try {
    await sliced(model, bigTree(100_000, "x"));
  } catch (err) {
    error = err;
  }
  assertMatch(String((error as Error).message), /exceed the limit of 100000 nodes/);
  assertEquals(model.tree.get(2)!.props.content, "new 0");
});

Deno.test("sliced: 200,000 rows are checked in bounded slices; a bad last row stores none", async () => {
  const model = new ViewportModel();
  model.apply({
    type: "SCHEMA",
    slot: 200,
    columns: [{ id: 0, name: "n", type: "uint64" }, { id: 1, name: "s", type: "string" }],
  });
  const rows = Array.from({ length: 200_000 }, (_, i) => [i, `row ${i}`]);
  const work = await sliced(model, { type: "DATA", schema: slot(200), rows });
  assertBounded(work, "DATA");
  const buffer = model.data.schema(200)!.rows;
  assertEquals(buffer.length, 10_000);
  assertEquals(buffer.at(9_999)[0], 199_999);
  const bad = [...rows.slice(0, 199_999), [1, 2]];
  let error: unknown;
  try {
    await sliced(model, { type: "DATA", schema: slot(200), rows: bad });
  } catch (err) {
    error = err;
  }
  assertMatch(
    String((error as Error).message),
    /DATA row 199999 column 's': expected string, got 2/,
  );
  assertEquals(buffer.at(9_999)[0], 199_999);
});

Deno.test("sliced: validating 99,000 patches or 100,000 nodes takes bounded slices, same result and errors", async () => {
  const wirePatches = sets(N, "v").map((p) => ({ target: p.target, set: p.set }));
  const wireTree = { root: encodeNode((bigTree(99_999) as Message & { type: "TREE" }).root) };
  for (const [type, value] of [[0x03, wirePatches], [0x02, wireTree]] as const) {
    const work: number[] = [];
    const msg = await runSlices(decodeMessageSteps(type, value), {
      sliceMs: Infinity,
      pause: () => Promise.resolve(),
      onWork: (u) => work.push(u),
    });
    assertBounded(work, `validation of 0x0${type}`);
    assert(msg.type === "PATCH" || msg.type === "TREE");
  }
  // A bad node deep in a large tree: the plain decoder's words.
  const children = (wireTree.root.children as Record<string, unknown>[]).slice();
  children[90_000] = { id: 5, type: "nope" };
  let error: unknown;
  try {
    await runSlices(decodeMessageSteps(0x02, { root: { ...wireTree.root, children } }));
  } catch (err) {
    error = err;
  }
  assertMatch(
    String((error as Error).message),
    /^TREE root\.children\[90000\]\.type: expected one of box, /,
  );
});
