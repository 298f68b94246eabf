/**
 * What the benches that measure on the wire share: starting the loopback server (`wireServer.ts`) in a process
 * of its own, and this process's peak resident memory.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';

/** Starts `wireServer.js` serving the bodies in `dir`; resolves with its port once it listens. */
export function startWireServer(dir: string): Promise<{ port: number; stop: () => void }> {
  const proc = spawn(process.execPath, [path.join(__dirname, 'wireServer.js'), dir], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve) => proc.stdout.once('data', (d) => resolve({ port: Number(String(d).trim()), stop: () => proc.kill() })));
}

/**
 * This process's peak resident memory in bytes: Linux's `VmHWM` (its own peak; `resourceUsage().maxRSS` would
 * include the parent's at fork), else `maxRSS`.
 */
export function peakRss(): number {
  const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
  return hwm ? Number(hwm[1]) * 1024 : process.resourceUsage().maxRSS * 1024;
}
