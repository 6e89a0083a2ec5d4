#!/usr/bin/env zx
/**
 * `npm run bench:sandbox`: the sandbox's own overhead on GET /, as a ratio against a bare
 * node:http server answering the same JSON, measured in the same run. The sandbox runs in
 * `fast` profile at a huge time scale, so its modelled delay is zero and what remains is
 * its routing, headers and accounting. Both servers are real child processes; the client
 * (undici, keep-alive) alternates between them round by round. Bounded: ROUNDS × SECONDS
 * per server. Not a test: a ratio to read (throughput ratio ≥ 0.5 means < 2× overhead).
 *   npm run bench:sandbox [-- --rounds 3 --seconds 3 --connections 20]
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Pool } from 'undici';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(`--${name}`);
  const v = i > 0 ? Number(process.argv[i + 1]) : dflt;
  return Number.isFinite(v) && v > 0 ? v : dflt;
};
const ROUNDS = Math.min(arg('rounds', 3), 10);
const SECONDS = Math.min(arg('seconds', 3), 30);
const CONNECTIONS = Math.min(arg('connections', 20), 500);

const children = new Set<ChildProcess>();
process.on('exit', () => children.forEach((c) => c.kill('SIGKILL')));

const BARE = `
const http = require('node:http');
const body = process.env.BENCH_BODY;
const s = http.createServer((req, res) => { res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }); res.end(body); });
s.listen(0, '127.0.0.1', () => console.log('sandbox listening on http://127.0.0.1:' + s.address().port));
`;

function startChild(args: string[], extraEnv: Record<string, string> = {}): Promise<string> {
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'ignore'],
    env: { ...process.env, HOLISTICOS_API_KEY: '', ...extraEnv },
  });
  children.add(child);
  return new Promise((res, rej) => {
    let out = '';
    child.stdout!.on('data', (d) => {
      out += d;
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) res(m[1]!);
    });
    child.on('exit', (c) => rej(new Error(`server exited (${c}) before listening`)));
  });
}

/** Closed-loop load for `seconds`: returns requests/s and latency percentiles (ms). */
async function measure(url: string, seconds: number) {
  const pool = new Pool(url, { connections: CONNECTIONS, pipelining: 1 });
  const lat: number[] = [];
  let errors = 0;
  const end = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (performance.now() < end) {
        const t = performance.now();
        try {
          const r = await pool.request({ path: '/', method: 'GET' });
          await r.body.arrayBuffer();
          if (r.statusCode !== 200) errors++;
        } catch {
          errors++;
        }
        lat.push(performance.now() - t);
      }
    }),
  );
  await pool.close();
  lat.sort((a, b) => a - b);
  const p = (q: number) => lat[Math.min(lat.length - 1, Math.floor(q * lat.length))] ?? 0;
  return { rps: lat.length / seconds, p50: p(0.5), p99: p(0.99), errors };
}

const zx = join(
  dirname(createRequire(join(ROOT, 'package.json')).resolve('zx/package.json')),
  'build',
  'cli.js',
);
const sandboxUrl = await startChild([
  '--import',
  'tsx/esm',
  zx,
  'runbooks/sandbox.ts',
  '--port',
  '0',
  '--profile',
  'fast',
  '--time-scale',
  '1000000',
]);
// The bare server answers the sandbox's own GET / body, so both send the same bytes.
const bareUrl = await startChild(['-e', BARE], { BENCH_BODY: await (await fetch(`${sandboxUrl}/`)).text() });

// Warm both (JIT, connection setup) before measuring.
await measure(bareUrl, 1);
await measure(sandboxUrl, 1);
const rows: {
  round: number;
  bare: Awaited<ReturnType<typeof measure>>;
  sandbox: Awaited<ReturnType<typeof measure>>;
}[] = [];
for (let round = 1; round <= ROUNDS; round++) {
  const bare = await measure(bareUrl, SECONDS);
  const sandbox = await measure(sandboxUrl, SECONDS);
  rows.push({ round, bare, sandbox });
}
const sum = (f: (r: (typeof rows)[number]) => number) => rows.reduce((s, r) => s + f(r), 0);
const bareRps = sum((r) => r.bare.rps) / rows.length;
const sbRps = sum((r) => r.sandbox.rps) / rows.length;
const f = (n: number) => n.toFixed(n < 10 ? 2 : 0);
console.log(`GET / · ${CONNECTIONS} connections · ${ROUNDS} rounds × ${SECONDS} s per server, alternating`);
for (const r of rows) {
  console.log(
    `  round ${r.round}: bare ${f(r.bare.rps)} req/s (p50 ${f(r.bare.p50)} ms, p99 ${f(r.bare.p99)} ms) · sandbox ${f(r.sandbox.rps)} req/s (p50 ${f(r.sandbox.p50)} ms, p99 ${f(r.sandbox.p99)} ms)${r.bare.errors + r.sandbox.errors ? ` · errors ${r.bare.errors}/${r.sandbox.errors}` : ''}`,
  );
}
console.log(
  `throughput ratio sandbox/bare: ${(sbRps / bareRps).toFixed(3)}  (overhead ×${(bareRps / sbRps).toFixed(2)} per request)`,
);
console.log(
  `p50 latency ratio sandbox/bare: ${(sum((r) => r.sandbox.p50) / sum((r) => r.bare.p50)).toFixed(2)}`,
);
for (const c of children) c.kill('SIGTERM');
