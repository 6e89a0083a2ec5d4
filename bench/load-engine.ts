#!/usr/bin/env zx
/**
 * `npm run bench:load`: the load engine's raw request rate against autocannon's on the
 * same bare local server, each generator pinned to one core (taskset, where present) and
 * the server to the other, alternating runs in one invocation. Prints requests per
 * generator CPU-second for both, the ratio (target ≥ 1.0), both p50/p99, and the
 * engine's RSS growth across 1,000,000 requests (target < 50 MB). Not a test: a ratio to read.
 *   npm run bench:load [-- --rounds 3 --seconds 5 --connections 10 --million 1000000]
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
const ROUNDS = arg('rounds', 3);
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

interface GenResult { requests: number; errors: number; cpuS: number; wallS: number; p50: number; p99: number; rssStartMb?: number; rssPeakMb?: number; rssEndMb?: number; steadyRequests: number; steadyCpuS: number; steadySeconds: number }

function runGen(cmd: string[], timeoutS: number): Promise<GenResult> {
  return new Promise((ok, fail) => {
    const child = spawn(cmd[0]!, cmd.slice(1), { stdio: ['ignore', 'pipe', 'inherit'], cwd: resolve(HERE, '..'), env: { ...process.env, NODE_OPTIONS: '' } });
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
// tsx/esm, as `npx zx` runs the engine for an operator (the project's .npmrc loader).
const engineCmd = (url: string, secs: number, max?: number) => pin(1, [node, '--import', 'tsx/esm', resolve(HERE, 'load-engine/gen-engine.ts'), url, String(CONNECTIONS), String(secs), ...(max ? [String(max)] : [])]);
const cannonCmd = (url: string, secs: number) => pin(1, [node, resolve(HERE, 'load-engine/gen-autocannon.cjs'), url, String(CONNECTIONS), String(secs)]);
/** Steady state: whole seconds after the warm-up second (see load-engine/steady.cjs). */
const perCpu = (r: GenResult) => r.steadyRequests / r.steadyCpuS;
const fmt = (n: number, d = 0) => n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });

async function compare(label: string, url: string) {
  const rows: { gen: string; r: GenResult }[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    // Alternate, and swap who goes first each round, so drift (thermal, other load) hits both.
    const order = i % 2 === 0 ? (['engine', 'autocannon'] as const) : (['autocannon', 'engine'] as const);
    for (const gen of order) {
      const r = await runGen(gen === 'engine' ? engineCmd(url, SECONDS) : cannonCmd(url, SECONDS), SECONDS + 30);
      rows.push({ gen, r });
      console.log(`  ${label} round ${i + 1} ${gen.padEnd(10)} ${fmt(r.requests).padStart(9)} req  ${fmt(r.requests / r.wallS).padStart(7)} req/s  ${fmt(perCpu(r)).padStart(7)} req/CPU-s steady (${fmt(r.requests / r.cpuS)} whole run)  p50 ${r.p50} ms  p99 ${r.p99} ms  errors ${r.errors}`);
    }
  }
  const agg = (gen: string) => {
    const rs = rows.filter((x) => x.gen === gen).map((x) => x.r);
    const req = rs.reduce((a, r) => a + r.steadyRequests, 0);
    const cpu = rs.reduce((a, r) => a + r.steadyCpuS, 0);
    const wholeReq = rs.reduce((a, r) => a + r.requests, 0);
    const wholeCpu = rs.reduce((a, r) => a + r.cpuS, 0);
    const med = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    return { perCpu: req / cpu, wholePerCpu: wholeReq / wholeCpu, p50: med(rs.map((r) => r.p50)), p99: med(rs.map((r) => r.p99)) };
  };
  const e = agg('engine');
  const a = agg('autocannon');
  console.log(`\n${label}: requests per generator CPU-second, steady state (whole run incl. start-up in brackets)`);
  console.log(`  engine      ${fmt(e.perCpu).padStart(8)}  (${fmt(e.wholePerCpu)})   p50 ${e.p50} ms   p99 ${e.p99} ms`);
  console.log(`  autocannon  ${fmt(a.perCpu).padStart(8)}  (${fmt(a.wholePerCpu)})   p50 ${a.p50} ms   p99 ${a.p99} ms`);
  console.log(`  ratio engine/autocannon = ${fmt(e.perCpu / a.perCpu, 2)}× steady (${fmt(e.wholePerCpu / a.wholePerCpu, 2)}× whole run) (target ≥ 1.00×)\n`);
  return e.perCpu / a.perCpu;
}

console.log(`bench:load — ${CONNECTIONS} connections, ${ROUNDS} alternating rounds of ${SECONDS} s each; ${hasTaskset ? 'server on core 0, generator on core 1 (taskset)' : 'taskset not found: processes are not pinned'}`);
const { url, child } = await startServer(pin(0, [node, resolve(HERE, 'load-engine/server.mjs')]));
try {
  await compare('node http server', url);
  const bin = nginxPath();
  if (!bin) console.log('nginx: not installed here, skipped (apt-get install nginx-light adds a second, cheaper target).\n');
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
    const r = await runGen(engineCmd(url, MILLION_CAP_S, MILLION), MILLION_CAP_S + 30);
    const growth = (r.rssEndMb ?? 0) - (r.rssStartMb ?? 0);
    const peak = (r.rssPeakMb ?? 0) - (r.rssStartMb ?? 0);
    console.log(`  ${fmt(r.requests)} requests in ${fmt(r.wallS, 1)} s; RSS ${fmt(r.rssStartMb ?? 0, 1)} → ${fmt(r.rssEndMb ?? 0, 1)} MB: growth ${fmt(growth, 1)} MB (peak +${fmt(peak, 1)} MB) (target < 50 MB)${r.requests < MILLION ? '  [stopped by the time cap before 1,000,000]' : ''}`);
  }
} finally {
  child.kill('SIGTERM');
}
