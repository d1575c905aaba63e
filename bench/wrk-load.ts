import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cpuMs } from './cpu-time.js';

/** What one load run measured (the fields cluster-bench reports for either generator). */
export interface LoadResult {
  rps: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  total: number;
  /** CPU the generator itself used, in seconds. */
  generatorCpuSeconds: number;
}

/** wrk's latency as it prints it (`1.23ms`, `850.00us`, `1.02s`), in ms. */
export function wrkMs(text: string): number {
  const m = /^([\d.]+)(us|ms|s|m)$/.exec(text.trim());
  if (!m) return Number.NaN;
  const v = Number(m[1]);
  return m[2] === 'us' ? v / 1000 : m[2] === 'ms' ? v : m[2] === 's' ? v * 1000 : v * 60_000;
}

/** The figures of wrk's `--latency` report. */
export function parseWrk(out: string): Omit<LoadResult, 'generatorCpuSeconds'> {
  const pct = (p: string) => wrkMs(new RegExp(`^\\s+${p}%\\s+(\\S+)`, 'm').exec(out)?.[1] ?? '');
  const total = Number(/(\d+) requests in/.exec(out)?.[1] ?? 0);
  const non2xx = Number(/Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1] ?? 0);
  const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out);
  const socketErrors = socket ? socket.slice(1).reduce((s, x) => s + Number(x), 0) : 0;
  return { rps: Math.round(Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? 0)), p50Ms: pct('50'), p99Ms: pct('99'), errors: non2xx + socketErrors, total };
}

/**
 * Load `url` with wrk (C, one thread, epoll): it spends a few per cent of a core where autocannon
 * spends most of one, so on a two-core machine the server's workers get the cores to themselves.
 */
export async function wrkLoad(url: string, paths: readonly string[], connections: number, seconds: number): Promise<LoadResult> {
  const dir = mkdtempSync(join(tmpdir(), 'wrk-'));
  const script = join(dir, 'paths.lua');
  writeFileSync(script, `local paths = {${paths.map((p) => JSON.stringify(p)).join(',\n')}}\nlocal i = 0\nrequest = function()\n  i = i % #paths + 1\n  return wrk.format("GET", paths[i])\nend\n`);
  try {
    const child = spawn('wrk', ['-t1', `-c${connections}`, `-d${seconds}s`, '--latency', '-s', script, url], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    let cpu = 0;
    // sampled while it runs: /proc forgets the process once it has exited
    const timer = setInterval(() => (cpu = Math.max(cpu, cpuMs([child.pid!]) / 1000)), 200);
    const code = await new Promise<number>((resolve, reject) => {
      child.once('error', (e) => reject(new Error(`wrk could not be started (${e.message}): install it with \`apt-get install wrk\`, or leave out --generator wrk`)));
      child.once('exit', (c) => resolve(c ?? 1));
    });
    clearInterval(timer);
    if (code !== 0) throw new Error(`wrk exited with ${code}: ${err || out}`);
    return { ...parseWrk(out), generatorCpuSeconds: cpu };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
