/**
 * A flexbox layout engine over cells, in plain TypeScript.
 *
 * The algorithm is Yoga's (the engine of Ink and React Native), step for step,
 * so that layouts behave as Ink users expect; `tests/ansi/flex_yoga_test.ts`
 * checks it against `yoga-layout` on random trees. It is not `yoga-layout`
 * itself because crossing into WebAssembly for every node and every text
 * measurement cost 36 ms for a 10,000-node tree against a 16 ms frame budget
 * (see `bench/ansi_layout_bench.ts`).
 *
 * With {@linkcode FlexNode.css} (the default) two CSS rules that matter on a
 * terminal replace Yoga's: an item does not shrink below its content's
 * minimum (its longest word; a text's lines in a column), and a fit-content
 * container shrinks its items to the space it has instead of overflowing it.
 *
 * Sizes are floats; results are relative to the parent's border box and are
 * rounded to cells when painted.
 *
 * @module
 *
 * The parts: `_flex_node.ts` (the node and its cache), `_flex_layout.ts` (the
 * pass and the container algorithm), `_flex_basis.ts`, `_flex_resolve.ts`,
 * `_flex_place.ts` (its steps), `_flex_box.ts` (box and axis arithmetic).
 */
export { AT_MOST, EXACT, FlexNode, type MeasureFn, UNDEF } from "./_flex_node.ts";
export { computeLayout, remeasuresSame } from "./_flex_layout.ts";
