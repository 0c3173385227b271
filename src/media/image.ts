/**
 * Image sources as they travel in messages (`image` node props and the
 * vector2d `draw_image` op): bytes plus a format. Checked the same way by
 * every viewer; decoded here (synchronously) for `png` and `rgba`, the formats
 * every viewer can show. Browsers also show `jpeg`, `gif` and `webp`.
 *
 * @module
 */
import { decodePng, isPng, MAX_IMAGE_PIXELS, type RgbaImage } from "./png.ts";

/** Formats an image source may name. */
export const IMAGE_FORMATS = ["png", "rgba", "jpeg", "gif", "webp"] as const;
/** An image format. */
export type ImageFormat = typeof IMAGE_FORMATS[number];
/** Formats every viewer decodes (terminals included). */
export const PORTABLE_IMAGE_FORMATS: readonly ImageFormat[] = ["png", "rgba"];

/** MIME types of the formats, for browsers. */
export const IMAGE_MIME: Readonly<Record<string, string>> = {
  png: "image/png",
  jpeg: "image/jpeg",
  jpg: "image/jpeg",
  gif: "image/gif",
  webp: "image/webp",
};

/**
 * An image as a message carries it: `{format, data}`, and for `rgba` also
 * `width` and `height` (then `data` is exactly width x height x 4 bytes).
 */
export interface ImageSource {
  format: ImageFormat;
  data: Uint8Array;
  width?: number;
  height?: number;
}

/**
 * What is wrong with `value` as an image source, or `null` when it is one.
 *
 * @example
 * ```ts
 * import { imageSourceProblem } from "./image.ts";
 * if (imageSourceProblem({ format: "rgba", data: new Uint8Array(4), width: 1, height: 1 }) !== null) {
 *   throw new Error();
 * }
 * if (imageSourceProblem({ format: "bmp", data: new Uint8Array() }) === null) throw new Error();
 * ```
 */
export function imageSourceProblem(value: unknown): string | null {
  if (!value || typeof value !== "object" || Array.isArray(value)) {
    return "expected an image {format, data[, width, height]}";
  }
  const v = value as Record<string, unknown>;
  if (!IMAGE_FORMATS.includes(v.format as ImageFormat)) {
    return `image format: expected one of ${IMAGE_FORMATS.join(", ")}, got ${
      JSON.stringify(v.format)
    }`;
  }
  if (!(v.data instanceof Uint8Array)) return "image data: expected a byte string";
  if (v.format === "rgba") {
    const w = v.width, h = v.height;
    if (!Number.isInteger(w) || !Number.isInteger(h) || (w as number) < 1 || (h as number) < 1) {
      return "rgba image: expected integer width and height >= 1";
    }
    if ((w as number) * (h as number) > MAX_IMAGE_PIXELS) {
      return `rgba image: ${w}x${h} exceeds ${MAX_IMAGE_PIXELS} pixels`;
    }
    if (v.data.length !== (w as number) * (h as number) * 4) {
      return `rgba image: ${w}x${h} needs ${
        (w as number) * (h as number) * 4
      } bytes, got ${v.data.length}`;
    }
  }
  return null;
}

/** FNV-1a over the bytes: a cache key that costs O(bytes), far less than decoding. */
export function bytesKey(data: Uint8Array, prefix = ""): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < data.length; i++) {
    h ^= data[i];
    h = Math.imul(h, 0x01000193);
  }
  return `${prefix}${data.length}:${(h >>> 0).toString(36)}`;
}

const cache = new Map<string, RgbaImage | Error>();
const CACHE_ENTRIES = 32;

/**
 * Decodes a checked image source to RGBA, or returns `null` for a format this
 * viewer cannot decode (`jpeg`, `gif`, `webp`). A broken image throws
 * `RangeError`. Results are cached by content (the last 32 images), so a
 * canvas redrawn every frame with the same picture decodes it once.
 *
 * @example
 * ```ts
 * import { decodeImage } from "./image.ts";
 * const img = decodeImage({ format: "rgba", data: new Uint8Array([1, 2, 3, 4]), width: 1, height: 1 });
 * if (img?.rgba[3] !== 4) throw new Error();
 * if (decodeImage({ format: "jpeg", data: new Uint8Array(1) }) !== null) throw new Error();
 * ```
 */
export function decodeImage(src: ImageSource): RgbaImage | null {
  if (src.format === "rgba") return { width: src.width!, height: src.height!, rgba: src.data };
  if (src.format !== "png") return null;
  const key = bytesKey(src.data, "png:");
  let hit = cache.get(key);
  if (hit === undefined) {
    try {
      hit = decodePng(src.data);
    } catch (err) {
      hit = err instanceof Error ? err : new RangeError(String(err));
    }
    if (cache.size >= CACHE_ENTRIES) cache.delete(cache.keys().next().value!);
    cache.set(key, hit);
  } else {
    // Most recently used last.
    cache.delete(key);
    cache.set(key, hit);
  }
  if (hit instanceof Error) throw hit;
  return hit;
}

/**
 * The image an `image` node shows: `data` with `format` (or `mime`), or the
 * older `rgba` + `width` + `height` props. `undefined` when it names none.
 *
 * @example
 * ```ts
 * import { imageOfProps } from "./image.ts";
 * const src = imageOfProps({ rgba: new Uint8Array(4), width: 1, height: 1 });
 * if (src?.format !== "rgba") throw new Error();
 * ```
 */
export function imageOfProps(props: Record<string, unknown>): ImageSource | undefined {
  if (props.data instanceof Uint8Array) {
    let format = typeof props.format === "string" ? props.format.toLowerCase() : undefined;
    if (format === "jpg") format = "jpeg";
    if (format === undefined && typeof props.mime === "string") {
      format = Object.keys(IMAGE_MIME).find((k) => IMAGE_MIME[k] === props.mime);
    }
    const src = {
      format: format ?? "png",
      data: props.data,
      width: props.width,
      height: props.height,
    };
    return imageSourceProblem(src) === null ? src as ImageSource : undefined;
  }
  if (props.rgba instanceof Uint8Array) {
    const src = { format: "rgba", data: props.rgba, width: props.width, height: props.height };
    return imageSourceProblem(src) === null ? src as ImageSource : undefined;
  }
  return undefined;
}

/**
 * The pixel size of an image source without decoding it (`rgba` sizes, a
 * PNG's header), or `undefined` for formats this cannot read (`jpeg`...).
 *
 * @example
 * ```ts
 * import { imageSize } from "./image.ts";
 * import { encodePng } from "./png.ts";
 * const size = imageSize({ format: "png", data: encodePng(new Uint8Array(24), 3, 2) });
 * if (size?.[0] !== 3 || size[1] !== 2) throw new Error();
 * ```
 */
export function imageSize(src: ImageSource): [number, number] | undefined {
  if (src.format === "rgba") return [src.width!, src.height!];
  const d = src.data;
  if (src.format !== "png" || !isPng(d) || d.length < 24) return undefined;
  const v = new DataView(d.buffer, d.byteOffset, d.byteLength);
  const w = v.getUint32(16), h = v.getUint32(20);
  return w > 0 && h > 0 && w * h <= MAX_IMAGE_PIXELS ? [w, h] : undefined;
}
