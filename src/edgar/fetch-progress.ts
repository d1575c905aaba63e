import cliProgress from 'cli-progress';
import type { FetchProgress, FetchSummary } from './run-fetch.js';

/** Progress on stderr: a bar on a terminal, plain lines otherwise (cron logs, pipes). */
export function createFetchProgress(out: NodeJS.WritableStream & { isTTY?: boolean }): FetchProgress & { stop(): void } {
  const line = (s: string) => out.write(`fetch: ${s}\n`);
  if (out.isTTY) {
    let bar: cliProgress.SingleBar | undefined;
    return {
      info: (m) => (bar ? undefined : line(m)),
      warn(m) {
        if (bar) out.write('\n');
        line(m);
      },
      filing(done, total, bytes, label) {
        if (!bar) {
          bar = new cliProgress.SingleBar(
            { format: 'fetch: filings {bar} {value}/{total} | {mb} MB | ETA {eta}s | {file}', stream: out as NodeJS.WriteStream, hideCursor: true },
            cliProgress.Presets.shades_classic,
          );
          bar.start(total, 0, { mb: '0.0', file: '' });
        }
        bar.update(done, { mb: (bytes / 1e6).toFixed(1), file: label });
      },
      stop() {
        bar?.stop();
        bar = undefined;
      },
    };
  }
  let last = 0;
  return {
    info: line,
    warn: line,
    filing(done, total, bytes, label) {
      if (total <= 50 || done === total || Date.now() - last >= 1000) {
        last = Date.now();
        line(`filing ${done}/${total} ${label} · ${(bytes / 1e6).toFixed(1)} MB so far`);
      }
    },
    stop() {},
  };
}

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(2)} MB`;

/** The end-of-run summary, as lines for a human. */
export function formatFetchSummary(s: FetchSummary, corpusDir: string): string {
  const lines = [
    `filings listed: ${s.listed}`,
    `downloaded: ${s.downloaded.length} (${mb(s.bytes)}) into ${corpusDir}`,
    `already present: ${s.present.length}`,
    `failed: ${s.failed.length}`,
    ...s.failed.map((f) => `  ${f.reason}`),
    ...s.notes.map((n) => `note: ${n}`),
    ...(s.stopped ? [`stopped: ${s.stopped}`] : []),
    `in ${(s.durationMs / 1000).toFixed(2)} s`,
  ];
  return `${lines.join('\n')}\n`;
}
