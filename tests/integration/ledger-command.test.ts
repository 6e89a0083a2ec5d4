// Every handbook command that ran is in the ledger: script, redacted arguments, environment,
// exit code and when; a secret in its arguments never reaches the file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runRunbook } from '../helpers/run';
import { readLedger } from '../../runbooks/lib/ledger/index';

test('a command run is a ledger record, secrets masked', async () => {
  const state = mkdtempSync(join(tmpdir(), 'rb-ledger-'));
  const secret = 'ledger-secret-value-9f8e7d6c';
  const r = await runRunbook('health', ['--url', `http://127.0.0.1:9/${secret}`, '--retries', '0'], {
    env: { RUNBOOKS_STATE_DIR: state, HOLISTICOS_API_KEY: secret, RUNBOOKS_OPERATOR: 'tester' },
    timeoutMs: 30_000,
  });
  assert.equal(r.code, 3);
  const [rec] = readLedger(state, ['command']);
  assert.ok(rec, 'a command record');
  assert.equal(rec.script, 'health');
  assert.equal(rec.exitCode, 3);
  assert.equal(rec.operator, 'tester');
  assert.ok(Date.parse(String(rec.startedAt)) <= Date.parse(rec.at));
  assert.ok(
    !readFileSync(join(state, 'ledger.jsonl'), 'utf8').includes(secret),
    'the secret is masked in the ledger',
  );
});
