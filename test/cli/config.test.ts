import { describe, expect, it } from 'vitest';
import { resolveConfig, UsageError } from '../../src/cli/config.js';

describe('resolveConfig', () => {
  it('uses defaults, then the environment, then flags', () => {
    expect(resolveConfig({}, {}, '/srv/app')).toEqual({ corpusDir: '/srv/app/corpus', indexDir: '/srv/app/index', port: 3000, logLevel: 'info', engine: 'memory' });
    const env = { CORPUS_DIR: '/data/c', INDEX_DIR: 'idx', PORT: '8080', LOG_LEVEL: 'warn' };
    expect(resolveConfig({}, env, '/srv/app')).toEqual({ corpusDir: '/data/c', indexDir: '/srv/app/idx', port: 8080, logLevel: 'warn', engine: 'memory' });
    expect(resolveConfig({ corpus: 'x', index: '/i', port: '0' }, env, '/srv/app')).toEqual({ corpusDir: '/srv/app/x', indexDir: '/i', port: 0, logLevel: 'warn', engine: 'memory' });
  });

  it('refuses a bad port or log level with a message naming the setting', () => {
    expect(() => resolveConfig({ port: 'abc' }, {}, '/')).toThrow(UsageError);
    expect(() => resolveConfig({ port: '70000' }, {}, '/')).toThrow(/--port must be a port number/);
    expect(() => resolveConfig({}, { PORT: '-1' }, '/')).toThrow(/PORT must be a port number/);
    expect(() => resolveConfig({}, { LOG_LEVEL: 'loud' }, '/')).toThrow(/LOG_LEVEL must be one of/);
  });

  it('selects the backend: memory by default, postgres with a database URL from the environment or a flag', () => {
    const url = 'postgres://app:secret-pass@db.internal:5432/prsearch';
    expect(resolveConfig({}, { ENGINE: 'postgres', DATABASE_URL: url }, '/')).toMatchObject({ engine: 'postgres', databaseUrl: url });
    expect(resolveConfig({ engine: 'postgres', 'database-url': 'postgresql://localhost/x' }, { ENGINE: 'memory', DATABASE_URL: url }, '/')).toMatchObject({ engine: 'postgres', databaseUrl: 'postgresql://localhost/x' });
    expect(resolveConfig({ engine: 'memory' }, { ENGINE: 'postgres', DATABASE_URL: url }, '/')).toMatchObject({ engine: 'memory' });
  });

  it('refuses an unknown engine, postgres without a URL, and a URL of another scheme, never echoing a password', () => {
    expect(() => resolveConfig({ engine: 'oracle' }, {}, '/')).toThrow(/--engine must be one of memory, postgres/);
    expect(() => resolveConfig({}, { ENGINE: 'postgres' }, '/')).toThrow(/needs --database-url URL or DATABASE_URL/);
    let message = '';
    try {
      resolveConfig({ engine: 'postgres', 'database-url': 'mysql://root:hunter2-secret@db/x' }, {}, '/');
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toMatch(/must start postgres:\/\/ or postgresql:\/\//);
    expect(message).not.toContain('hunter2-secret');
  });
});
