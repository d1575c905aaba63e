import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, normalize } from 'node:path';

const ROOT = join(import.meta.dirname, '..', '..');
export const FIXTURES = join(ROOT, 'test', 'fixtures', 'edgar');
export const FULL_SUBMISSIONS = join(ROOT, 'corpus', 'edgar-full-submissions');

export interface SeenRequest {
  method: string;
  path: string;
  userAgent: string | undefined;
  host: string | undefined;
  at: number;
}

export type Handler = (req: IncomingMessage, res: ServerResponse, count: number) => void;

export interface EdgarTestServer {
  url: string;
  requests: SeenRequest[];
  /** Answer `path` with `handler` (called with how many times it was asked), or stop (undefined). */
  override(path: string, handler: Handler | undefined): void;
  /** Paths asked for, in order. */
  paths(): string[];
  close(): Promise<void>;
}

/** The corpus's full submissions by accession number. */
export function fullSubmissions(): Map<string, string> {
  const out = new Map<string, string>();
  for (const name of readdirSync(FULL_SUBMISSIONS)) {
    const m = /(\d{10}-\d{2}-\d{6})\.txt$/.exec(name);
    if (m) out.set(m[1]!, join(FULL_SUBMISSIONS, name));
  }
  return out;
}

const NOT_FOUND = '<!DOCTYPE html>\n<html><head><title>SEC.gov | File Not Found Error Alert (404)</title></head><body><h1>File Not Found</h1></body></html>\n';

/** A stand-in for www.sec.gov and data.sec.gov on 127.0.0.1, port 0, serving the fixtures. */
export async function startEdgarServer(): Promise<EdgarTestServer> {
  const docs = fullSubmissions();
  const overrides = new Map<string, Handler>();
  const counts = new Map<string, number>();
  const requests: SeenRequest[] = [];
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    requests.push({ method: req.method ?? '', path, userAgent: req.headers['user-agent'], host: req.headers.host, at: Date.now() });
    const count = (counts.get(path) ?? 0) + 1;
    counts.set(path, count);
    const handler = overrides.get(path);
    if (handler) return handler(req, res, count);
    const file = resolveFile(path, docs);
    if (!file) {
      res.writeHead(404, { 'Content-Type': 'text/html' }).end(NOT_FOUND);
      return;
    }
    const type = file.endsWith('.json') ? 'application/json' : 'text/plain';
    res.writeHead(200, { 'Content-Type': type, 'Content-Length': statSync(file).size }).end(readFileSync(file));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    override: (path, handler) => {
      counts.delete(path);
      if (handler) overrides.set(path, handler);
      else overrides.delete(path);
    },
    paths: () => requests.map((r) => r.path),
    close: () => new Promise<void>((r) => {
      server.closeAllConnections();
      server.close(() => r());
    }),
  };
}

function resolveFile(path: string, docs: Map<string, string>): string | undefined {
  const doc = /^\/Archives\/edgar\/data\/(\d+)\/(?:\d{18}\/)?(\d{10}-\d{2}-\d{6})\.txt$/.exec(path);
  if (doc) return docs.get(doc[2]!);
  const file = normalize(join(FIXTURES, path));
  if (!file.startsWith(FIXTURES + '/') || file.endsWith('README.md')) return undefined;
  try {
    return statSync(file).isFile() ? file : undefined;
  } catch {
    return undefined;
  }
}

/** A handler that answers `status` with headers (a 429 or 503 with Retry-After) `times` times, then the fixture. */
export function failing(status: number, times: number, headers: Record<string, string> = {}): Handler {
  return (req, res, count) => {
    if (count <= times) {
      res.writeHead(status, { 'Content-Type': 'text/html', ...headers }).end(`<html><body>${status}</body></html>`);
      return;
    }
    serveFixture(req, res);
  };
}

/** Serve what the server would have served without an override. */
export function serveFixture(req: IncomingMessage, res: ServerResponse): void {
  const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
  const file = resolveFile(path, fullSubmissions());
  if (!file) res.writeHead(404).end(NOT_FOUND);
  else res.writeHead(200, { 'Content-Length': statSync(file).size }).end(readFileSync(file));
}

/** Send the headers and half the body, then drop the connection (`times` times; then the fixture). */
export function droppingMidBody(times: number): Handler {
  return (req, res, count) => {
    if (count > times) return serveFixture(req, res);
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const body = readFileSync(resolveFile(path, fullSubmissions())!);
    res.writeHead(200, { 'Content-Length': body.length });
    res.write(body.subarray(0, body.length >> 1), () => res.socket?.destroy());
  };
}
