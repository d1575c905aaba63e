import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, mkdirSync, openSync, readdirSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { EdgarClient } from './edgar-client.js';
import { EdgarFormatError, EdgarHttpError } from './errors.js';
import { corpusFilePath, filingFolderPath, submissionTextPath, type FilingRef } from './filing-ref.js';
import { fullSubmissionName, parseFolderIndex } from './filing-index.js';

/** Temporary files being written, removed by `removeTempFiles` when the fetch is interrupted. */
const inFlight = new Set<string>();

/** Remove the temporary files of downloads still being written (Ctrl-C, SIGTERM). */
export function removeTempFiles(): void {
  for (const tmp of inFlight) rmSync(tmp, { force: true });
  inFlight.clear();
}

const SUBMISSION_START = /^\s*(<SEC-DOCUMENT>|<SEC-HEADER>|<IMS-DOCUMENT>|<IMS-HEADER>|-----BEGIN PRIVACY-ENHANCED MESSAGE-----)/;

/** Throws EdgarFormatError unless `bytes` is a full submission (SGML header, or its PEM envelope). */
export function checkFullSubmission(bytes: Buffer, what: string, url: string): void {
  const head = bytes.subarray(0, 4096).toString('latin1');
  if (SUBMISSION_START.test(head)) return;
  if (/^\s*(<!doctype html|<html|<head|<body)/i.test(head)) {
    const title = /<title[^>]*>([^<]*)<\/title>/i.exec(head)?.[1]?.trim().replace(/\s+/g, ' ');
    throw new EdgarFormatError(what, url, `is an HTML page${title ? ` ("${title.slice(0, 80)}")` : ''}, not a full submission (<SEC-DOCUMENT>…); EDGAR or a proxy answered with an error page`);
  }
  if (bytes.length === 0) throw new EdgarFormatError(what, url, 'is empty, not a full submission');
  throw new EdgarFormatError(what, url, `is not a full submission (it should begin <SEC-DOCUMENT>; it begins ${JSON.stringify(head.trim().slice(0, 40))})`);
}

/** The full submission of `ref`; on a 404 the filing folder's index.json is asked where it is. */
async function fetchSubmission(client: EdgarClient, ref: FilingRef, what: string): Promise<{ bytes: Buffer; url: string }> {
  const path = ref.archivePath ?? submissionTextPath(ref);
  try {
    return { bytes: await client.get('www', path, what), url: client.url('www', path) };
  } catch (err) {
    if (!(err instanceof EdgarHttpError) || err.status !== 404) throw err;
    const folder = filingFolderPath(ref);
    let names: string[];
    try {
      names = parseFolderIndex(await client.getJson('www', `${folder}/index.json`, `the folder of ${what}`), `the folder of ${what}`, client.url('www', `${folder}/index.json`));
    } catch {
      throw err; // the folder does not help: report the filing's own 404
    }
    const name = fullSubmissionName(names, ref.accession);
    if (!name) throw new EdgarFormatError(what, client.url('www', folder), `lists no full submission ${ref.accession}.txt (${names.length} files)`);
    return { bytes: await client.get('www', `${folder}/${name}`, what), url: client.url('www', `${folder}/${name}`) };
  }
}

/** Write `bytes` to `dest` through a temporary dotfile beside it, fsynced and renamed into place. */
export function writeAtomically(dest: string, bytes: Buffer): void {
  const dir = dirname(dest);
  mkdirSync(dir, { recursive: true });
  const base = dest.slice(dir.length + 1);
  // leftovers of a fetch killed with -9 (dotfiles: reindex never reads them)
  for (const name of readdirSync(dir)) if (name.startsWith(`.${base}.`) && name.endsWith('.tmp')) rmSync(join(dir, name), { force: true });
  const tmp = join(dir, `.${base}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
  inFlight.add(tmp);
  try {
    const fd = openSync(tmp, 'w');
    try {
      for (let off = 0; off < bytes.length; ) off += writeSync(fd, bytes, off);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, dest);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  } finally {
    inFlight.delete(tmp);
  }
}

export interface Downloaded {
  ref: FilingRef;
  /** Relative to the corpus folder. */
  file: string;
  bytes: number;
}

/** Download one filing into `corpusDir/edgar/<cik>/<accession>.txt`. */
export async function downloadFiling(client: EdgarClient, ref: FilingRef, corpusDir: string): Promise<Downloaded> {
  const what = `filing ${ref.accession} (${ref.form} of CIK ${ref.cik}, ${ref.filedAt})`;
  const { bytes, url } = await fetchSubmission(client, ref, what);
  checkFullSubmission(bytes, what, url);
  const file = corpusFilePath(ref);
  writeAtomically(join(corpusDir, file), bytes);
  return { ref, file, bytes: bytes.length };
}
