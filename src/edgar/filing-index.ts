import { EdgarFormatError } from './errors.js';

/**
 * A filing folder's `index.json` (`{"directory":{"item":[{"name","type","size",…}],"name",…}}`):
 * the names of the files it lists.
 */
export function parseFolderIndex(json: unknown, what: string, url: string): string[] {
  const dir = (json as { directory?: { item?: unknown } } | null)?.directory;
  if (!dir || !Array.isArray(dir.item)) throw new EdgarFormatError(what, url, 'is not a filing folder listing (no directory.item list)');
  return dir.item.map((it: unknown) => (it as { name?: unknown })?.name).filter((n): n is string => typeof n === 'string');
}

/** The full submission's name among a folder's files (`<accession>.txt`), if listed. */
export function fullSubmissionName(names: string[], accession: string): string | undefined {
  return names.find((n) => n === `${accession}.txt`);
}
