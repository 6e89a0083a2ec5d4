#!/usr/bin/env zx
/**
 * `npm run bench:load`: the load engine's raw request rate against autocannon's on the
 * same bare local server (and a private nginx where installed), each generator pinned to
 * one core (taskset, where present) and the server to the other, alternating runs in one
 * invocation. A bare undici dispatch loop runs alongside as the floor for anything built on
 * undici. Prints requests per generator CPU-second, the paired ratios to autocannon (target
 * ≥ 1.0), p50/p99, and the engine's RSS growth across 1,000,000 requests (target < 50 MB).
 * Not a test: ratios to read.
 *   npm run bench:load [-- --rounds 5 --seconds 5 --connections 10 --million 1000000]
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { nginxPath, startNginx } from './load-engine/nginx';

const HERE = dirname(fileURLToPath(import.meta.url));
const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const ROUNDS = arg('rounds', 5);
const SECONDS = arg('seconds', 5);
const CONNECTIONS = arg('connections', 10);
const MILLION = arg('million', 1_000_000);
/** The million-request run stops here whatever happens, s. */
const MILLION_CAP_S = arg('million-cap', 150);

const hasTaskset = spawnSync('sh', ['-c', 'command -v taskset']).status === 0;
const pin = (core: number, cmd: string[]) => (hasTaskset ? ['taskset', '-c', String(core), ...cmd] : cmd);
const children = new Set<ChildProcess>();
const killAll = () => children.forEach((c) => c.kill('SIGKILL'));
process.on('exit', killAll);

function startServer(cmd: string[]): Promise<{ url: string; child: ChildProcess }> {
  return new Promise((ok, fail) => {
    const child = spawn(cmd[0]!, cmd.slice(1), { stdio: ['ignore', 'pipe', 'inherit'] });
    children.add(child);
    let buf = '';
    child.stdout!.on('data', (d) => {
      buf += d;
      const m = /PORT (\d+)/.exec(buf);
      if (m) ok({ url: `http://127.0.0.1:${m[1]}`, child });
    });
    child.on('exit', (c) => fail(new Error(`server exited ${c}`)));
  });
}

interface GenResult {
  requests: number;
  errors: number;
  cpuS: number;
  wallS: number;
  p50: number;
  p99: number;
  rssStartMb?: number;
  rssPeakMb?: number;
  rssEndMb?: number;
  steadyRequests: number;
  steadyCpuS: number;
  steadySeconds: number;
}

function runGen(cmd: string[], timeoutS: number): Promise<GenResult> {
  return new Promise((ok, fail) => {
    const child = spawn(cmd[0]!, cmd.slice(1), {
      stdio: ['ignore', 'pipe', 'inherit'],
      cwd: resolve(HERE, '..'),
      env: { ...process.env, NODE_OPTIONS: '' },
    });
    children.add(child);
    let out = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutS * 1000);
    child.stdout!.on('data', (d) => (out += d));
    child.on('exit', (code) => {
      clearTimeout(timer);
      children.delete(child);
      const line = out.trim().split('\n').pop() ?? '';
      try {
        ok(JSON.parse(line) as GenResult);
      } catch {
        fail(new Error(`generator exited ${code} without a result: ${out.slice(0, 300)}`));
      }
    });
  });
}

const node = process.execPath;
type Gen = 'engine' | 'undici floor' | 'autocannon';
// tsx/esm, as `npx zx` runs the engine for an operator (the project's .npmrc loader).
const commands: Record<Gen, (url: string, secs: number, max?: number) => string[]> = {
  engine: (url, secs, max) =>
    pin(1, [
      node,
      '--import',
      'tsx/esm',
      resolve(HERE, 'load-engine/gen-engine.ts'),
      url,
      String(CONNECTIONS),
      String(secs),
      ...(max ? [String(max)] : []),
    ]),
  'undici floor': (url, secs) =>
    pin(1, [node, resolve(HERE, 'load-engine/gen-undici.cjs'), url, String(CONNECTIONS), String(secs)]),
  autocannon: (url, secs) =>
    pin(1, [node, resolve(HERE, 'load-engine/gen-autocannon.cjs'), url, String(CONNECTIONS), String(secs)]),
};
const GENS = Object.keys(commands) as Gen[];
/** Steady state: whole seconds after the warm-up second (see load-engine/steady.cjs). */
const perCpu = (r: GenResult) => r.steadyRequests / r.steadyCpuS;
const fmt = (n: number, d = 0) =>
  n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/**
 * Runs every generator once per round, rotating who goes first, and compares each with the
 * autocannon run of the same round (paired: this VM's speed drifts by ±15 % between
 * runs, far more than the differences being measured, and drift hits a round's runs alike).
 */
