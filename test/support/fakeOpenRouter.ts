/**
 * A fake OpenRouter on 127.0.0.1 (ephemeral port) that speaks the real wire format, for unit and
 * integration tests. Routes under `/api/v1`: `POST /chat/completions` (SSE or JSON), `GET /models`
 * (with the modality filters), `GET /key`, and the Image API: `POST /images`, `GET /images/models`,
 * `GET /images/models/{author}/{slug}/endpoints` (prices). Each test queues the replies it wants; a route with an
 * empty queue falls back to a default (models list, key info, or a 500 for chat). Every request is
 * recorded with its headers and parsed JSON body.
 */
import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { filterModels, imageApiModels, imageEndpointPrices, keyInfo } from './fixtures';

/** What the server does for one request. */
export type Reply =
  /** Send an SSE transcript (an array: one write per element), optionally cut into `sliceBytes` writes with `delayMs` between them; `resetAfterBytes` destroys the socket after that many body bytes. `stallAfterBytes` stops writing (keeps the socket open). */
  | { kind: 'sse'; body: string | string[]; sliceBytes?: number; delayMs?: number; resetAfterBytes?: number; stallAfterBytes?: number; headers?: Record<string, string> }
  /** Send a JSON body with a status (default 200) and headers (e.g. `Retry-After`). */
  | { kind: 'json'; status?: number; body: unknown; headers?: Record<string, string>; delayMs?: number }
  /** Send raw text with a status. */
  | { kind: 'text'; status: number; body: string; contentType?: string }
  /** Destroy the connection without answering. */
  | { kind: 'reset' }
  /** Accept the request and never answer. */
  | { kind: 'stall' };

export interface RecordedRequest {
  method: string;
  /** Path relative to `/api/v1`, without the query. */
  path: string;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  /** Parsed JSON body, or `undefined`. */
  body: any;
  /** Raw body length in bytes, and its SHA-1 (to compare the bytes sent with what was meant). */
  bodyBytes: number;
  bodySha1: string;
  /** `performance.now()` when the body had arrived, and when the reply ended (sent, reset or closed by the client). */
  receivedAt: number;
  endedAt?: number;
}

export class FakeOpenRouter {
  readonly requests: RecordedRequest[] = [];
  /** Sockets closed by the peer, counted, to check that aborts drop the connection. */
  closedConnections = 0;
  /**
   * Chooses the reply from the request itself, before the queues are looked at (for parallel requests,
   * whose order of arrival is not fixed); `undefined` falls through to the queue.
   */
  respond?: (req: RecordedRequest) => Reply | undefined;
  private readonly queues = new Map<string, Reply[]>();
  private readonly sockets = new Set<Socket>();
  private constructor(private readonly server: http.Server) {}

