// The handbook's load engine on the same target, closed model, status-only judging (as autocannon).
import { createRequire } from 'node:module';
import { runEngine } from '../../runbooks/lib/load/engine';

const steady = createRequire(import.meta.url)('./steady.cjs')() as {
  tick(n: number): void;
  result(): object;
};

const [url, connections, durationS, maxRequests] = process.argv.slice(2);
const cpu0 = process.cpuUsage();
const t0 = performance.now();
const rss0 = process.memoryUsage.rss();
let rssPeak = rss0;
const r = await runEngine(
  {
    baseUrl: url!,
    steps: [
      {
        id: 'get',
        method: 'GET',
        path: '/',
        headers: {},
        timeoutMs: 10_000,
        expect: 'status',
        knownBroken: false,
      },
    ],
    model: { type: 'closed', users: Number(connections), thinkMs: 0 },
    durationMs: Number(durationS) * 1000,
    maxRequests: Number(maxRequests ?? 1e12),
    graceMs: 2000,
    userIdPrefix: 'bench',
    runId: 'b',
    archetypes: ['Foundation Builder'],
  },
  (e) => {
    if (e.type === 'tick') {
      steady.tick(e.second.requests);
      rssPeak = Math.max(rssPeak, process.memoryUsage.rss());
    }
  },
);
const cpu = process.cpuUsage(cpu0);
const s = r.steps[0]!;
process.stdout.write(
  JSON.stringify({
    requests: r.requests,
    errors: r.requests - s.ok,
    cpuS: (cpu.user + cpu.system) / 1e6,
    wallS: (performance.now() - t0) / 1000,
    p50: s.sendLatency.p50,
    p99: s.sendLatency.p99,
    rssStartMb: rss0 / 1048576,
    rssPeakMb: rssPeak / 1048576,
    rssEndMb: process.memoryUsage.rss() / 1048576,
    ...steady.result(),
  }) + '\n',
);
