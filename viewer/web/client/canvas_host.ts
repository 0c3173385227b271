/// <reference lib="dom" />
/**
 * Draws canvas nodes in whatever mode their drawing is in: `vector2d` on the
 * 2D context (images decoded first), `webgpu` through a {@linkcode GpuView},
 * `stream` through a {@linkcode VideoView}. One per session view; the DOM
 * renderer hands it each canvas whose drawing or size changed.
 *
 * @module
 */
import type { CanvasDrawing } from "../../../src/media/canvas_state.ts";
import { drawVector2d, imagesReady, loadImages } from "./canvas2d.ts";
import { GpuView } from "./webgpu.ts";
import { VideoView } from "./video.ts";

/** What the host reports (the app gets it as ERROR). */
export type CanvasProblem = (
  target: number,
  code: "unsupported" | "bad_message",
  message: string,
) => void;

interface Shown {
  el: HTMLCanvasElement;
  drawing: CanvasDrawing;
  gpu?: GpuView;
  video?: VideoView;
}

/** Writes the canvas's alt text (its aria-label) on it, for a mode this tab cannot show. */
function altText(el: HTMLCanvasElement): void {
  const ctx = el.getContext("2d");
  if (!ctx) return;
  const dpr = globalThis.devicePixelRatio || 1;
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, el.width, el.height);
  ctx.fillStyle = getComputedStyle(el).color || "#888";
  ctx.font = "14px sans-serif";
  ctx.textBaseline = "top";
  ctx.fillText(el.getAttribute("aria-label") ?? "canvas", 8, 8, el.width / dpr - 16);
}

/**
 * The canvases of one session view.
 *
 * @example
 * ```ts ignore
 * import { CanvasHost } from "./canvas_host.ts";
 * const host = new CanvasHost((id, code, msg) => console.warn(id, code, msg), () => undefined);
 * host.draw(7, canvasElement, drawing);
 * ```
 */
export class CanvasHost {
  #problem: CanvasProblem;
  #slotColor: (slot: number) => string | undefined;
  #shown = new Map<number, Shown>();

  constructor(problem: CanvasProblem, slotColor: (slot: number) => string | undefined) {
    this.#problem = problem;
    this.#slotColor = slotColor;
  }

  /** The GPU or video view of a canvas (tests read their counters). */
  view(id: number): GpuView | VideoView | undefined {
    const s = this.#shown.get(id);
    return s?.gpu ?? s?.video;
  }

  /** Shows `drawing` on canvas `id` (its element may be new, or resized). */
  draw(id: number, el: HTMLCanvasElement, drawing: CanvasDrawing): void {
    let s = this.#shown.get(id);
    if (s && (s.el !== el || s.drawing.mode !== drawing.mode)) {
      this.release(id);
      s = undefined;
    }
    if (!s) {
      s = { el, drawing };
      this.#shown.set(id, s);
    }
    s.drawing = drawing;
    const report = (code: "unsupported" | "bad_message", message: string) => {
      // What this tab cannot show is said on the canvas too: its alt text.
      if (code === "unsupported") altText(el);
      this.#problem(id, code, message);
    };
    switch (drawing.mode) {
      case "vector2d":
        return this.#vector(id, el, drawing);
      case "webgpu":
        s.gpu ??= new GpuView(el, report);
        if (drawing.gpu) s.gpu.update(drawing.gpu);
        return;
      case "stream":
        s.video ??= new VideoView(el, report);
        if (drawing.stream) s.video.update(drawing.stream);
        return;
      default:
        report(
          "unsupported",
          `canvas mode ${JSON.stringify(drawing.mode)} is not one this viewer draws`,
        );
    }
  }

  #vector(id: number, el: HTMLCanvasElement, drawing: CanvasDrawing): void {
    if (!imagesReady(drawing.commands)) {
      // Decode the images, then draw if this is still the canvas's drawing.
      void loadImages(drawing.commands).then(() => {
        const s = this.#shown.get(id);
        if (s?.drawing === drawing && s.el === el) this.#vector(id, el, drawing);
      });
      return;
    }
    const problems = drawVector2d(
      el,
      drawing.commands,
      globalThis.devicePixelRatio || 1,
      this.#slotColor,
    );
    if (problems.length > 0) {
      this.#problem(id, "bad_message", `CANVAS ${id}: ${problems.join("; ")}`);
    }
  }

  /** Forgets a canvas (its node went away). */
  release(id: number): void {
    const s = this.#shown.get(id);
    if (!s) return;
    s.gpu?.dispose();
    s.video?.dispose();
    this.#shown.delete(id);
  }

  /** Forgets every canvas. */
  dispose(): void {
    for (const id of [...this.#shown.keys()]) this.release(id);
  }
}
