import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const REPO = join(import.meta.dirname, '..', '..');

/**
 * The dispatcher compiled alone (its only import is the build check) beside stand-in command
 * modules that print what they were given: the real commands are tested in their own files.
 */
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'prsearch-main-'));
  const config = join(dir, 'tsconfig.json');
  writeFileSync(config, JSON.stringify({ extends: join(REPO, 'tsconfig.json'), compilerOptions: { rootDir: REPO, outDir: dir, sourceMap: false, typeRoots: [join(REPO, 'node_modules/@types')] }, files: [join(REPO, 'src/cli/main.ts')], include: [] }));
  execFileSync(process.execPath, [join(REPO, 'node_modules/typescript/bin/tsc'), '-p', config], { stdio: 'pipe' });
  const stub = (code: number) =>
    `process.stdout.write(JSON.stringify({ args: process.argv.slice(2), script: process.argv[1], flags: process.execArgv }));\nprocess.exitCode = ${code};\n`;
  writeFileSync(join(dir, 'src/cli/search.js'), stub(0));
  writeFileSync(join(dir, 'src/cli/inspect.js'), stub(1));
  writeFileSync(join(dir, 'src/cli/reindex.js'), stub(0));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const main = (args: string[], nodeFlags: string[] = []) =>
  spawnSync(process.execPath, [...nodeFlags, join(dir, 'src/cli/main.js'), ...args], { encoding: 'utf8', env: { ...process.env, PRSEARCH_CHILD: '' } });

describe('prsearch <command>', () => {
  it('hands the command its arguments as if it were run on its own, and its exit code', () => {
    const out = main(['search', '--json', 'GTI 2040']);
    expect(out.status).toBe(0);
    expect(JSON.parse(out.stdout)).toMatchObject({ args: ['--json', 'GTI 2040'], script: join(dir, 'src/cli/search.js') });
    expect(main(['inspect', 'x']).status).toBe(1);
  });

  it('restarts Node with the options a command needs when they were not given, and not when they were', () => {
    expect(JSON.parse(main(['reindex', '--full']).stdout)).toMatchObject({ args: ['--full'], flags: expect.arrayContaining(['--max-semi-space-size=64']) });
    const given = JSON.parse(main(['reindex'], ['--max-semi-space-size=32']).stdout) as { flags: string[] };
    expect(given.flags).toEqual(['--max-semi-space-size=32']);
  });

  it('lists the commands, and refuses an unknown one', () => {
    const help = main(['--help']);
    expect(help.status).toBe(0);
    for (const c of ['serve', 'reindex', 'search', 'inspect', 'eval']) expect(help.stdout).toContain(`  ${c} `);
    const unknown = main(['serach']);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/unknown command "serach"/);
    expect(main([]).status).toBe(2);
  });
});
