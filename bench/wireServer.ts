/**
 * The benchmark's loopback server, run as its own process so its work does not share the consumers'
 * event loop: serves each body in `BODIES_DIR/<name>.sse` at `POST /<name>/api/v1/chat/completions` as
 * `text/event-stream`, and each `BODIES_DIR/<name>.json` at `POST /<name>/api/v1/images` as JSON, in 64 KiB
 * writes. Prints its port on stdout.
 */
import { readdirSync, readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

const dir = process.argv[2];
const bodies = new Map(readdirSync(dir).filter((f) => f.endsWith('.sse') || f.endsWith('.json')).map((f) => [f.replace(/\.(sse|json)$/, ''), { json: f.endsWith('.json'), bytes: readFileSync(path.join(dir, f)) }]));

const server = http.createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    const found = bodies.get((req.url ?? '').split('/')[1] ?? '');
    if (!found) {
      res.writeHead(404).end();
      return;
    }
    const body = found.bytes;
    res.writeHead(200, found.json ? { 'content-type': 'application/json', 'content-length': String(body.length) } : { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    let off = 0;
    const write = (): void => {
      while (off < body.length) {
        const end = Math.min(off + 65536, body.length);
        const ok = res.write(body.subarray(off, end));
        off = end;
        if (!ok) {
          res.once('drain', write);
          return;
        }
      }
      res.end();
    };
    write();
  });
});
server.listen(0, '127.0.0.1', () => console.log((server.address() as AddressInfo).port));
