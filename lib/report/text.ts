/**
 * Untrusted text (pod names, event messages) made safe for a terminal: control characters, including the ESC that
 * starts ANSI sequences, are shown as visible escapes instead of being interpreted.
 */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;

export function terminalSafe(text: string): string {
  return text.replace(CONTROL, (char) => `\\x${char.charCodeAt(0).toString(16).padStart(2, '0')}`);
}
