/**
 * The input value contract, app side (docs/protocol.md, "Input values"): what
 * the app knows of each input's value in the viewer, the `value_seq` to send
 * with a `value`, and which `value_change` reports are stale.
 *
 * @module
 */
import type { InputMessage, NodeSpec, Patch } from "../protocol/messages/types.ts";

interface InputState {
  /** The value the viewer shows, as far as the app knows. */
  value: string | undefined;
  /** The newest `seq` received from the viewer. */
  seq: number;
  /** The `value_seq` sent with the app's latest change of the value, if any. */
  appSeq: number | undefined;
}

/**
 * Per-input value bookkeeping of one connection.
 *
 * @example
 * ```ts
 * import { InputValues } from "./input_values.ts";
 * const iv = new InputValues();
 * iv.accept({ type: "INPUT", kind: "value_change", target: 2, value: "buy milk", seq: 8, base_seq: 0 });
 * if (iv.valueSeq(2) !== 8) throw new Error("value_seq names the newest report seen");
 * iv.sent(2, ""); // the app cleared the field after Enter
 * // Typed before the clear reached the viewer: dropped (the viewer merges and reports again).
 * if (iv.accept({ type: "INPUT", kind: "value_change", target: 2, value: "buy milkw", seq: 9, base_seq: 0 })) {
 *   throw new Error();
 * }
 * ```
 */
export class InputValues {
  #inputs = new Map<number, InputState>();

  /**
   * Takes a `value_change`; false when it is stale: made on a value older
   * than the one the app sent last (the viewer will report the merge).
   */
  accept(msg: InputMessage): boolean {
    if (msg.kind !== "value_change" || msg.target === undefined) return true;
    const s = this.#state(msg.target);
    const base = msg.base_seq;
    if (typeof base === "number" && s.appSeq !== undefined && base < s.appSeq) return false;
    if (typeof msg.seq === "number") s.seq = msg.seq;
    if (typeof msg.value === "string") s.value = msg.value;
    return true;
  }

  /** The `value_seq` to send with a value for input `id`: the newest `seq` seen. */
  valueSeq(id: number): number {
    return this.#inputs.get(id)?.seq ?? 0;
  }

  /**
   * The app sent `value` for input `id` (with {@linkcode InputValues.valueSeq}).
   * A value the viewer shows already is an echo (a controlled input rendering
   * what it was told): the viewer keeps it as it is, and reports made on the
   * app's last change still count.
   */
  sent(id: number, value: string): void {
    const s = this.#state(id);
    if (value !== s.value) s.appSeq = s.seq;
    s.value = value;
  }

  /** The input's value in the viewer as far as the app knows (undefined: not known). */
  viewerValue(id: number): string | undefined {
    return this.#inputs.get(id)?.value;
  }

  /** Forgets a node that is gone. */
  forget(id: number): void {
    this.#inputs.delete(id);
  }

  /**
   * Adds `value_seq` beside every input `value` in a node tree, copying only
   * the nodes on the way to a changed one. The values go to `sends`, for
   * {@linkcode InputValues.sent} once the message is accepted.
   */
  stampTree(node: NodeSpec, sends: [number, string][]): NodeSpec {
    let out = node;
    if (node.type === "input" && typeof node.props.value === "string") {
      out = { ...node, props: { ...node.props, value_seq: this.valueSeq(node.id) } };
      sends.push([node.id, node.props.value]);
    }
    const kids = node.children;
    if (kids) {
      let copy: NodeSpec[] | undefined;
      for (let i = 0; i < kids.length; i++) {
        const k = this.stampTree(kids[i], sends);
        if (k !== kids[i]) (copy ??= kids.slice())[i] = k;
      }
      if (copy) out = { ...out, children: copy };
    }
    return out;
  }

  /**
   * Stamps a patch: `set` of an input's `value` (the target's type from
   * `typeOf`), and the nodes it inserts or puts in place.
   */
  stampPatch(
    p: Patch,
    typeOf: (id: number) => string | undefined,
    sends: [number, string][],
  ): Patch {
    if (p.set && "value" in p.set && typeOf(p.target) === "input") {
      const v = p.set.value;
      if (typeof v === "string") {
        sends.push([p.target, v]);
        return { ...p, set: { ...p.set, value_seq: this.valueSeq(p.target) } };
      }
      if (v === null) return { ...p, set: { ...p.set, value_seq: null } };
    }
    if (p.children_insert) {
      const node = this.stampTree(p.children_insert.node, sends);
      if (node !== p.children_insert.node) {
        return { ...p, children_insert: { ...p.children_insert, node } };
      }
    }
    if (p.replace) {
      const node = this.stampTree(p.replace, sends);
      if (node !== p.replace) return { ...p, replace: node };
    }
    return p;
  }

  #state(id: number): InputState {
    let s = this.#inputs.get(id);
    if (!s) this.#inputs.set(id, s = { value: undefined, seq: 0, appSeq: undefined });
    return s;
  }
}
