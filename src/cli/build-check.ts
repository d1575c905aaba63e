/**
 * Build once, then only when a source changed: the commands run the compiled output in dist/,
 * and this module decides, in a few milliseconds, whether dist/ is older than the sources.
 *
 * The inputs are the TypeScript files under the folders tsconfig.build.json includes (src/,
 * bench/) and the tsconfig*.json files. A build records in dist/.build-stamp.json the list of
 * inputs and the newest modification time among them, taken before tsc started (so a file
 * saved while tsc runs is seen next time). dist/ is stale when an input is newer than that,
 * when an input was added, removed or renamed (the list differs), or when an output is missing.
 *
 * This module imports nothing from the project: it runs before the (possibly stale) command
 * modules are loaded.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface BuildPaths {
  /** The project folder (package.json, tsconfig.build.json, src/). */
  root: string;
  /** Where tsc writes (dist/). */
  outDir: string;
}

/** What a build was made from. */
export interface Snapshot {
  /** Input files relative to the root, `/`-separated, sorted. */
  files: string[];
  /** The newest modification time among them (ms). */
  newestMtimeMs: number;
  /** The input with that time. */
  newest: string;
}

interface Stamp extends Snapshot {
  version: 1;
  builtAt: string;
}

export type BuildStatus = { stale: false } | { stale: true; reason: string };

const STAMP = '.build-stamp.json';
const LOCK = '.build.lock';
const SOURCE = /\.(ts|mts|cts|tsx)$/;

/** The folders and files tsconfig.build.json includes (`src`, `bench`); those two if it cannot be read. */
function includedRoots(root: string): string[] {
  try {
    const config = JSON.parse(readFileSync(join(root, 'tsconfig.build.json'), 'utf8')) as { include?: unknown };
    if (Array.isArray(config.include) && config.include.every((x) => typeof x === 'string')) {
      // "src/**/*" → "src": the walk below takes every TypeScript file under it
      return [...new Set((config.include as string[]).map((x) => x.replace(/[*?[{].*$/, '').replace(/[\\/]+$/, '')).filter(Boolean))];
    }
  } catch {
    // fall through
  }
  return ['src', 'bench'];
}

function walk(dir: string, out: string[]): void {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of entries) {
    if (e.name.startsWith('.') || e.name === 'node_modules') continue;
    const path = join(dir, e.name);
    if (e.isDirectory()) walk(path, out);
    else if (SOURCE.test(e.name)) out.push(path);
  }
}

/** The inputs of a build as they are now. */
export function snapshot(root: string): Snapshot {
  const paths: string[] = [];
  for (const entry of includedRoots(root)) {
    const path = resolve(root, entry);
    let isDir = false;
    try {
      isDir = statSync(path).isDirectory();
    } catch {
      continue;
    }
    if (isDir) walk(path, paths);
    else if (SOURCE.test(path)) paths.push(path);
  }
  for (const name of readdirSync(root)) if (/^tsconfig.*\.json$/.test(name)) paths.push(join(root, name));
  let newestMtimeMs = 0;
  let newest = '';
  const files: string[] = [];
  for (const path of paths) {
    const rel = relative(root, path).split(sep).join('/');
    files.push(rel);
    const { mtimeMs } = statSync(path);
    if (mtimeMs > newestMtimeMs) [newestMtimeMs, newest] = [mtimeMs, rel];
  }
  files.sort();
  return { files, newestMtimeMs, newest };
}

/** The JavaScript file tsc writes for a source (none for a declaration file or a tsconfig). */
function outputOf(rel: string): string | undefined {
  if (/\.d\.[mc]?ts$/.test(rel) || !SOURCE.test(rel)) return undefined;
  return rel.replace(/\.mts$/, '.mjs').replace(/\.cts$/, '.cjs').replace(/\.tsx?$/, '.js');
}

function readStamp(outDir: string): Stamp | undefined {
  try {
    const stamp = JSON.parse(readFileSync(join(outDir, STAMP), 'utf8')) as Stamp;
    return stamp.version === 1 && Array.isArray(stamp.files) && typeof stamp.newestMtimeMs === 'number' ? stamp : undefined;
  } catch {
    return undefined;
  }
}

function listDiff(label: string, names: string[]): string {
  return `${names.slice(0, 3).join(', ')}${names.length > 3 ? ` and ${names.length - 3} more` : ''} ${label}`;
}

/** Whether dist/ must be rebuilt, and why. */
export function checkBuild(paths: BuildPaths, now: Snapshot = snapshot(paths.root)): BuildStatus {
  const stamp = readStamp(paths.outDir);
  if (!stamp) return { stale: true, reason: `no build recorded in ${relative(paths.root, paths.outDir) || '.'}/` };
  if (now.newestMtimeMs > stamp.newestMtimeMs) return { stale: true, reason: `${now.newest} changed` };
  const before = new Set(stamp.files);
  const after = new Set(now.files);
  const added = now.files.filter((f) => !before.has(f));
  if (added.length) return { stale: true, reason: listDiff('added', added) };
  const removed = stamp.files.filter((f) => !after.has(f));
  if (removed.length) return { stale: true, reason: listDiff('removed', removed) };
  for (const f of now.files) {
    const out = outputOf(f);
    if (out && !existsSync(join(paths.outDir, out))) return { stale: true, reason: `${relative(paths.root, paths.outDir)}/${out} is missing` };
  }
  return { stale: false };
}

/** The sources an output in dist/ could have come from. */
function sourcesOf(rel: string): string[] {
  const base = rel.replace(/(\.d)?\.[mc]?[jt]s(\.map)?$/, '');
  if (/\.mjs(\.map)?$|\.d\.mts(\.map)?$/.test(rel)) return [`${base}.mts`, `${base}.mjs`];
  if (/\.cjs(\.map)?$|\.d\.cts(\.map)?$/.test(rel)) return [`${base}.cts`, `${base}.cjs`];
  return [`${base}.ts`, `${base}.tsx`, `${base}.js`, `${base}.jsx`];
}

/** Delete compiled files in dist/ whose source is gone (tsc leaves them, and a stale module could still be imported). */
function pruneOrphans(paths: BuildPaths): void {
  const outputs: string[] = [];
  const collect = (dir: string) => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const path = join(dir, e.name);
      if (e.isDirectory()) collect(path);
      else if (/\.([mc]?js|d\.[mc]?ts)(\.map)?$/.test(e.name)) outputs.push(path);
    }
  };
  for (const entry of includedRoots(paths.root)) collect(join(paths.outDir, entry));
  for (const out of outputs) {
    const rel = relative(paths.outDir, out);
    if (!sourcesOf(rel).some((src) => existsSync(join(paths.root, src)))) rmSync(out, { force: true });
  }
}

