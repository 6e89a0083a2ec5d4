import { test } from 'node:test';
import assert from 'node:assert/strict';
import { maskValue, Redactor } from '../../runbooks/lib/secrets/mask';
import { writeFileAtomic } from '../../runbooks/lib/fs/atomic';
import { mkdtemp, readFile, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

test('masks keep a known prefix and the last four characters only for long values', () => {
  assert.equal(maskValue('sk-abcdefghijklmnop9f2c'), 'sk-…9f2c');
  assert.equal(maskValue('rnd_abcdefghijklmnopqrs'), 'rnd_…pqrs');
  assert.equal(maskValue('short'), '…');
});

test('the redactor removes every occurrence, including URL-encoded and nested in JSON', () => {
  const secret = 'sk-THIS-IS-SECRET-1234567890';
  const hook = 'https://api.render.com/deploy/srv-x?key=abc/def+ghi';
  const r = new Redactor([secret, hook]);
  const text = `key=${secret} again ${secret} enc=${encodeURIComponent(hook)} raw=${hook}`;
  const out = r.redact(text);
  assert.ok(!out.includes(secret));
  assert.ok(!out.includes(hook));
  assert.ok(!out.includes(encodeURIComponent(hook)));
  const deep = r.redactDeep({ a: [{ b: `x${secret}y` }] });
  assert.ok(!JSON.stringify(deep).includes(secret));
  assert.equal(
    new Redactor(['abc']).redact('abc'),
    'abc',
    'values under 6 characters are not treated as secrets',
  );
});

test('atomic writes leave the new content and no temp file', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'atomic-'));
  const p = join(dir, 'sub', 'r.json');
  await writeFileAtomic(p, '{"a":1}');
  await writeFileAtomic(p, '{"a":2}');
  assert.equal(await readFile(p, 'utf8'), '{"a":2}');
  assert.deepEqual(await readdir(join(dir, 'sub')), ['r.json']);
});
