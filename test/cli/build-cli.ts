import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..', '..');

/**
 * Compile the product into a private folder under test-output/ (not dist/, which other runs
 * may be writing) so tests can run the real commands as separate processes.
 * Type errors elsewhere in the tree do not stop the emit.
 */
export function buildCli(name: string): { dir: string; script(cmd: 'reindex' | 'serve'): string; clean(): void } {
  const dir = join(ROOT, 'test-output', `${name}-${process.pid}`);
  rmSync(dir, { recursive: true, force: true });
  try {
    execFileSync(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(ROOT, 'tsconfig.build.json'), '--outDir', dir, '--sourceMap', 'false'], {
      cwd: ROOT,
      stdio: 'pipe',
    });
  } catch {
    // emitted anyway; a missing module shows up when the command runs
  }
  devStub(dir);
  return {
    dir,
    script: (cmd) => join(dir, 'src', 'cli', `${cmd}.js`),
    clean: () => rmSync(dir, { recursive: true, force: true }),
  };
}

// Stand-ins used only while src/web/create-app.ts and src/clean/ingest-file.ts +
// finalize-releases.ts are absent from the tree (they are written in parallel); each use is
// announced on stderr. Delete this function once those modules exist.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
function devStub(dir: string): void {
  const web = join(dir, 'src', 'web');
  if (!existsSync(join(web, 'create-app.js'))) {
    process.stderr.write('build-cli: src/web/create-app.ts is missing: using a minimal stand-in app\n');
    mkdirSync(web, { recursive: true });
    writeFileSync(join(web, 'create-app.js'), `import express from 'express';
import { search } from '../search/search.js';
export function createApp({ getIndex }) {
  const app = express();
  app.get('/healthz', (_q, res) => { const i = getIndex(); if (!i) return res.status(503).json({ status: 'loading' }); res.json({ status: 'ok', releases: i.info.releases, builtAt: i.info.builtAt }); });
  app.get('/api/search', (q, res) => { const i = getIndex(); if (!i) return res.status(503).end(); res.json(search(i, { q: String(q.query.q ?? ''), page: 1, size: 10 })); });
  return app;
}
`);
  }
  const clean = join(dir, 'src', 'clean');
  if (existsSync(join(clean, 'ingest-file.js'))) return;
  process.stderr.write('build-cli: src/clean/ingest-file.ts is missing: using a one-release-per-file stand-in ingest\n');
  mkdirSync(clean, { recursive: true });
  writeFileSync(join(clean, 'ingest-file.js'), `import { createHash } from 'node:crypto';
export function ingestFile(file, bytes) {
  const text = new TextDecoder('latin1').decode(bytes);
  const paragraphs = text.split(/\\n\\s*\\n/).map((p) => p.replace(/\\s+/g, ' ').trim()).filter(Boolean);
  const body = paragraphs.join('\\n\\n');
  const id = createHash('sha256').update(body.toLowerCase()).digest('hex').slice(0, 12);
  const title = paragraphs.find((p) => /[A-Z]{5,} [A-Z]{4,}/.test(p)) ?? '';
  return { drafts: [{ id, title, subtitle: '', date: '', place: '', company: 'Test', tickers: [], body, sources: [{ file, part: 'document' }], removed: [] }], skipped: [] };
}
`);
  writeFileSync(join(clean, 'finalize-releases.js'), `export function finalizeReleases(drafts) {
  const byId = new Map();
  for (const d of drafts) { const s = byId.get(d.id); if (s) s.sources.push(...d.sources); else byId.set(d.id, { ...d, sources: [...d.sources] }); }
  return [...byId.values()];
}
`);
}