/** Record a finished build: delete orphaned outputs, make the command entry executable, write the stamp. */
export function recordBuild(paths: BuildPaths, taken: Snapshot = snapshot(paths.root)): void {
  pruneOrphans(paths);
  const entry = join(paths.outDir, 'src', 'cli', 'main.js');
  if (existsSync(entry)) chmodSync(entry, 0o755);
  mkdirSync(paths.outDir, { recursive: true });
  const stamp: Stamp = { version: 1, builtAt: new Date().toISOString(), ...taken };
  const tmp = join(paths.outDir, `${STAMP}.${process.pid}.tmp`);
  writeFileSync(tmp, `${JSON.stringify(stamp, null, 1)}\n`);
  renameSync(tmp, join(paths.outDir, STAMP));
}

/** Run the project's tsc on tsconfig.build.json; its report goes to stderr (stdout may be --json output). */
export function runProjectTsc(root: string): number {
  const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  if (!existsSync(tsc)) {
    process.stderr.write(`build: TypeScript is not installed in ${root} (run npm ci)\n`);
    return 127;
  }
  const result = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { cwd: root, stdio: ['ignore', 2, 2] });
  return result.status ?? 1;
}

const sleep = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * One build at a time (a server and a reindex started together after an edit): the lock file
 * holds the builder's pid; a lock whose process is gone is taken over.
 */
function lock(outDir: string, log: (line: string) => void, timeoutMs = 10 * 60_000): () => void {
  const file = join(outDir, LOCK);
  mkdirSync(outDir, { recursive: true });
  for (let waited = 0; ; ) {
    try {
      writeFileSync(file, String(process.pid), { flag: 'wx' });
      return () => rmSync(file, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    let holder = 0;
    let age = 0;
    try {
      holder = Number(readFileSync(file, 'utf8'));
      age = Date.now() - statSync(file).mtimeMs;
    } catch {
      continue; // released meanwhile
    }
    // an empty file is a lock being written, unless it has been empty for a while
    if ((holder > 0 && !alive(holder)) || (!holder && age > 5000)) {
      rmSync(file, { force: true });
      continue;
    }
    if (waited === 0) log(`build: waiting for another build (pid ${holder || '?'}) to finish`);
    if (waited > timeoutMs) throw new Error(`another build has held ${file} for ${Math.round(waited / 1000)} s; delete it if no build is running`);
    sleep(100);
    waited += 100;
  }
}

export interface EnsureOptions {
  /** Compile the project; returns tsc's exit code. Default: the project's tsc on tsconfig.build.json. */
  runTsc?: (root: string) => number;
  /** Progress lines (default: stderr). */
  log?: (line: string) => void;
}

export type EnsureResult = { built: false } | { built: true; reason: string } | { failed: true; reason: string; code: number };

/** Rebuild dist/ when it is older than the sources; a no-op (a few stat calls) when it is not. */
export function ensureBuilt(paths: BuildPaths, options: EnsureOptions = {}): EnsureResult {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const runTsc = options.runTsc ?? runProjectTsc;
  if (!checkBuild(paths).stale) return { built: false };
  const release = lock(paths.outDir, log);
  try {
    // taken before tsc runs: a file saved during the build is newer than the stamp
    const taken = snapshot(paths.root);
    const status = checkBuild(paths, taken); // another process may have just built it
    if (!status.stale) return { built: false };
    log(`build: compiling the TypeScript (${status.reason})`);
    // while tsc writes, and after it fails (it writes its output anyway), dist/ matches no recorded build
    rmSync(join(paths.outDir, STAMP), { force: true });
    const code = runTsc(paths.root);
    if (code !== 0) return { failed: true, reason: status.reason, code };
    recordBuild(paths, taken);
    return { built: true, reason: status.reason };
  } finally {
    release();
  }
}

/** The project and dist/ folders of the compiled module at `moduleDir` (dist/src/cli), if it runs from a project checkout. */
export function pathsFrom(moduleDir: string): BuildPaths | undefined {
  const outDir = resolve(moduleDir, '..', '..');
  const root = dirname(outDir);
  if (!existsSync(join(root, 'tsconfig.build.json')) || !existsSync(join(root, 'src'))) return undefined; // an installed copy: dist/ is all there is
  return { root, outDir };
}

// `node dist/src/cli/build-check.js --record`, run by `npm run build` after tsc
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const paths = pathsFrom(import.meta.dirname);
  if (process.argv[2] !== '--record' || !paths) {
    process.stderr.write('Usage: node dist/src/cli/build-check.js --record   (after tsc -p tsconfig.build.json, from a project checkout)\n');
    process.exitCode = 2;
  } else recordBuild(paths);
}
