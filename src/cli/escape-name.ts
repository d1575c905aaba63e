// Control characters (C0, DEL, C1), line and paragraph separators and bidirectional overrides:
// in a file name they end the progress line, move the cursor, recolour or reorder what a
// terminal shows. Everything a human reads has them written as escapes instead.
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** `s` with every control character written as an escape (`\n`, `\u001b`): safe on one line of a terminal. */
export function escapeControl(s: string): string {
  return s.replace(UNSAFE, (c) => NAMED[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
