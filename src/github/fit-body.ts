const FENCE = "\n```";

const note = (omitted: number) =>
  `\n\n> ✂️ ${omitted.toLocaleString("en-US")} more characters cut to fit GitHub's limit.`;

/**
 * `text` cut to at most `max` characters, ending with a visible note saying how much was
 * left out. An open code fence is closed so the note does not render as code.
 */
export function fitBody(text: string, max: number): string {
  if (text.length <= max) return text;
  // The note never grows past the one counting the whole text, so reserve that much.
  const room = max - note(text.length).length - FENCE.length;
  if (room <= 0) return text.slice(0, max);
  let kept = text.slice(0, room);
  if (/[\uD800-\uDBFF]$/.test(kept)) kept = kept.slice(0, -1);
  const openFence = (kept.match(/^ {0,3}```/gm)?.length ?? 0) % 2 === 1;
  return `${kept}${openFence ? FENCE : ""}${note(text.length - kept.length)}`;
}
