import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkBuild, ensureBuilt, pathsFrom, type BuildPaths } from '../../src/cli/build-check.js';

const REPO = join(import.meta.dirname, '..', '..');

let root: string;
let paths: BuildPaths;
let tscRuns: number;

function write(rel: string, text: string, mtime?: Date): void {
  const path = join(root, rel);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
  if (mtime) utimesSync(path, mtime, mtime);
}

/** Stands in for tsc: writes one .js per source, as tsc would. */
function fakeTsc(): number {
  tscRuns++;
  for (const f of ['src/cli/a.ts', 'src/cli/b.ts', 'src/web/c.ts', 'src/web/new.ts', 'src/web/moved.ts', 'bench/run.ts']) {
    if (!existsSync(join(root, f))) continue;
    const out = join(paths.outDir, f.replace(/\.ts$/, '.js'));
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, readFileSync(join(root, f)));
  }
  return 0;
}

const build = (runTsc: (root: string) => number = fakeTsc) => ensureBuilt(paths, { runTsc, log: () => {} });
const later = (s: number) => new Date(Date.now() + s * 1000);

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'build-check-'));
  paths = { root, outDir: join(root, 'dist') };
  tscRuns = 0;
  write('tsconfig.json', '{ "compilerOptions": { "outDir": "dist" } }');
  write('tsconfig.build.json', '{ "extends": "./tsconfig.json", "include": ["src", "bench"] }');
  write('src/cli/a.ts', 'export const a = 1;\n');
  write('src/cli/b.ts', 'export const b = 2;\n');
  write('src/web/c.ts', 'export const c = 3;\n');
  write('src/web/types.d.ts', 'export type T = 1;\n');
  write('bench/run.ts', 'export const run = 0;\n');
  write('views/page.ejs', '<p></p>');
});

afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('the build staleness check', () => {
  it('compiles when nothing was built, then skips tsc until a source is newer than the build', () => {
    expect(checkBuild(paths)).toMatchObject({ stale: true, reason: expect.stringMatching(/no build recorded/) });
    expect(build()).toMatchObject({ built: true });
    expect(tscRuns).toBe(1);
    expect(build()).toEqual({ built: false });
    expect(build()).toEqual({ built: false });
    expect(tscRuns).toBe(1);

    write('src/web/c.ts', 'export const c = 4;\n', later(10));
    expect(checkBuild(paths)).toEqual({ stale: true, reason: 'src/web/c.ts changed' });
    expect(build()).toEqual({ built: true, reason: 'src/web/c.ts changed' });
    expect(tscRuns).toBe(2);
    expect(readFileSync(join(paths.outDir, 'src/web/c.js'), 'utf8')).toContain('4');
    expect(build()).toEqual({ built: false });

    write('bench/run.ts', 'export const run = 1;\n', later(20));
    expect(build()).toMatchObject({ built: true, reason: 'bench/run.ts changed' });
    write('tsconfig.json', '{ "compilerOptions": { "outDir": "dist", "strict": true } }', later(30));
    expect(build()).toMatchObject({ built: true, reason: 'tsconfig.json changed' });
    expect(tscRuns).toBe(4);
  });

  it('ignores files outside the compiled folders and editor files inside them', () => {
    build();
    write('views/page.ejs', '<p>new</p>', later(10));
    write('README.md', 'new', later(10));
    write('src/web/.c.ts.swp', 'x', later(10));
    write('src/web/notes.txt', 'x', later(10));
    expect(build()).toEqual({ built: false });
    expect(tscRuns).toBe(1);
  });

  it('sees a source added, renamed or deleted even when its modification time is old', () => {
    build();
    const old = new Date(Date.now() - 86_400_000);
    write('src/web/new.ts', 'export const n = 1;\n', old);
    expect(build()).toEqual({ built: true, reason: 'src/web/new.ts added' });

    renameSync(join(root, 'src/web/new.ts'), join(root, 'src/web/moved.ts')); // a rename keeps the old mtime
    expect(checkBuild(paths)).toEqual({ stale: true, reason: 'src/web/moved.ts added' });
    build();
    expect(existsSync(join(paths.outDir, 'src/web/moved.js'))).toBe(true);
    expect(existsSync(join(paths.outDir, 'src/web/new.js'))).toBe(false); // the orphan is deleted

    rmSync(join(root, 'src/web/moved.ts'));
    expect(checkBuild(paths)).toEqual({ stale: true, reason: 'src/web/moved.ts removed' });
    build();
    expect(existsSync(join(paths.outDir, 'src/web/moved.js'))).toBe(false);
    expect(existsSync(join(paths.outDir, 'src/web/c.js'))).toBe(true);
    expect(build()).toEqual({ built: false });
    expect(tscRuns).toBe(4);
  });

  it('rebuilds when an output is missing from dist/', () => {
    build();
    rmSync(join(paths.outDir, 'src/cli/b.js'));
    expect(checkBuild(paths)).toEqual({ stale: true, reason: 'dist/src/cli/b.js is missing' });
    build();
    expect(existsSync(join(paths.outDir, 'src/cli/b.js'))).toBe(true);
    expect(tscRuns).toBe(2);
  });

  it('records nothing when tsc fails, so the next command compiles again', () => {
    build();
    write('src/cli/a.ts', 'export const a: number = "x";\n', later(10));
    expect(build(() => (tscRuns++, 2))).toEqual({ failed: true, code: 2, reason: 'src/cli/a.ts changed' });
    expect(checkBuild(paths).stale).toBe(true);
    // even once the file is back as it was with its old time (tsc wrote its output anyway)
    write('src/cli/a.ts', 'export const a = 1;\n', new Date(Date.now() - 86_400_000));
    expect(checkBuild(paths).stale).toBe(true);
    expect(build()).toMatchObject({ built: true });
    expect(tscRuns).toBe(3);
  });

  it('sees next time a source saved while tsc was running', () => {
    build();
    write('src/cli/a.ts', 'export const a = 5;\n', later(10));
    build(() => {
      write('src/cli/b.ts', 'export const b = 6;\n', later(20));
      return fakeTsc();
    });
    expect(checkBuild(paths)).toEqual({ stale: true, reason: 'src/cli/b.ts changed' });
  });

  it('takes over the lock of a build whose process is gone', () => {
    const dead = spawnSync(process.execPath, ['-e', '0']).pid;
    mkdirSync(paths.outDir, { recursive: true });
    writeFileSync(join(paths.outDir, '.build.lock'), String(dead));
    expect(build()).toMatchObject({ built: true });
    expect(existsSync(join(paths.outDir, '.build.lock'))).toBe(false);
  });

  it('finds the project from the compiled module, and nothing to build for an installed copy', () => {
    expect(pathsFrom(join(root, 'dist', 'src', 'cli'))).toEqual({ root, outDir: join(root, 'dist') });
    const installed = mkdtempSync(join(tmpdir(), 'build-check-installed-'));
    try {
      expect(pathsFrom(join(installed, 'dist', 'src', 'cli'))).toBeUndefined();
    } finally {
      rmSync(installed, { recursive: true, force: true });
    }
  });

  it('runs the real tsc on a project, once', () => {
    symlinkSync(join(REPO, 'node_modules'), join(root, 'node_modules'), 'dir');
    write('tsconfig.json', JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', types: [], strict: true, outDir: 'dist', rootDir: '.', skipLibCheck: true } }));
    write('package.json', '{ "type": "module" }');
    const first = ensureBuilt(paths, { log: () => {} });
    expect(first).toMatchObject({ built: true });
    const out = join(paths.outDir, 'src/cli/a.js');
    expect(readFileSync(out, 'utf8')).toContain('export const a = 1;');
    const builtAt = statSync(out).mtimeMs;
    expect(ensureBuilt(paths, { log: () => {} })).toEqual({ built: false });
    expect(statSync(out).mtimeMs).toBe(builtAt);
  });
});
