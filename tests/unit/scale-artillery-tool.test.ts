// Artillery stays out of the default install: pinned in tools/artillery/ with its own
// lockfile, installed on demand, run with telemetry off and without the handbook's loader.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { installArgs, lockedVersion, toolEnv, TOOL_DIR } from '../../runbooks/lib/scale/artillery-tool';
import { ROOT } from '../helpers/run';

const json = (p: string) => JSON.parse(readFileSync(join(ROOT, p), 'utf8'));

test('the root install has no Artillery package; tools/artillery pins 2.0.21 (the last on Node 20) with a lockfile', () => {
  const root = json('package.json');
  assert.ok(
    !Object.keys({ ...root.dependencies, ...root.devDependencies, ...root.optionalDependencies }).some((d) =>
      /artillery/.test(d),
    ),
  );
  assert.ok(
    !Object.keys(json('package-lock.json').packages).some((p) =>
      /node_modules\/(artillery|@artilleryio)/.test(p),
    ),
    'the root lockfile installs no Artillery package',
  );
  assert.equal(lockedVersion(ROOT), '2.0.21');
  const lock = json(`${TOOL_DIR}/package-lock.json`);
  assert.equal(lock.packages['node_modules/artillery'].version, '2.0.21');
  assert.match(readFileSync(join(ROOT, '.gitignore'), 'utf8'), /^tools\/artillery\/node_modules\/?$/m);
  assert.equal(root.scripts['artillery:install'], 'zx scripts/artillery.ts install');
});

test('npm and Artillery run with telemetry off, no browser download and no tsx loader; install is npm ci of the lockfile', () => {
  const env = toolEnv({
    PATH: '/bin',
    NODE_OPTIONS: '--import tsx/esm',
    npm_config_node_options: '--import tsx/esm',
    HOLISTICOS_API_KEY: 'k',
  });
  assert.equal(env.ARTILLERY_DISABLE_TELEMETRY, 'true');
  assert.equal(env.PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD, '1');
  assert.equal(env.NODE_OPTIONS, undefined);
  assert.equal(env.npm_config_node_options, undefined);
  assert.equal(env.HOLISTICOS_API_KEY, 'k', 'the script reads the key from the environment');
  assert.deepEqual(installArgs('/r').slice(0, 3), ['ci', '--prefix', join('/r', TOOL_DIR)]);
});
