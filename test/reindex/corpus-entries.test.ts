import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createProgressReporter, formatSummary } from '../../src/cli/progress-reporter.js';
import { escapeControl } from '../../src/cli/escape-name.js';
import { scanCorpus } from '../../src/reindex/corpus-files.js';
import { reindex } from '../../src/reindex/reindex.js';
import { copySeeds } from '../cli/corpus-fixture.js';
import { simpleIngester } from './simple-ingester.js';

// Issue 21, item 8: symbolic links, dangling links, FIFOs and unreadable folders in the corpus were
// skipped without a word, and a file name with a newline broke the progress line. An unreadable
// folder is simulated (a root user, as in CI containers, reads any folder whatever its mode).
vi.mock('node:fs', async (original) => {
  const fs = await original<typeof import('node:fs')>();
  return {
    ...fs,
    readdirSync: ((path: import('node:fs').PathLike, ...rest: unknown[]) => {
      if (String(path).endsWith('locked')) throw Object.assign(new Error('EACCES: simulated'), { code: 'EACCES' });
      return (fs.readdirSync as (...a: unknown[]) => unknown)(path, ...rest);
    }) as typeof fs.readdirSync,
  };
});

const EVIL = 'evil\nname\u001b[31m.txt';
let root: string;
let corpus: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'corpus-entries-'));
  corpus = join(root, 'corpus');
  mkdirSync(corpus);
  copySeeds(corpus);
  writeFileSync(join(root, 'outside.txt'), 'OUTSIDE HEADLINE\n\nnot in the corpus\n');
  symlinkSync(join(root, 'outside.txt'), join(corpus, 'link.txt'));
  symlinkSync(join(root, 'gone.txt'), join(corpus, 'dangling.txt'));
  execFileSync('mkfifo', [join(corpus, 'pipe.txt')]);
  mkdirSync(join(corpus, 'locked'));
  writeFileSync(join(corpus, EVIL), 'EVIL HEADLINE\n\nA release in a file whose name holds a newline.\n');
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('corpus entries that are not files', () => {
  it('are listed with the reason, the files read as before', () => {
    const scan = scanCorpus(corpus);
    expect(scan.files).toContain(EVIL);
    expect(scan.files.filter((f) => f.startsWith('seeds/'))).toHaveLength(4);
    expect(scan.passedOver).toEqual([
      { path: 'dangling.txt', reason: 'dangling symbolic link: its target does not exist' },
      { path: 'link.txt', reason: 'symbolic link: not followed (nothing outside the corpus is read); copy the file in instead' },
      { path: 'locked', reason: 'folder cannot be read (EACCES)' },
      { path: 'pipe.txt', reason: 'named pipe (FIFO): not a file' },
    ]);
  });

  it('are in the reindex summary and its printed form; names with control characters are escaped everywhere a human reads', async () => {
    const written: string[] = [];
    const out = { write: (s: string) => written.push(s) > 0, isTTY: false } as unknown as NodeJS.WritableStream;
    const summary = await reindex({ corpusDir: corpus, indexDir: join(root, 'index'), progress: createProgressReporter(out) }, simpleIngester);
    expect(summary.passedOver?.map((p) => p.path)).toEqual(['dangling.txt', 'link.txt', 'locked', 'pipe.txt']);
    expect(summary.files.added).toContain(EVIL);
    const printed = formatSummary({ ...summary, files: { ...summary.files, failed: [{ file: EVIL, reason: 'cannot be read (EIO)' }] } });
    expect(printed).toContain('passed over: pipe.txt: named pipe (FIFO): not a file');
    expect(printed).toContain('failed: evil\\nname\\u001b[31m.txt: cannot be read (EIO)');
    // every progress line is one line, with no escape sequence left in it
    const progress = written.join('');
    expect(progress).toContain('evil\\nname\\u001b[31m.txt');
    expect(progress).toContain('warning: link.txt: passed over: symbolic link');
    for (const line of `${progress}${printed}`.split('\n').filter(Boolean)) expect(line).not.toMatch(/[\u0000-\u001f]/);
    expect(progress.split('\n').filter(Boolean).every((l) => l.startsWith('reindex: '))).toBe(true);
  });

  it('escapeControl writes control characters, separators and bidi overrides as escapes, and leaves the rest', () => {
    expect(escapeControl('a\tb\r\n\u0000\u007f\u009b\u2028\u202e é ü 中')).toBe('a\\tb\\r\\n\\u0000\\u007f\\u009b\\u2028\\u202e é ü 中');
  });
});
