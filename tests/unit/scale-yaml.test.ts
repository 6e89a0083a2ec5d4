// The exports' YAML writer: whatever it writes, a YAML parser reads back as the same value.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import { toYaml, yamlComment } from '../../runbooks/lib/scale/yaml';

test('tricky strings, nested lists and empty containers survive a round trip', () => {
  const doc = {
    target: 'http://127.0.0.1:8001',
    template: '/api/user/rb_{{ $uuid }}/routine/generate',
    colon: 'a: b # not a comment',
    quotes: `it's "quoted" \\ and\nmultiline\ttabbed`,
    star: '*alias-looking',
    unicode: 'health → routine — ✓',
    'key with spaces': 1,
    'plugins.metrics-by-endpoint.response_time.routine.p95': 60000,
    numbers: [0, -1.5, 1e21, 3],
    flags: [true, false, null],
    empty: {},
    none: [],
    nested: [{ a: [{ b: ['x', { c: 'y' }] }] }, [1, [2, 3]]],
    long: Array.from({ length: 30 }, (_, i) => `item-${i}`),
  };
  assert.deepEqual(parse(toYaml(doc)), doc);
});

test('undefined members are left out, like JSON.stringify does', () => {
  assert.deepEqual(parse(toYaml({ a: 1, b: undefined, c: { d: undefined } })), { a: 1, c: {} });
});

test('comments are comments', () => {
  const text = yamlComment(['one', '', 'two: # still a comment']) + toYaml({ x: 1 });
  assert.deepEqual(parse(text), { x: 1 });
  assert.match(text, /^# one\n#\n# two: # still a comment\n/);
});
