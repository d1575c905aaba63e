import { describe, expect, it } from 'vitest';
import { resolveConfig, UsageError } from '../../src/cli/config.js';

describe('resolveConfig', () => {
  it('uses defaults, then the environment, then flags', () => {
    expect(resolveConfig({}, {}, '/srv/app')).toEqual({ corpusDir: '/srv/app/corpus', indexDir: '/srv/app/index', port: 3000, logLevel: 'info' });
    const env = { CORPUS_DIR: '/data/c', INDEX_DIR: 'idx', PORT: '8080', LOG_LEVEL: 'warn' };
    expect(resolveConfig({}, env, '/srv/app')).toEqual({ corpusDir: '/data/c', indexDir: '/srv/app/idx', port: 8080, logLevel: 'warn' });
    expect(resolveConfig({ corpus: 'x', index: '/i', port: '0' }, env, '/srv/app')).toEqual({ corpusDir: '/srv/app/x', indexDir: '/i', port: 0, logLevel: 'warn' });
  });

  it('refuses a bad port or log level with a message naming the setting', () => {
    expect(() => resolveConfig({ port: 'abc' }, {}, '/')).toThrow(UsageError);
    expect(() => resolveConfig({ port: '70000' }, {}, '/')).toThrow(/--port must be a port number/);
    expect(() => resolveConfig({}, { PORT: '-1' }, '/')).toThrow(/PORT must be a port number/);
    expect(() => resolveConfig({}, { LOG_LEVEL: 'loud' }, '/')).toThrow(/LOG_LEVEL must be one of/);
  });
});
