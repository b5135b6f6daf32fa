import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { batchDownloadHeaders, batchDownloadStream, batchJobOfPath, chunksOf } from '../../shared/batch-download';
import type { BatchFilePart } from '../../shared/billing';
import { CSP_HEADER } from '../../shared/csp';
import { Worker } from 'node:worker_threads';
import type { Outcome } from '../../shared/outcome';
import type { HarnessDb, ThreadMessage } from './db-thread-messages';
import { contentType, fileInside } from '../../electron/renderer-files';
import { frame, JSON_LENGTH_HEADER } from './frame';

const MAX_BODY = 2 * 1024 * 1024;

export interface Harness {
  /** The address to open: it carries this run's key, which the page then keeps in a cookie. */
  url: string;
  origin: string;
  /** This run's key: the API's header token and the bridge's cookie. */
  token: string;
  /** A call as the window's client makes it, answered by the database thread. */
  call(channel: string, input: unknown): Promise<Outcome<unknown>>;
  /** Milliseconds the host took to open the database (what the app's database process does at launch; not the harness's own compiling and bundling). */
  openMs: number;
  close(): Promise<void>;
}

async function bundleBridge(token: string): Promise<string> {
  const result = await build({
    entryPoints: [fileURLToPath(new URL('./bridge.ts', import.meta.url))],
    bundle: true,
    write: false,
    format: 'iife',
    target: 'es2022',
    define: { __NEEDLEBOOK_TOKEN__: JSON.stringify(token) },
    logLevel: 'silent',
  });
  return result.outputFiles[0]!.text;
}

const KEY_COOKIE = 'needlebook_key';

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function cookie(req: IncomingMessage, name: string): string {
  for (const part of String(req.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return v.join('=');
  }
  return '';
}

/**
 * The loopback harness: serves the built renderer and answers the contract over HTTP with the
 * same service Electron uses. 127.0.0.1 only; a random key per run guards it: the page is served
 * only to the address that carries the key, which it then keeps in a same-site, script-less
 * cookie; the bridge script (which holds the API token) only with that cookie; the API only with
 * the token. The Host check stops DNS rebinding.
 */
export async function startHarness(options: {
  /** A SQLite file or a postgres:// URL. */ dbFile: string;
  rendererDir: string;
  port?: number;
  log?: (line: string) => void;
  /** Serve the file as the app's database process does after the first one died (electron/db-client.ts). */
  recoverOnly?: string;
  /** The file's passphrase or recovery key; else NEEDLEBOOK_KEY. Never an argument of a process. */
  key?: string;
  /** As the app on a computer without a keychain: no key given, the window asks for it (db/host.ts, `encryptNew`). */
  keyInWindow?: boolean;
}): Promise<Harness> {
  const token = randomBytes(24).toString('hex');
  const db = await startDbThread(
    {
      dbFile: options.dbFile,
      key: options.key ?? process.env.NEEDLEBOOK_KEY ?? null,
      keyInWindow: options.keyInWindow ?? false,
      recoverOnly: options.recoverOnly ?? null,
      log: options.log !== undefined,
    },
    options.log ?? (() => {}),
  );
  const { openMs, call } = db;
  const bridge = await bundleBridge(token);
  let allowedHosts = new Set<string>();

  const server = createServer((req, res) => {
    void route(req, res).catch(() => send(res, 500, 'text/plain', 'Internal error'));
  });

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!allowedHosts.has(req.headers.host ?? '')) return send(res, 421, 'text/plain', 'Wrong host');
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname.startsWith('/api/')) return api(req, res, url.pathname.slice(5));
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'text/plain', 'Method not allowed');
    const keyed = sameSecret(url.searchParams.get('key') ?? '', token);
    const admitted = keyed || sameSecret(cookie(req, KEY_COOKIE), token);
    if (url.pathname === '/harness-bridge.js') {
      return admitted ? send(res, 200, contentType('bridge.js'), bridge) : send(res, 403, 'text/plain', 'Forbidden');
    }
    const batchJob = batchJobOfPath(url.pathname);
    if (batchJob !== null) return admitted ? batchDownload(res, batchJob) : send(res, 403, 'text/plain', 'Forbidden');
    const file = fileInside(options.rendererDir, url.pathname);
    if (!file) return send(res, 404, 'text/plain', 'Not found');
    let body: Buffer;
    try {
      body = await readFile(file);
    } catch {
      return send(res, 404, 'text/plain', 'Not found');
    }
    if (file.endsWith('index.html')) {
      if (!admitted) return send(res, 403, 'text/plain', "Open the address `npm run preview` printed: it carries this run's key.");
      // The bridge must define window.needlebook before the app's module script runs.
      const html = body.toString('utf8').replace('<script', '<script src="./harness-bridge.js"></script>\n    <script');
      const keep: Record<string, string> = keyed ? { 'set-cookie': `${KEY_COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/` } : {};
      return send(res, 200, contentType(file), html, keep);
    }
    return send(res, 200, contentType(file), body);
  }

  async function api(req: IncomingMessage, res: ServerResponse, channel: string): Promise<void> {
    if (req.method !== 'POST' || !sameSecret(String(req.headers['x-needlebook-token'] ?? ''), token)) {
      return send(res, 403, 'text/plain', 'Forbidden');
    }
    if (!String(req.headers['content-type'] ?? '').startsWith('application/json')) return send(res, 415, 'text/plain', 'JSON only');
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      if (size > MAX_BODY) return send(res, 413, 'text/plain', 'Too large');
      chunks.push(chunk as Buffer);
    }
    let input: unknown;
    try {
      input = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
    } catch {
      return send(res, 400, 'application/json', JSON.stringify({ ok: false, error: { code: 'invalid_input', message: 'Malformed request', fields: {} } }));
    }
    const answer = frame(await call(channel, input));
    return send(res, 200, answer.type, answer.body, answer.jsonLength === undefined ? {} : { [JSON_LENGTH_HEADER]: String(answer.jsonLength) });
  }

  /** The month batch's ZIP as a download (shared/batch-download.ts), slice by slice as Electron's protocol serves it. */
  async function batchDownload(res: ServerResponse, jobId: string): Promise<void> {
    let refusal = 'Not found';
    const file = await batchDownloadStream(async (offset) => {
      const taken = await call('superbillBatchFile', { jobId, offset });
      if (!taken.ok) refusal = taken.error.message;
      return taken.ok ? (taken.value as BatchFilePart) : null;
    });
    if (!file) return send(res, 404, 'text/plain', refusal);
    const { 'content-type': type, ...headers } = batchDownloadHeaders(file);
    res.writeHead(200, {
      ...headers,
      'content-type': type!,
      'content-security-policy': CSP_HEADER,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cache-control': 'no-store',
    });
    try {
      for await (const bytes of chunksOf(file.stream)) {
        // The next slice is asked for only once the browser has taken this one.
        if (!res.write(bytes)) await new Promise((resolve) => (res.once('drain', resolve), res.once('close', resolve)));
        if (res.destroyed) return;
      }
      res.end();
    } catch {
      res.destroy();
    }
  }

  function send(res: ServerResponse, status: number, type: string, body: string | Buffer, extra: Record<string, string> = {}): void {
    res.writeHead(status, {
      ...extra,
      'content-type': type,
      'content-security-policy': CSP_HEADER,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cache-control': 'no-store',
    });
    res.end(body);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  allowedHosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  return {
    url: `http://127.0.0.1:${port}/?key=${token}`,
    origin: `http://127.0.0.1:${port}`,
    token,
    call,
    openMs,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => void db.close().then(resolve));
      }),
  };
}

