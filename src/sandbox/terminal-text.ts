/**
 * Build and test output with the terminal's controls removed, so what generated code prints
 * cannot recolour, hide, retitle or hyperlink text wherever the app shows it, and holds no NUL
 * (PostgreSQL's jsonb refuses `\u0000`). Kept: printable text, `\n` and `\t`; `\r` becomes a
 * line break, so an overwritten progress line stays visible instead of hiding what it covered.
 *
 * Matched in one pass, longest forms first:
 * - string controls (OSC, e.g. OSC 8 hyperlinks and window titles; DCS, SOS, PM, APC), 7-bit
 *   `ESC ]` or 8-bit C1 introducers, up to BEL or ST; unterminated ones end at the line's end
 *   or the next ESC, so a missing terminator cannot swallow the rest of the output;
 * - CSI (`ESC [` or C1 0x9b, parameters, intermediates, final byte), e.g. colours and cursor moves;
 * - any other escape: ESC, intermediates, a final byte;
 * - every other C0 and C1 control, and DEL.
 */
const TERMINAL_CONTROLS = new RegExp(
  [
    String.raw`(?:\u001b[\]PX^_]|[\u0090\u0098\u009d-\u009f])[^\u0007\u001b\u009c\n]*(?:\u0007|\u001b\\|\u009c)?`,
    String.raw`(?:\u001b\[|\u009b)[\u0030-\u003f]*[\u0020-\u002f]*[\u0040-\u007e]?`,
    String.raw`\u001b[\u0020-\u002f]*[\u0030-\u007e]?`,
    String.raw`[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]`,
  ].join("|"),
  "g",
);

export function stripTerminalControls(text: string): string {
  return text.replaceAll("\r\n", "\n").replaceAll("\r", "\n").replace(TERMINAL_CONTROLS, "");
}
