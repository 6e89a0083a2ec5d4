// monitor.ts as a real process against a fake service: breach → 1 showing the breaching
// samples; JSON lines; a restart mid-run is survived; Ctrl-C → summary and 130.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { runRunbook, cleanEnv, ROOT } from '../helpers/run';
import { startFakeService, healthyRoutes, type FakeService } from '../helpers/fake-service';

const metrics = (memMb: number, ok: number) => `# TYPE holisticos_memory_usage_bytes gauge\nholisticos_memory_usage_bytes ${memMb * 1048576}\nholisticos_requests_total{endpoint="routine_generation",method="POST",status="200"} ${ok}\n`;

let leaky: FakeService;
let restarting: FakeService;
before(async () => {
  let n = 0;
  leaky = await startFakeService({ ...healthyRoutes('k'), 'GET /metrics': () => ({ kind: 'text', body: metrics(380 + 40 * n++, n * 3) }) });
  let m = 0;
  // sample 3 is refused-like (socket destroyed), sample 4 shows counters reset: a restart.
  restarting = await startFakeService({ ...healthyRoutes('k'), 'GET /metrics': () => (++m === 3 ? { kind: 'destroy' } : { kind: 'text', body: metrics(150, m < 3 ? 100 + m : m) }) });
});
after(() => Promise.all([leaky.close(), restarting.close()]));

test('a memory breach in consecutive samples fails (exit 1) and shows the samples that breached', async () => {
  const r = await runRunbook('monitor', ['--url', leaky.url, '--duration', '20s', '--interval', '1s'], { timeoutMs: 40_000 });
  assert.equal(r.code, 1, r.stdout + r.stderr);
  assert.match(r.stdout, /FAILED — memory above 450 MB in 3 consecutive samples/);
  assert.match(r.stdout, /Samples that breached:\n\s+#3 .*memory 460\.0 MB ✗/);
  assert.match(r.stderr, /breach: memory 460\.0 MB above 450\.0 MB \(1\/3 in a row\)/);
  assert.match(r.stdout, /^#1 \+\d+ms {2}memory/m, 'one line per sample when not a TTY');
});

test('--json prints JSON lines: samples, events, then the summary', async () => {
  const r = await runRunbook('monitor', ['--url', restarting.url, '--duration', '4s', '--interval', '1s', '--json'], { timeoutMs: 40_000 });
  const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
  const samples = lines.filter((l) => l.type === 'sample');
  assert.equal(samples.length, 5);
  assert.ok(lines.some((l) => l.type === 'error' && l.metric === 'memory'), 'the transient failure is an event');
  assert.equal(samples[3].restarted, true, 'counters went down: a restart, not a negative rate');
  const summary = lines.at(-1);
  assert.equal(summary.type, 'summary');
  assert.equal(summary.restarts, 1);
  assert.equal(summary.metrics.find((m: { id: string }) => m.id === 'memory').verdict, 'passed');
  assert.equal(r.code, 0, 'a transient error and a restart do not fail the run');
});

test('Ctrl-C prints the summary and exits 130', async () => {
  // node directly (not npx), so the signal reaches the runbook itself
  const child = spawn(process.execPath, ['--import', 'tsx/esm', 'node_modules/zx/build/cli.js', 'runbooks/monitor.ts', '--url', restarting.url, '--duration', '1m', '--interval', '1s'], { cwd: ROOT, env: cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  let sent = false;
  child.stderr.on('data', (d) => (stderr += d));
  child.stdout.on('data', (d) => {
    stdout += d;
    if (!sent && /^#2 /m.test(stdout)) {
      sent = true; // once: a second Ctrl-C means "quit at once"
      child.kill('SIGINT');
    }
  });
  const killer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  const [code, signal] = await new Promise<[number | null, string | null]>((res) => child.on('close', (c, s) => res([c, s])));
  clearTimeout(killer);
  assert.equal(code, 130, `signal ${signal}\n${stdout}\n${stderr}`);
  assert.match(stdout, /Monitor of .*: INTERRUPTED \(partial\)/);
});

test('bad flags are usage errors (2)', async () => {
  const r = await runRunbook('monitor', ['--url', leaky.url, '--interval', '100ms'], { timeoutMs: 20_000 });
  assert.equal(r.code, 2);
  assert.match(r.stderr, /error \[RB_USAGE\]: --interval 100ms is below 1s/);
});
