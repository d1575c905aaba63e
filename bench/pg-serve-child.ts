import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { openEngine } from '../src/engine/open-engine.js';
import { createApp } from '../src/web/create-app.js';

// One web node on the postgres index, in a process of its own (as `npm start -- --engine postgres`
// runs it, with the benchmark's schema): prints its port, serves until SIGTERM.
const [url, schema, poolSize] = process.argv.slice(2) as [string, string, string];
const engine = await openEngine({ backend: 'postgres', url, schema, poolSize: Number(poolSize), watch: true });
const app = createApp({ getEngine: () => engine, logger: pino({ level: 'silent' }) });
const server = app.listen(0, '127.0.0.1', () => process.stdout.write(`${JSON.stringify({ port: (server.address() as AddressInfo).port })}\n`));
process.on('SIGTERM', () => server.close(() => void engine.close().then(() => process.exit(0))));
