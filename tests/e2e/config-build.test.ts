import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../helpers/run';

// Changing alerts.memoryMb in the config changes the number on both procedures after a
// rebuild, and nothing else needs editing. One real build into a temporary folder.
const tmp = mkdtempSync(join(tmpdir(), 'handbook-build-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

function build(outDir: string, env: Record<string, string>): Promise<{ code: number | null; log: string }> {
  return new Promise((done) => {
    const child = spawn('npx', ['docusaurus', 'build', '--out-dir', outDir], { cwd: ROOT, env: { ...process.env, ...env, NO_UPDATE_NOTIFIER: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let log = '';
    child.stdout.on('data', (d) => (log += d));
    child.stderr.on('data', (d) => (log += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 240_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      done({ code, log });
    });
  });
}

test('a changed memory alert in a temporary config changes the runbook and the playbook', { timeout: 300_000 }, async () => {
  const config = join(tmp, 'runbooks.config.ts');
  writeFileSync(config, `import base from ${JSON.stringify(join(ROOT, 'runbooks.config.ts'))};\nexport default { ...base, alerts: { ...base.alerts, memoryMb: 777 } };\n`);
  const out = join(tmp, 'build');
  const r = await build(out, { RUNBOOKS_CONFIG: config });
  assert.equal(r.code, 0, r.log.slice(-3000));
  for (const page of ['deployment-runbook', 'incident-response-playbook']) {
    const html = readFileSync(join(out, 'docs', `${page}.html`), 'utf8');
    assert.match(html, /data-cfg="?alerts\.memoryMb"?[^>]*>777 MB</, `${page} shows the new alert`);
    assert.doesNotMatch(html, />450 MB</, `${page} no longer shows the old one`);
  }
});
