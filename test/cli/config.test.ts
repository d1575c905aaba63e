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

  it('takes a read replica for the postgres engine from --replica-url or REPLICA_URL; readers get it, writers never', async () => {
    const { engineConfig } = await import('../../src/cli/config.js');
    const primary = 'postgres://app@primary/prsearch';
    const replica = 'postgres://app@replica/prsearch';
    const config = resolveConfig({ engine: 'postgres', 'database-url': primary }, { REPLICA_URL: replica }, '/');
    expect(config).toMatchObject({ databaseUrl: primary, replicaUrl: replica });
    expect(engineConfig(config, { watch: true })).toMatchObject({ backend: 'postgres', url: primary, replicaUrl: replica });
    expect(engineConfig(config, { writer: 'if-missing' })).not.toHaveProperty('replicaUrl');
    expect(resolveConfig({ engine: 'postgres', 'database-url': primary, 'replica-url': 'postgresql://r2/x' }, { REPLICA_URL: replica }, '/')).toMatchObject({ replicaUrl: 'postgresql://r2/x' });
    // the environment's replica applies to postgres only; a flag for memory is a mistake said so
    expect(resolveConfig({}, { REPLICA_URL: replica }, '/')).not.toHaveProperty('replicaUrl');
    expect(() => resolveConfig({ 'replica-url': replica }, {}, '/')).toThrow(/--replica-url is a replica of the postgres index: add --engine postgres/);
    expect(() => resolveConfig({ engine: 'postgres', 'database-url': primary, 'replica-url': 'http://x:pw-secret@r/x' }, {}, '/')).toThrow(/--replica-url must start postgres:\/\//);
  });
});