  /** Starts a server on 127.0.0.1 and an ephemeral port. */
  static async start(): Promise<FakeOpenRouter> {
    const server = http.createServer();
    const fake = new FakeOpenRouter(server);
    server.on('request', (req, res) => void fake.handle(req, res));
    server.on('connection', (s) => {
      fake.sockets.add(s);
      s.on('close', () => {
        fake.sockets.delete(s);
        fake.closedConnections++;
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return fake;
  }

  /** `http://127.0.0.1:<port>/api/v1` */
  get baseUrl(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/api/v1`;
  }

  /** Queues replies for `path` (`/chat/completions`, `/images`, `/models`, `/images/models`, `/key`), served in order. */
  enqueue(path: string, ...replies: Reply[]): this {
    const q = this.queues.get(path) ?? [];
    q.push(...replies);
    this.queues.set(path, q);
    return this;
  }

  /** Requests received for `path`. */
  requestsTo(path: string): RecordedRequest[] {
    return this.requests.filter((r) => r.path === path);
  }

  /** Forgets queued replies and recorded requests. */
  reset(): void {
    this.queues.clear();
    this.requests.length = 0;
    this.respond = undefined;
    this.closedConnections = 0;
  }

  /** Requests that carried an `Authorization` header (the key), on any path. */
  get authorizedRequests(): number {
    return this.requests.filter((r) => r.headers.authorization !== undefined).length;
  }

  /** Number of open client connections. */
  get openConnections(): number {
    return this.sockets.size;
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks);
    const url = new URL(req.url ?? '/', 'http://x');
    const path = url.pathname.replace(/^\/api\/v1/, '');
    let body: unknown;
    try {
      body = raw.length ? JSON.parse(raw.toString('utf8')) : undefined;
    } catch {
      body = undefined;
    }
    const recorded: RecordedRequest = { method: req.method ?? '', path, query: url.searchParams, headers: req.headers, body, bodyBytes: raw.length, bodySha1: createHash('sha1').update(raw).digest('hex'), receivedAt: performance.now() };
    this.requests.push(recorded);
    res.on('close', () => (recorded.endedAt ??= performance.now()));
    const reply = this.respond?.(recorded) ?? this.queues.get(path)?.shift() ?? this.defaultReply(path, url.searchParams);
    await this.send(req, res, reply);
  }

  private defaultReply(path: string, query: URLSearchParams): Reply {
    if (path === '/models') return { kind: 'json', body: filterModels(query) };
    if (path === '/key') return { kind: 'json', body: keyInfo() };
    if (path === '/images/models') return { kind: 'json', body: imageApiModels };
    const endpoints = /^\/images\/models\/([^/]+)\/([^/]+)\/endpoints$/.exec(path);
    if (endpoints) {
      const body = imageEndpointPrices[`${decodeURIComponent(endpoints[1])}/${decodeURIComponent(endpoints[2])}`];
      return body ? { kind: 'json', body } : { kind: 'json', status: 404, body: { error: { code: 404, message: 'Model not found' } } };
    }
    return { kind: 'json', status: 500, body: { error: { code: 500, message: `fake server: nothing queued for ${path}` } } };
  }

  private async send(req: http.IncomingMessage, res: http.ServerResponse, reply: Reply): Promise<void> {
    switch (reply.kind) {
      case 'reset':
        req.socket.destroy();
        return;
      case 'stall':
        return;
      case 'text':
        res.writeHead(reply.status, { 'content-type': reply.contentType ?? 'text/plain' });
        res.end(reply.body);
        return;
      case 'json': {
        if (reply.delayMs) await delay(reply.delayMs);
        const status = reply.status ?? 200;
        res.writeHead(status, { 'content-type': 'application/json', 'x-generation-id': 'gen-fake', ...reply.headers });
        res.end(JSON.stringify(reply.body));
        return;
      }
      case 'sse': {
        res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', 'x-generation-id': 'gen-fake', ...reply.headers });
        req.socket.setNoDelay(true);
        const pieces = (Array.isArray(reply.body) ? reply.body : [reply.body]).map((b) => Buffer.from(b, 'utf8'));
        const bytes = Buffer.concat(pieces);
        const limit = Math.min(bytes.length, reply.resetAfterBytes ?? Infinity, reply.stallAfterBytes ?? Infinity);
        // Write boundaries: every element of an array body, then every `sliceBytes` inside it.
        const bounds: number[] = [];
        let at = 0;
        for (const p of pieces) {
          for (let o = reply.sliceBytes ?? p.length; o < p.length; o += reply.sliceBytes ?? p.length) bounds.push(at + o);
          at += p.length;
          bounds.push(at);
        }
        let off = 0;
        for (const b of bounds) {
          const end = Math.min(b, limit);
          if (end <= off) continue;
          if (res.destroyed) return;
          // Wait until the bytes are handed to the socket, so a reset that follows cannot discard them.
          await new Promise<void>((r) => res.write(bytes.subarray(off, end), () => r()));
          off = end;
          if (reply.delayMs && off < limit) await delay(reply.delayMs);
          if (off >= limit) break;
        }
        if (reply.resetAfterBytes !== undefined) {
          req.socket.destroy();
          return;
        }
        if (reply.stallAfterBytes !== undefined) return;
        res.end();
        return;
      }
    }
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
