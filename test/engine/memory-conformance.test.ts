/** The backend conformance suite against the memory backend: in memory, and over an index folder. */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { openEngine } from '../../src/engine/open-engine.js';
import { describeEngineConformance } from './engine-conformance.js';

const dirs: string[] = [];
/** A new, empty index folder under the system's temporary folder (removed after the file's tests). */
function freshDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'memory-conformance-'));
  dirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describeEngineConformance('memory, in memory', () => openEngine({ backend: 'memory' }));

// An empty folder has no index to load yet: it is opened as a writer that only commits
// (`lazy`), the way reindex creates an index. A folder holding one loads it, now or lazily.
for (const lazy of [false, true]) {
  describeEngineConformance(
    `memory, on disk${lazy ? ', loaded lazily' : ''}`,
    (dir = freshDir()) => openEngine({ backend: 'memory', indexDir: dir, lazy: lazy || readdirSync(dir).length === 0 }),
    { persistent: true },
  );
}
