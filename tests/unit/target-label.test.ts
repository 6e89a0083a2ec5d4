// A run is labelled by its real target: the environment when it is that environment's
// URL, the host of an explicit --url otherwise — never "local" for a gateway on another port.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig, stateDir, publishDir } from '../../runbooks/lib/config/load';
import { resolveTarget } from '../../runbooks/lib/target/resolve';
import { labelSlug, labelText, reportLabel } from '../../runbooks/lib/target/label';
import { reportPaths } from '../../runbooks/lib/report/write';
import { reportTarget } from '../../runbooks/lib/report/build';

test('no --url, or the environment’s own URL: the environment', async () => {
  const c = await loadConfig();
  assert.deepEqual(resolveTarget(c, { env: 'local' }, {}).label, { source: 'environment', name: 'local' });
  assert.deepEqual(resolveTarget(c, { env: 'local', url: 'http://127.0.0.1:8001/' }, {}).label, {
    source: 'environment',
    name: 'local',
  });
  const staging = { HOLISTICOS_STAGING_URL: 'https://holisticos-staging.onrender.com' };
  assert.deepEqual(
    resolveTarget(c, { env: 'staging', url: 'https://holisticos-staging.onrender.com/api' }, staging).label,
    { source: 'environment', name: 'staging' },
  );
});

test('an explicit --url that is not the environment’s: its host, and it says so', async () => {
  const c = await loadConfig();
  const gateway = resolveTarget(c, { env: 'local', url: 'http://127.0.0.1:8002' }, {});
  assert.deepEqual(gateway.label, { source: 'url', name: '127.0.0.1:8002' });
  assert.equal(gateway.env, 'local', 'the settings still come from the environment');
  assert.equal(labelText(gateway.label), 'explicit --url, host 127.0.0.1:8002');
  assert.equal(labelSlug(gateway.label), 'url-127.0.0.1-8002');
  const elsewhere = resolveTarget(c, { env: 'staging', url: 'https://other.example.com' }, {});
  assert.deepEqual(elsewhere.label, { source: 'url', name: 'other.example.com' });
  assert.equal(labelText(resolveTarget(c, { env: 'local' }, {}).label), 'local');
});

test('a --url report: its target, its file name and its label never say local', async () => {
  const c = await loadConfig();
  const t = resolveTarget(c, { env: 'local', url: 'http://127.0.0.1:8002' }, {});
  const target = { ...reportTarget(t), sandbox: false };
  assert.deepEqual(target, {
    url: 'http://127.0.0.1:8002',
    environment: '127.0.0.1:8002',
    source: 'url',
    loopback: true,
    protected: false,
    sandbox: false,
  });
  const [path] = reportPaths(
    { kind: 'stress', startedAt: '2026-01-05T10:00:00.000Z', target },
    { stateDir: stateDir({}), publishDir: publishDir({}) },
  );
  assert.match(path!, /stress\/2026-01-05T10-00-00Z-url-127\.0\.0\.1-8002\.json$/);
  assert.doesNotMatch(path!, /local/);
  assert.deepEqual(
    reportLabel({ environment: 'local' }),
    { source: 'environment', name: 'local' },
    'version 1',
  );
});
