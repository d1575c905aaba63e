import { fork, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { overBudgetReason, sha256 } from './ingest-task.js';
import type { IngestOutcome, IngestTask, OutcomeMessage, PoolInit, TaskMessage, TaskPool } from './ingester.js';

/** Separate processes (a heap and an allocator each: what scales) or threads of this one. */
export type PoolKind = 'process' | 'thread';

interface Slot {
  send(m: TaskMessage): void;
  kill(): void;
  busy?: { id: number; task: IngestTask; resolve: (o: IngestOutcome) => void; timer: NodeJS.Timeout } | undefined;
  ready: boolean;
  /** Let an idle worker end by itself (a process then writes its --cpu-prof profile). */
  end(): void;
}

/** A worker that does not answer this long after a file's budget has run out is killed (a hang the ingester's own deadline checks missed). */
const GRACE_MS = 5_000;

/** What became of a file whose worker died or hung: read and hashed here, so the index can record it as failed. */
function lost(task: IngestTask, reason: string): IngestOutcome {
  try {
    const bytes = readFileSync(task.path);
    return { kind: 'failed', hash: sha256(bytes), bytes: bytes.length, reason };
  } catch (err) {
    return { kind: 'unreadable', reason: `cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})` };
  }
}

/**
 * Ingest workers: each file is sent to an idle worker, which reads, hashes, ingests and caches
 * it and sends the drafts back. A worker that dies or overruns its file's budget by GRACE_MS is
 * replaced and its file reported as failed, so one filing cannot stop the run.
 */
export class IngestPool implements TaskPool {
  private readonly slots: Slot[] = [];
  private readonly queue: { task: IngestTask; resolve: (o: IngestOutcome) => void }[] = [];
  private nextId = 0;
  private closed = false;

  constructor(
    jobs: number,
    private readonly init: PoolInit,
    private readonly script: string,
    private readonly kind: PoolKind = 'process',
    private readonly graceMs = GRACE_MS,
  ) {
    for (let i = 0; i < jobs; i++) this.slots.push(this.start());
  }

  get size(): number {
    return this.slots.length;
  }

  run(task: IngestTask): Promise<IngestOutcome> {
    return new Promise((resolve) => {
      this.queue.push({ task, resolve });
      this.pump();
    });
  }

  /** Stop every worker (idle ones at once; call when no task is outstanding). */
  close(): void {
    this.closed = true;
    for (const s of this.slots) (s.busy ? s.kill : s.end)();
  }

  private pump(): void {
    for (const s of this.slots) {
      if (!this.queue.length) return;
      if (!s.ready || s.busy) continue;
      const { task, resolve } = this.queue.shift()!;
      const id = this.nextId++;
      const timer = setTimeout(() => this.fail(s, overBudgetReason(this.init.budgetMs)), this.init.budgetMs + this.graceMs);
      s.busy = { id, task, resolve, timer };
      s.send({ id, task });
    }
  }

  /** The worker in `s` is gone or hung: report its file, start another in its place. */
  private fail(s: Slot, reason: string): void {
    const busy = s.busy;
    s.busy = undefined;
    s.kill();
    const i = this.slots.indexOf(s);
    if (i >= 0 && !this.closed) this.slots[i] = this.start();
    if (busy) {
      clearTimeout(busy.timer);
      busy.resolve(lost(busy.task, reason));
    }
  }

  private onMessage(s: Slot, m: OutcomeMessage | { ready: true }): void {
    if ('ready' in m) {
      s.ready = true;
    } else if (s.busy?.id === m.id) {
      const { resolve, timer } = s.busy;
      clearTimeout(timer);
      s.busy = undefined;
      resolve(m.outcome);
    }
    this.pump();
  }

  private start(): Slot {
    const slot: Slot = { ready: false, send: () => {}, kill: () => {}, end: () => {} };
    const gone = (how: string) => {
      if (this.closed || !this.slots.includes(slot)) return;
      this.fail(slot, `cannot be ingested (the ingest worker ${how})`);
    };
    if (this.kind === 'thread') {
      const w = new Worker(this.script, { workerData: this.init });
      w.on('message', (m: OutcomeMessage | { ready: true }) => this.onMessage(slot, m));
      w.on('error', (err) => gone(`failed: ${err.message}`));
      w.on('exit', (code) => gone(`exited with code ${code}`));
      slot.send = (m) => w.postMessage(m);
      slot.kill = () => void w.terminate();
      slot.end = slot.kill;
    } else {
      // 'advanced': drafts cross as V8's structured clone, not JSON; stdout and stderr are this process's
      const c: ChildProcess = fork(this.script, [JSON.stringify(this.init)], { serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
      c.on('message', (m: OutcomeMessage | { ready: true }) => this.onMessage(slot, m));
      c.on('exit', (code, signal) => gone(signal ? `was killed (${signal})` : `exited with code ${code}`));
      c.on('error', (err) => gone(`failed: ${err.message}`));
      slot.send = (m) => c.send(m);
      slot.kill = () => void c.kill('SIGKILL');
      // the worker exits when its channel closes
      slot.end = () => (c.connected ? c.disconnect() : c.kill('SIGKILL'));
    }
    return slot;
  }
}
