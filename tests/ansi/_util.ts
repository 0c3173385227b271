/** Test helpers for the ANSI renderer. */
import { ViewportModel, type ViewportModelOptions } from "../../src/model/mod.ts";
import type { NodeSpec } from "../../src/protocol/messages/types.ts";
import { Renderer, type RendererOptions } from "../../src/render/ansi/renderer.ts";
import { Screen } from "./_xterm.ts";

/** A node written flat, as on the wire: `{id, type, ...props, children}`. */
export type Flat = { id: number; type: string; children?: Flat[]; [prop: string]: unknown };

/** Converts a flat node to a NodeSpec. */
export function spec(f: Flat): NodeSpec {
  const { id, type, children, ...props } = f;
  const s: NodeSpec = { id, type: type as NodeSpec["type"], props };
  if (children) s.children = children.map(spec);
  return s;
}

/** A model holding `root`. */
export function modelOf(root: Flat, options?: ViewportModelOptions): ViewportModel {
  const model = new ViewportModel(options);
  model.apply({ type: "TREE", root: spec(root) });
  return model;
}

/** A renderer and a headless terminal of the same size, the first frame drawn. */
export async function setup(
  model: ViewportModel,
  width: number,
  height: number,
  options: Partial<RendererOptions> = {},
): Promise<
  { renderer: Renderer; screen: Screen; draw(): Promise<Uint8Array | null>; dispose(): void }
> {
  const renderer = new Renderer({ model, width, height, colorDepth: "truecolor", ...options });
  const screen = new Screen(width + (options.region?.x ?? 0), height + (options.region?.y ?? 0));
  const draw = async () => {
    const bytes = renderer.frame();
    await screen.write(bytes);
    return bytes;
  };
  await draw();
  return {
    renderer,
    screen,
    draw,
    dispose() {
      renderer.close();
      screen.dispose();
    },
  };
}

/** Bytes as text, with escapes visible. */
export function show(bytes: Uint8Array | null): string {
  return bytes === null ? "<null>" : JSON.stringify(new TextDecoder().decode(bytes));
}

/**
 * The top six rows of examples/counter.ts, count 0: padding 1, gap 1, the
 * label on row 1 and the button below it, as wide as its label at any
 * `_cols`.
 */
export function counterScreen(_cols: number): string[] {
  return [
    "",
    " Counter: 0",
    "",
    " ╭────╮",
    " │ +1 │",
    " ╰────╯",
  ];
}
