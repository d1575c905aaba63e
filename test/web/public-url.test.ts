import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import type { AddressInfo } from 'node:net';
import { resolveConfig, UsageError } from '../../src/cli/config.js';
import { createApp } from '../../src/web/create-app.js';
import { webIndex } from './start-app.js';

/** GET with a Host header of our choosing (fetch will not send a forged one). */
function getWithHost(port: number, path: string, host: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers: { Host: host } }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve(body));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('absolute URLs', () => {
  const engine = webIndex();
  const servers: import('node:http').Server[] = [];
  const start = async (publicUrl?: string) => {
    const server = createApp({ getEngine: () => engine, logger: pino({ level: 'silent' }), publicUrl }).listen(0, '127.0.0.1');
    await new Promise<void>((r) => server.once('listening', () => r()));
    servers.push(server);
    return (server.address() as AddressInfo).port;
  };
  let configured: number;
  let open: number;
  beforeAll(async () => {
    configured = await start('https://search.example.com');
    open = await start();
  });
  afterAll(() => Promise.all(servers.map((s) => new Promise<void>((r) => s.close(() => r())))));

  it('come from the configured public URL, never from a forged Host header', async () => {
    const xml = await getWithHost(configured, '/opensearch.xml', 'evil.example');
    expect(xml).toContain('https://search.example.com/search?q={searchTerms}');
    expect(xml).not.toContain('evil.example');
  });

  it('come from the request when none is configured (a server used directly)', async () => {
    const xml = await getWithHost(open, '/opensearch.xml', 'localhost:1234');
    expect(xml).toContain('http://localhost:1234/search?q={searchTerms}');
  });

  it('are configured by --public-url or PUBLIC_URL, checked', () => {
    expect(resolveConfig({ 'public-url': 'https://s.example.com/prs/' }, {}, '/').publicUrl).toBe('https://s.example.com/prs');
    expect(resolveConfig({}, { PUBLIC_URL: 'http://10.0.0.5:8080' }, '/').publicUrl).toBe('http://10.0.0.5:8080');
    expect(resolveConfig({}, {}, '/').publicUrl).toBeUndefined();
    expect(() => resolveConfig({ 'public-url': 'search.example.com' }, {}, '/')).toThrow(UsageError);
    expect(() => resolveConfig({}, { PUBLIC_URL: 'ftp://x.example' }, '/')).toThrow(/PUBLIC_URL must be an http or https URL/);
  });
});
