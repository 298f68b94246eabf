/**
 * The benchmark's loopback server, run as its own process so its work does not share the consumers'
 * event loop: serves each body in `BODIES_DIR/<name>.sse` at `POST /<name>/api/v1/chat/completions`,
 * in 64 KiB writes, as `text/event-stream`. Prints its port on stdout.
 */
import { readdirSync, readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

const dir = process.argv[2];
const bodies = new Map(readdirSync(dir).filter((f) => f.endsWith('.sse')).map((f) => [f.slice(0, -4), readFileSync(path.join(dir, f))]));

const server = http.createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    const body = bodies.get((req.url ?? '').split('/')[1] ?? '');
    if (!body) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
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