async function compare(label: string, url: string) {
  const rounds: Record<Gen, GenResult>[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const order = GENS.map((_, k) => GENS[(k + i) % GENS.length]!);
    const round = {} as Record<Gen, GenResult>;
    for (const gen of order) {
      const r = await runGen(commands[gen](url, SECONDS), SECONDS + 30);
      round[gen] = r;
      const lat = gen === 'undici floor' ? '' : `  p50 ${r.p50} ms  p99 ${r.p99} ms`;
      console.log(
        `  ${label} round ${i + 1} ${gen.padEnd(12)} ${fmt(r.requests).padStart(9)} req  ${fmt(r.requests / r.wallS).padStart(7)} req/s  ${fmt(perCpu(r)).padStart(7)} req/CPU-s steady (${fmt(r.requests / r.cpuS)} whole run)${lat}  errors ${r.errors}`,
      );
    }
    rounds.push(round);
  }
  const agg = (gen: Gen) => {
    const rs = rounds.map((r) => r[gen]);
    const req = rs.reduce((a, r) => a + r.steadyRequests, 0);
    const cpu = rs.reduce((a, r) => a + r.steadyCpuS, 0);
    const ratios = rounds.map((r) => perCpu(r[gen]) / perCpu(r.autocannon));
    return {
      perCpu: req / cpu,
      p50: median(rs.map((r) => r.p50)),
      p99: median(rs.map((r) => r.p99)),
      ratio: median(ratios),
      lo: Math.min(...ratios),
      hi: Math.max(...ratios),
    };
  };
  console.log(
    `\n${label}: requests per generator CPU-second, steady state; ratio = median of the per-round ratios to autocannon [range]`,
  );
  const out: Partial<Record<Gen, ReturnType<typeof agg>>> = {};
  for (const gen of GENS) {
    const a = (out[gen] = agg(gen));
    const lat = gen === 'undici floor' ? '(no latency recorded)' : `p50 ${a.p50} ms   p99 ${a.p99} ms`;
    const ratio = gen === 'autocannon' ? '' : `   ${fmt(a.ratio, 2)}× [${fmt(a.lo, 2)}–${fmt(a.hi, 2)}]`;
    console.log(`  ${gen.padEnd(12)} ${fmt(a.perCpu).padStart(8)}   ${lat}${ratio}`);
  }
  console.log(
    `  engine/autocannon = ${fmt(out.engine!.ratio, 2)}× (target ≥ 1.00×); a bare undici loop, the floor for anything on undici, = ${fmt(out['undici floor']!.ratio, 2)}×\n`,
  );
}

console.log(
  `bench:load — ${CONNECTIONS} connections, ${ROUNDS} alternating rounds of ${SECONDS} s each; ${hasTaskset ? 'server on core 0, generator on core 1 (taskset)' : 'taskset not found: processes are not pinned'}`,
);
const { url, child } = await startServer(pin(0, [node, resolve(HERE, 'load-engine/server.mjs')]));
try {
  await compare('node http server', url);
  const bin = nginxPath();
  if (!bin)
    console.log(
      'nginx: not installed here, skipped (apt-get install nginx-light adds a second, cheaper target).\n',
    );
  else {
    const ngx = await startNginx(bin, (cmd) => pin(0, cmd));
    try {
      await compare('nginx', ngx.url);
    } finally {
      ngx.stop();
    }
  }

  if (MILLION > 0) {
    console.log(`memory: ${fmt(MILLION)} requests through the engine (capped at ${MILLION_CAP_S} s) …`);
    const r = await runGen(commands.engine(url, MILLION_CAP_S, MILLION), MILLION_CAP_S + 30);
    const growth = (r.rssEndMb ?? 0) - (r.rssStartMb ?? 0);
    const peak = (r.rssPeakMb ?? 0) - (r.rssStartMb ?? 0);
    console.log(
      `  ${fmt(r.requests)} requests in ${fmt(r.wallS, 1)} s; RSS ${fmt(r.rssStartMb ?? 0, 1)} → ${fmt(r.rssEndMb ?? 0, 1)} MB: growth ${fmt(growth, 1)} MB (peak +${fmt(peak, 1)} MB) (target < 50 MB)${r.requests < MILLION ? '  [stopped by the time cap before 1,000,000]' : ''}`,
    );
  }
} finally {
  child.kill('SIGTERM');
}
