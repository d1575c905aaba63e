/** The face a paragraph of an HTML filing is set in (one style for all of its text). */
export interface BlockStyle {
  bold: boolean;
  italic: boolean;
  /** Font size in points, when the filing states one. */
  size: number | undefined;
  /** Equal for paragraphs set alike. */
  signature: string;
}

/** How a paragraph is looked up by its text: whitespace collapsed, so a reflowed paragraph finds its block. */
export function blockKey(text: string): string {
  return text.replace(/[\s\u00a0]+/g, ' ').trim();
}

/** How prominent a face is: size first, then weight (a headline outranks the deck set under it). */
export function prominence(style: BlockStyle): number {
  return (style.size ?? 10) * 2 + (style.bold ? 1 : 0);
}
