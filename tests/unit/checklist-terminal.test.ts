// Ctrl-D at a checklist prompt (the input ends): that item and every later manual one are
// left unverified, said once, and nothing throws (it used to end in RB_INTERNAL).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { terminalAsker } from '../../runbooks/lib/checklist/terminal';

const item = (text: string) => ({ text }) as Parameters<ReturnType<typeof terminalAsker>['ask']>[0];

test('answers are read; Ctrl-D leaves this and the later manual items unverified, said once', async () => {
  const input = new PassThrough();
  const output = new PassThrough();
  let shown = '';
  output.on('data', (d) => (shown += d));
  const t = terminalAsker(input, output);
  const first = t.ask(item('Code review approved'));
  input.write('y\n');
  assert.equal(await first, 'yes');
  const second = t.ask(item('Migrations applied'));
  input.write('no\n');
  assert.equal(await second, 'no');
  const third = t.ask(item('Slack alerting works'));
  input.end(); // Ctrl-D
  assert.equal(await third, 'skip');
  assert.equal(await t.ask(item('Projected cost within target')), 'skip', 'later items are not asked');
  assert.equal(await t.line('Summary? '), '', 'a free-text question after the end is empty');
  assert.equal(shown.match(/input ended/g)?.length, 1, shown);
  assert.ok(!shown.includes('Projected cost'), 'the item after the end was never asked');
  t.close();
});