/**
 * The database in a thread of its own (tests/harness/db-thread.ts), as the app keeps it in a
 * process of its own: calls are numbered messages, each answered once.
 */
async function startDbThread(options: HarnessDb, log: (line: string) => void): Promise<{ openMs: number; call: Harness['call']; close: () => Promise<void> }> {
  // The thread runs TypeScript as this process does: through tsx, loaded for it when this process
  // was not started with it (vitest's own workers transform on their own).
  const withTsx = process.execArgv.some((a) => a.includes('tsx')) ? process.execArgv : [...process.execArgv, '--import', 'tsx'];
  const worker = new Worker(new URL('./db-thread.ts', import.meta.url), { workerData: options, execArgv: withTsx });
  const pending = new Map<number, (outcome: Outcome<unknown>) => void>();
  let nextId = 1;
  let closed: () => void = () => {};
  const lost: Outcome<never> = { ok: false, error: { code: 'internal', message: 'The database thread stopped.', fields: {} } };
  const opened = new Promise<number>((resolve, reject) => {
    worker.on('message', (message: ThreadMessage) => {
      if (message.kind === 'ready') resolve(message.openMs);
      else if (message.kind === 'fatal') reject(new Error(message.message));
      else if (message.kind === 'log') log(message.line);
      else if (message.kind === 'closed') closed();
      else {
        pending.get(message.id)?.(message.outcome);
        pending.delete(message.id);
      }
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      reject(new Error(`The database thread exited (${code}) before it was ready.`));
      for (const resolve of pending.values()) resolve(lost);
      pending.clear();
      closed();
    });
  });
  const openMs = await opened;
  return {
    openMs,
    call: (channel, input) =>
      new Promise((resolve) => {
        const id = nextId++;
        pending.set(id, resolve);
        worker.postMessage({ id, channel, input });
      }),
    close: async () => {
      await new Promise<void>((resolve) => {
        closed = resolve;
        worker.postMessage({ kind: 'close' });
      });
      await worker.terminate();
    },
  };
}
