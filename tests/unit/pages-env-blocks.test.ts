// A command block gives --env to the scripts that take one: targeted scripts, and the
// scorecard, which declares its own --env (the environment it judges) without a target. A
// script with neither (drill, local only) gets none; a page still may not write --env itself.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { registry, takesEnv } from '../../runbooks/lib/registry/index';
import { validateInvocation, renderCommand, invocationShape } from '../../runbooks/lib/pages/index';
import { shapeCommand } from '../../runbooks/lib/pages/render';

const meta = (id: string) => registry.find((m) => m.id === id)!;

test('the scorecard block carries the env it judges, as a targeted script does; drill carries none', () => {
  const scorecard = validateInvocation(meta('scorecard'), [], ['--publish']);
  assert.equal(takesEnv(meta('scorecard')), true);
  assert.equal(meta('scorecard').targeted, false, 'it reads no URL');
  assert.equal(
    renderCommand(scorecard, 'production'),
    'npx zx runbooks/scorecard.ts --env production --publish',
  );
  // The picker rewrites it on the site, from the same shape.
  assert.equal(
    shapeCommand(invocationShape(scorecard), 'staging'),
    'npx zx runbooks/scorecard.ts --env staging --publish',
  );
  const health = validateInvocation(meta('health'), [], []);
  assert.equal(renderCommand(health, 'staging'), 'npx zx runbooks/health.ts --env staging');
  const drill = validateInvocation(meta('drill'), [], ['--list']);
  assert.equal(takesEnv(meta('drill')), false);
  assert.equal(invocationShape(drill).targeted, false);
  assert.throws(
    () => validateInvocation(meta('scorecard'), [], ['--env', 'production']),
    /--env may not be written/,
  );
});
