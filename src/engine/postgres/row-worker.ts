import { parentPort } from 'node:worker_threads';
import type { Release } from '../../clean/release.js';
import { copyBatch } from './copy-batch.js';

// A worker thread of a bulk load: turns the releases it is sent into COPY text, batch by batch,
// answering in the order asked.
parentPort!.on('message', (task: { upserts: { release: Release; hash: string }[]; rels: number[] }) => {
  parentPort!.postMessage(copyBatch(task.upserts, task.rels, false));
});
