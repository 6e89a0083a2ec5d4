// Who ran a command, as the ledger, Slack and the review name them: the variable when set,
// else the shell's user, else the OS account — never "unknown" while there is an account.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { userInfo } from 'node:os';
import { operator } from '../../runbooks/lib/ledger/index';

test('the operator: RUNBOOKS_OPERATOR, then USER/LOGNAME/USERNAME, then the OS account', () => {
  assert.equal(operator({ RUNBOOKS_OPERATOR: 'ana', USER: 'root' }), 'ana');
  assert.equal(operator({ USER: 'ben' }), 'ben');
  assert.equal(operator({ LOGNAME: 'cy' }), 'cy');
  assert.equal(operator({}), userInfo().username, 'no variable set (a container, cron): the account');
});
