/** Reading the todo examples' screen (tests in tests/ansi and tests/viewer). */

const PLACEHOLDER = "What needs doing? Enter adds it";

/** The field's text: on the second line after the heading ("" when the placeholder shows). */
export function fieldLine(screen: string): string {
  const lines = screen.split("\n");
  const text = lines[lines.findIndex((l) => l.trim() === "Todo") + 2]?.trim() ?? "";
  return text === PLACEHOLDER ? "" : text;
}
