/// <reference lib="dom" />
/**
 * Inputs named by their visible label: a text node just before an input (a
 * form row's "Name:", a text field's label above it) becomes the input's
 * `aria-labelledby`, so a screen reader says what the eye reads, not the
 * placeholder. An app's own `label` or `text_alt` wins when it says
 * something else than the text beside the field.
 *
 * @module
 */

/** The label's words as compared with an input's name: no trailing colon, case or spaces. */
export function labelWords(text: string): string {
  return text.replace(/[\s:：*]+$/u, "").trim().toLowerCase();
}

/** Binds every input under `root` to the text node before it (call after a render). */
export function bindLabels(root: HTMLElement): void {
  for (const input of root.querySelectorAll<HTMLElement>(".vp-input")) bind(input);
}

function bind(input: HTMLElement): void {
  const label = labelNode(input);
  const named = input.getAttribute("data-vp-name");
  const fits = label !== null && labelWords(label.textContent ?? "") !== "" &&
    (named === null || labelWords(named) === labelWords(label.textContent ?? ""));
  if (!fits) {
    if (input.hasAttribute("aria-labelledby")) {
      input.removeAttribute("aria-labelledby");
      const name = named ?? input.getAttribute("placeholder");
      if (name) input.setAttribute("aria-label", name);
    }
    return;
  }
  const id = label.id || `vp-label-${label.getAttribute("data-vp-id")}`;
  if (label.id !== id) label.id = id;
  if (input.getAttribute("aria-labelledby") !== id) input.setAttribute("aria-labelledby", id);
  if (input.hasAttribute("aria-label")) input.removeAttribute("aria-label");
}

/** The text node right before the input in its box, if it is a plain text (not a heading). */
function labelNode(input: HTMLElement): HTMLElement | null {
  const prev = input.previousElementSibling as HTMLElement | null;
  if (!prev || !prev.classList.contains("vp-text") || !prev.hasAttribute("data-vp-id")) return null;
  const role = prev.getAttribute("role");
  return role === null || role === "none" ? prev : null;
}
