import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runRunbook } from '../helpers/run';

const SECRET = 'sk-RECOGNISABLE-openai-9f2c77';
const GOOD = {
  HOLISTICOS_PRODUCTION_URL: 'https://holisticos.onrender.com',
  HOLISTICOS_API_KEY: 'hk-RECOGNISABLE-api-key-123',
  RENDER_API_KEY: 'rnd_RECOGNISABLE_render_key',
  RENDER_SERVICE_ID: 'srv-d0abc123',
  OPENAI_API_KEY: SECRET,
  SUPABASE_URL: 'https://abc.supabase.co',
  SUPABASE_KEY: 'eyJRECOGNISABLEsupabasekey',
};

test('--help lists flags, an example and the exit codes', async () => {
  const r = await runRunbook('env-check', ['--help']);
  assert.equal(r.code, 0);
  assert.match(r.stdout, /--env <name>/);
  assert.match(r.stdout, /Examples:\n {2}npx zx runbooks\/env-check\.ts/);
  assert.match(r.stdout, /Exit codes:[\s\S]*\b2 {2}usage or config error[\s\S]*130/);
});

test('production with required variables missing exits 2 and names each', async () => {
  const r = await runRunbook('env-check', ['--env', 'production']);
  assert.equal(r.code, 2, r.stderr);
  for (const v of Object.keys(GOOD)) assert.match(r.stdout, new RegExp(`${v} is not set`));
});

test('production with every variable present and well-formed exits 0; no secret appears in any mode', async () => {
  const text = await runRunbook('env-check', ['--env', 'production'], { env: GOOD });
  assert.equal(text.code, 0, text.stdout + text.stderr);
  const json = await runRunbook('env-check', ['--env', 'production', '--json'], { env: GOOD });
  assert.equal(json.code, 0);
  const doc = JSON.parse(json.stdout);
  assert.equal(doc.ok, true);
  assert.equal(
    doc.vars.find((v: { name: string }) => v.name === 'OPENAI_API_KEY').shown,
    'sk-…9f2c77'.replace('9f2c77', '2c77'),
  );
  const malformed = await runRunbook('env-check', ['--env', 'production', '--json'], {
    env: { ...GOOD, OPENAI_API_KEY: 'RECOGNISABLE-no-prefix-secret' },
  });
  assert.equal(malformed.code, 2);
  const bad = await runRunbook('env-check', ['--env', 'nowhere', '--json'], { env: GOOD });
  for (const r of [text, json, malformed, bad]) {
    for (const v of Object.values(GOOD).filter((x) => x.includes('RECOGNISABLE'))) {
      assert.ok(!r.stdout.includes(v) && !r.stderr.includes(v), `a secret leaked: ${v.slice(0, 12)}…`);
    }
    assert.ok(!(r.stdout + r.stderr).includes('RECOGNISABLE-no-prefix-secret'));
  }
});

// H13: env-check --env local printed the sandbox's development key in clear on a row marked "secret".
test('local without the API key: the secret row says the public development key is used and prints no key', async () => {
  const { loadConfig } = await import('../../runbooks/lib/config/load');
  const devKey = (await loadConfig()).sandbox.devApiKey;
  for (const args of [
    ['--env', 'local'],
    ['--env', 'local', '--json'],
  ]) {
    const r = await runRunbook('env-check', args);
    assert.equal(r.code, 0, r.stderr);
    assert.ok(!(r.stdout + r.stderr).includes(devKey), `the development key is printed: ${args.join(' ')}`);
  }
  const text = await runRunbook('env-check', ['--env', 'local']);
  assert.match(
    text.stdout,
    /HOLISTICOS_API_KEY\s+optional\s+secret\s+default\s+unset: the sandbox's public development key is used/,
  );
  const doc = JSON.parse((await runRunbook('env-check', ['--env', 'local', '--json'])).stdout);
  const row = doc.vars.find((v: { name: string }) => v.name === 'HOLISTICOS_API_KEY');
  assert.equal(row.secret, true);
  assert.match(row.shown, /public development key/);
});

test('bad flag values exit 2 with a one-paragraph message and no stack trace', async () => {
  for (const args of [['--env', 'nowhere'], ['--url', 'not-a-url'], ['--scope', 'everything'], ['--bogus']]) {
    const r = await runRunbook('env-check', args);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, /^error \[RB_USAGE\]: .+/);
    assert.equal(r.stderr.trim().split('\n').length, 1, 'one paragraph');
    assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
  }
});

test('an invalid config file exits 2 naming the field', async () => {
  const { mkdtemp, writeFile } = await import('node:fs/promises');
  const { join } = await import('node:path');
  const { tmpdir } = await import('node:os');
  const dir = await mkdtemp(join(tmpdir(), 'cfg-'));
  const p = join(dir, 'bad.config.ts');
  await writeFile(p, 'export default { service: { name: "" } };\n');
  const r = await runRunbook('env-check', [], { env: { RUNBOOKS_CONFIG: p } });
  assert.equal(r.code, 2);
  assert.match(r.stderr, /error \[RB_CONFIG\]: Invalid config .*config field "service\.name"/);
});
