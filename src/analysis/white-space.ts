/**
 * Whether a UTF-16 code unit is what a regular expression's `\s` matches, without a regular
 * expression: the finders test characters one at a time, and `/\s/.test(c)` for each costs more.
 */
export function isWhiteSpace(c: number): boolean {
  if (c < 128) return c === 32 || (c >= 9 && c <= 13);
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}
