// C0 and C1 control characters, which includes ESC, the start of terminal escape sequences.
// eslint-disable-next-line no-control-regex
const controlCharacters = /[\u0000-\u001f\u007f-\u009f]/g;

/**
 * Makes text that came from the service safe to write into a terminal or a job log: a title or a
 * user code must not be able to move the cursor, clear the screen, or forge a second log line.
 */
export function printable(text: string): string {
  return text.replace(controlCharacters, "?");
}
