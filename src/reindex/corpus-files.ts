import { lstatSync, readdirSync, realpathSync, statSync, type Stats } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';

/** A file's path relative to the corpus root with `/` separators: the name the index knows it by. */
export type CorpusPath = string;

/** True for names the corpus scan ignores: dotfiles and the folder's README. */
function ignored(name: string): boolean {
  return name.startsWith('.') || name === 'README.md';
}

/** A corpus entry that is not read, and why. */
export interface PassedOver {
  path: CorpusPath;
  reason: string;
}

/** Why an entry that is neither a folder nor a regular file is not read. */
function notAFile(abs: string, st: Stats): string {
  if (st.isSymbolicLink()) {
    try {
      statSync(abs);
      return 'symbolic link: not followed (nothing outside the corpus is read); copy the file in instead';
    } catch {
      return 'dangling symbolic link: its target does not exist';
    }
  }
  if (st.isFIFO()) return 'named pipe (FIFO): not a file';
  if (st.isSocket()) return 'socket: not a file';
  if (st.isBlockDevice() || st.isCharacterDevice()) return 'device: not a file';
  return 'not a regular file';
}

/**
 * Every filing under the corpus directory (any depth), sorted, except dotfiles and README.md,
 * and the entries passed over: symbolic links (never followed, so nothing outside the corpus is
 * ever read), pipes, sockets, devices, and folders or entries that cannot be read. An unreadable
 * corpus folder itself throws.
 */
export function scanCorpus(corpusDir: string): { files: CorpusPath[]; passedOver: PassedOver[] } {
  const files: CorpusPath[] = [];
  const passedOver: PassedOver[] = [];
  const walk = (dir: string, rel: string): void => {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch (err) {
      if (!rel) throw err;
      passedOver.push({ path: rel, reason: `folder cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})` });
      return;
    }
    for (const name of names) {
      if (ignored(name)) continue;
      const abs = join(dir, name);
      const r = rel ? `${rel}/${name}` : name;
      let st: Stats;
      try {
        st = lstatSync(abs);
      } catch (err) {
        passedOver.push({ path: r, reason: `cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})` });
        continue;
      }
      if (st.isDirectory()) walk(abs, r);
      else if (st.isFile()) files.push(r);
      else passedOver.push({ path: r, reason: notAFile(abs, st) });
    }
  };
  walk(corpusDir, '');
  const byPath = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  passedOver.sort((a, b) => byPath(a.path, b.path));
  return { files: files.sort(), passedOver };
}

/** Every filing under the corpus directory (see scanCorpus; what it passes over is not said). */
export function listCorpusFiles(corpusDir: string): CorpusPath[] {
  return scanCorpus(corpusDir).files;
}

/** Thrown when a named file is not inside the corpus directory. */
export class OutsideCorpusError extends Error {
  constructor(file: string, corpusDir: string) {
    super(`${file} is not inside the corpus directory ${corpusDir}; copy it there first (or pass --corpus)`);
    this.name = 'OutsideCorpusError';
  }
}

/** Map a user-given path (absolute, or relative to `cwd`) to its corpus path; refuses anything outside. */
export function toCorpusPath(corpusDir: string, file: string, cwd: string): CorpusPath {
  const root = realpathSync(corpusDir);
  const abs = resolve(cwd, file);
  let real = abs;
  try {
    real = realpathSync(abs);
  } catch {
    // a deleted file: resolve its folder if that still exists, else judge the path as written
    try {
      real = resolve(realpathSync(resolve(abs, '..')), abs.split(sep).pop() ?? '');
    } catch {
      real = abs;
    }
  }
  const rel = relative(root, real);
  if (!rel || rel.startsWith('..') || isAbsolute(rel)) throw new OutsideCorpusError(file, corpusDir);
  return rel.split(sep).join('/');
}
