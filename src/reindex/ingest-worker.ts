import { parentPort, workerData } from 'node:worker_threads';
import { createDefaultIngester } from './default-ingester.js';
import { DraftCache } from './draft-cache.js';
import { runIngestTask } from './ingest-task.js';
import type { OutcomeMessage, PoolInit, TaskMessage } from './ingester.js';


// One of the pool's workers (a child process or a worker thread): ingests the files it is sent,
// one at a time, with the real ingester, writing each file's drafts to the shared draft cache
// (each entry written atomically, so two workers never tear one).
// what the pool tells a worker as it starts it: argv[2] as JSON for a process, workerData for a thread
const init = (parentPort ? workerData : JSON.parse(process.argv[2] ?? '{}')) as PoolInit;
const ingester = await createDefaultIngester();
const cache = new DraftCache<unknown>(init.indexDir, init.code);
const handle = (m: TaskMessage): OutcomeMessage => ({ id: m.id, outcome: runIngestTask(m.task, ingester, cache, init.budgetMs) });

if (parentPort) {
  const port = parentPort;
  port.on('message', (m: TaskMessage) => port.postMessage(handle(m)));
} else {
  // a result sent after the reindex closed the channel (it was killed or gave up on this worker)
  // fails with EPIPE: the worker has no one left to answer, so it ends quietly, not with a crash
  const send = (msg: OutcomeMessage | { ready: true }) => {
    if (!process.connected) return process.exit(0);
    process.send!(msg, undefined, {}, (err) => {
      if (err) process.exit(0);
    });
  };
  process.on('message', (m: TaskMessage) => send(handle(m)));
  // the reindex that started this worker has gone (killed, even with SIGKILL): so does the worker
  process.on('disconnect', () => process.exit(0));
  send({ ready: true });
}
if (parentPort) parentPort.postMessage({ ready: true });
