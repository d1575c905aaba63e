import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..', '..');

/**
 * Compile the product into a private folder under test-output/ (not dist/, which other runs
 * may be writing) so tests can run the real commands as separate processes.
 */
export function buildCli(name: string): { dir: string; script(cmd: 'reindex' | 'serve' | 'search' | 'inspect'): string; clean(): void } {
  const dir = join(ROOT, 'test-output', `${name}-${process.pid}`);
  rmSync(dir, { recursive: true, force: true });
  execFileSync(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(ROOT, 'tsconfig.build.json'), '--outDir', dir, '--sourceMap', 'false'], {
    cwd: ROOT,
    stdio: 'pipe',
  });
  return {
    dir,
    script: (cmd) => join(dir, 'src', 'cli', `${cmd}.js`),
    clean: () => rmSync(dir, { recursive: true, force: true }),
  };
}
