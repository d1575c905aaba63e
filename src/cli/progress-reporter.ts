import cliProgress from 'cli-progress';
import type { ReindexProgress, ReindexSummary } from '../reindex/reindex.js';
import { escapeControl } from './escape-name.js';

/** A progress display: a bar on a terminal, plain lines otherwise (logs, pipes, CI). */
export function createProgressReporter(out: NodeJS.WritableStream & { isTTY?: boolean }): ReindexProgress & { stop(): void } {
  const started = Date.now();
  const mbps = (bytes: number) => (bytes / 1e6 / Math.max(0.001, (Date.now() - started) / 1000)).toFixed(1);
  // file names can hold newlines and escape sequences: every line is written escaped
  const line = (s: string) => out.write(`reindex: ${escapeControl(s)}\n`);
  if (out.isTTY) {
    let bar: cliProgress.SingleBar | undefined;
    const stopBar = () => {
      bar?.stop();
      bar = undefined;
    };
    return {
      stage(name, detail) {
        stopBar();
        line(`${name} ${detail}`);
      },
      file(done, total, bytes, file, releases) {
        if (!bar) {
          bar = new cliProgress.SingleBar(
            { format: 'reindex: files {bar} {value}/{total} | so far {releases} releases, {mb} MB | {rate} MB/s | ETA {eta}s | {file}', stream: out as NodeJS.WriteStream, hideCursor: true },
            cliProgress.Presets.shades_classic,
          );
          bar.start(total, 0, { releases: 0, mb: '0', rate: '0', file: '' });
        }
        bar.update(done, { releases, mb: (bytes / 1e6).toFixed(1), rate: mbps(bytes), file: escapeControl(file).slice(-40) });
      },
      warn(message) {
        if (bar) out.write('\n');
        line(`warning: ${message}`);
      },
      stop: stopBar,
    };
  }
  let lastLine = 0;
  return {
    stage: (name, detail) => line(`${name} ${detail}`),
    file(done, total, bytes, file, releases) {
      // One line per file for small runs; about one a second for big ones.
      if (total <= 50 || done === total || Date.now() - lastLine >= 1000) {
        lastLine = Date.now();
        line(`file ${done}/${total} ${file} · so far: ${releases} releases found, ${(bytes / 1e6).toFixed(1)} MB read, ${mbps(bytes)} MB/s`);
      }
    },
    warn: (message) => line(`warning: ${message}`),
    stop: () => {},
  };
}

/** The end-of-run summary, as lines for a human. */
export function formatSummary(s: ReindexSummary): string {
  const f = s.files;
  const lines = [
    `${s.dryRun ? 'Dry run (nothing written): ' : ''}${s.mode} reindex${s.reason ? ` (${s.reason})` : ''} in ${(s.durationMs / 1000).toFixed(2)} s`,
    `files: ${f.added.length} added, ${f.changed.length} changed, ${f.removed.length} removed, ${f.unchanged} unchanged, ${f.failed.length} failed`,
    `releases: ${s.releases.added} added, ${s.releases.updated} updated, ${s.releases.removed} removed`,
    `boilerplate paragraphs removed from them: ${s.thisRun.boilerplateRemoved}; parts skipped (no release) in the files read: ${s.thisRun.skippedParts}`,
    ...(s.extended ? ['new files cleaned against the index (the rest of the corpus not read)'] : []),
    ...(s.notExtended ? [`whole corpus cleaned again: ${s.notExtended}`] : []),
    ...(s.damagedDrafts?.length ? [`cached drafts damaged (deleted, the files read again): ${s.damagedDrafts.join(', ')}`] : []),
    `the index holds: ${s.releases.total} releases, ${s.boilerplateRemoved} boilerplate paragraphs removed, ${s.skippedParts.length} parts skipped (no release)`,
  ];
  const reasons = new Map<string, number>();
  for (const p of s.skippedParts) reasons.set(p.reason, (reasons.get(p.reason) ?? 0) + 1);
  for (const [reason, n] of [...reasons].sort((a, b) => b[1] - a[1]).slice(0, 10)) lines.push(`  ${n} × ${reason}`);
  for (const x of f.failed) lines.push(`failed: ${x.file}: ${x.reason}`);
  if (s.leftoversRemoved) lines.push(`removed ${s.leftoversRemoved.files.length} files (${(s.leftoversRemoved.bytes / 1e6).toFixed(1)} MB) an interrupted reindex left behind`);
  for (const x of s.passedOver ?? []) lines.push(`passed over: ${x.path}: ${x.reason}`);
  if (s.dryRun) {
    for (const x of f.added) lines.push(`would add: ${x}`);
    for (const x of f.changed) lines.push(`would update: ${x}`);
    for (const x of f.removed) lines.push(`would remove: ${x}`);
  } else lines.push(`index size: ${(s.indexBytes / 1e6).toFixed(2)} MB`);
  // one line per item, whatever a file name holds
  return `${lines.map(escapeControl).join('\n')}\n`;
}
