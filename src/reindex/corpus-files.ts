import { lstatSync, readdirSync, realpathSync } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';

/** A file's path relative to the corpus root with `/` separators: the name the index knows it by. */
export type CorpusPath = string;

/** True for names the corpus scan ignores: dotfiles and the folder's README. */
function ignored(name: string): boolean {
  return name.startsWith('.') || name === 'README.md';
}

/**
 * Every filing under the corpus directory (any depth), sorted, except dotfiles and README.md.
 * Symbolic links are not followed, so nothing outside the corpus is ever read.
 */
export function listCorpusFiles(corpusDir: string): CorpusPath[] {
  const out: CorpusPath[] = [];
  const walk = (dir: string, rel: string): void => {
    for (const name of readdirSync(dir)) {
      if (ignored(name)) continue;
      const abs = join(dir, name);
      const st = lstatSync(abs);
      const r = rel ? `${rel}/${name}` : name;
      if (st.isDirectory()) walk(abs, r);
      else if (st.isFile()) out.push(r);
    }
  };
  walk(corpusDir, '');
  return out.sort();
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
