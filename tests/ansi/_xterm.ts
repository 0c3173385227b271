/**
 * Test helper: replays renderer output through a headless xterm.js and reads
 * back what a user would see.
 */
import xterm from "@xterm/headless";
import unicode11 from "@xterm/addon-unicode11";
const { Terminal } = xterm;

/** A headless terminal with helpers to feed bytes and read the screen. */
export class Screen {
  readonly term: InstanceType<typeof Terminal>;
  constructor(cols: number, rows: number) {
    this.term = new Terminal({ cols, rows, allowProposedApi: true, scrollback: 0 });
    // Emoji are two cells wide, as in current terminals (xterm.js defaults to Unicode 6).
    this.term.loadAddon(new unicode11.Unicode11Addon());
    this.term.unicode.activeVersion = "11";
  }

  /** Writes bytes and waits until xterm has parsed them. */
  write(data: Uint8Array | string | null): Promise<void> {
    if (data === null) return Promise.resolve();
    return new Promise((resolve) => this.term.write(data, resolve));
  }

  /** The visible lines, right-trimmed. */
  lines(): string[] {
    const buf = this.term.buffer.active;
    const out: string[] = [];
    for (let y = 0; y < this.term.rows; y++) {
      out.push(buf.getLine(buf.viewportY + y)?.translateToString(true) ?? "");
    }
    return out;
  }

  /** The visible text, lines joined, trailing empty lines dropped. */
  text(): string {
    const l = this.lines();
    while (l.length > 0 && l[l.length - 1] === "") l.pop();
    return l.join("\n");
  }

  /** A cell: its character, colors as "default" | "p<n>" (palette) | "#rrggbb", and attributes. */
  cell(x: number, y: number): {
    char: string;
    fg: string;
    bg: string;
    bold: boolean;
    dim: boolean;
    italic: boolean;
    underline: boolean;
    inverse: boolean;
    strike: boolean;
  } {
    const buf = this.term.buffer.active;
    const c = buf.getLine(buf.viewportY + y)!.getCell(x)!;
    const color = (isDefault: boolean, isRGB: boolean, v: number) =>
      isDefault ? "default" : isRGB ? "#" + v.toString(16).padStart(6, "0") : "p" + v;
    return {
      char: c.getChars(),
      fg: color(c.isFgDefault(), c.isFgRGB(), c.getFgColor()),
      bg: color(c.isBgDefault(), c.isBgRGB(), c.getBgColor()),
      bold: c.isBold() !== 0,
      dim: c.isDim() !== 0,
      italic: c.isItalic() !== 0,
      underline: c.isUnderline() !== 0,
      inverse: c.isInverse() !== 0,
      strike: c.isStrikethrough() !== 0,
    };
  }

  /** The cursor position. */
  cursor(): { x: number; y: number } {
    const b = this.term.buffer.active;
    return { x: b.cursorX, y: b.cursorY };
  }

  dispose(): void {
    this.term.dispose();
  }
}
