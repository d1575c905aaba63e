import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { join } from 'node:path';
import { pino } from 'pino';
import type { Engine } from '../../src/engine/engine.js';
import { MemoryEngine } from '../../src/engine/memory/memory-engine.js';
import { createApp } from '../../src/web/create-app.js';
import { FIXTURES, filesUnder, ingest, INGEST } from '../support/ingest-fixtures.js';

/** The seeds plus a hostile filing, ingested for real: what the web tests serve. */
export function webIndex(): Engine {
  const { releases } = ingest([...filesUnder(join(INGEST, 'seeds')), join(FIXTURES, 'hostile', 'xss-8k-ex99.htm')], FIXTURES);
  return MemoryEngine.fromReleases(releases);
}

export interface RunningApp {
  url: string;
  logs: string[];
  close(): Promise<void>;
}

/** Start the real app on port 0; `getEngine` decides what it serves. Logs are captured. */
export async function startApp(getEngine: () => Engine | undefined): Promise<RunningApp> {
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      logs.push(chunk.toString());
      done();
    },
  });
  const app = createApp({ getEngine, logger: pino({ level: 'info' }, sink) });
  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    logs,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
