const FENCE = "\n```";
/** How far back from the limit a line break is worth cutting at. */
const LINE_SLACK = 200;

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
  const lineEnd = kept.lastIndexOf("\n");
  if (lineEnd >= 0 && kept.length - lineEnd <= LINE_SLACK) kept = kept.slice(0, lineEnd + 1);
  else if (/[\uD800-\uDBFF]$/.test(kept)) kept = kept.slice(0, -1);
  const openFence = (kept.match(/^ {0,3}```/gm)?.length ?? 0) % 2 === 1;
  const fence = !openFence ? "" : kept.endsWith("\n") ? FENCE.slice(1) : FENCE;
  return `${kept}${fence}${note(text.length - kept.length)}`;
}

/** GitHub refuses issue and pull request comments (and review replies) longer than this. */
export const MAX_COMMENT_BODY = 65_536;

/**
 * A comment's body that fits GitHub's limit: `text` is cut if it must be, `trailer` (the
 * app's hidden markers) is always kept whole at the end.
 */
export function commentBody(text: string, trailer = ""): string {
  return `${fitBody(text, MAX_COMMENT_BODY - trailer.length)}${trailer}`;
}
