import { test } from 'node:test';
import assert from 'node:assert/strict';
import { durationUnitFor, formatColumn, formatMsIn } from '../../runbooks/lib/units/index';

// H13: the drill index printed "3,101 ms" beside "15.6 s" in one column. A column of
// durations reads in one unit, the one its largest value needs.

test('a column of durations shares the unit its largest value needs', () => {
  assert.deepEqual(formatColumn([3101, 15_600, 5050], 'ms'), ['3.1 s', '15.6 s', '5.05 s']);
  assert.deepEqual(formatColumn([850, 3101], 'ms'), ['0.85 s', '3.1 s']);
  assert.deepEqual(formatColumn([12.34, 850, null], 'ms'), ['12.3 ms', '850 ms', '–']);
  assert.deepEqual(formatColumn([90_000, 300_000], 'ms'), ['1.5 min', '5 min']);
});

test('the unit is chosen from the values present; absent values read "–"', () => {
  assert.equal(durationUnitFor([null, undefined]), 'ms');
  assert.equal(durationUnitFor([999]), 'ms');
  assert.equal(durationUnitFor([1000, null]), 's');
  assert.equal(durationUnitFor([119_999]), 's');
  assert.equal(durationUnitFor([120_000]), 'min');
  assert.equal(formatMsIn(null, 's'), '–');
  assert.equal(formatMsIn(12_345, 'ms'), '12,345 ms');
});

test('other units are formatted value by value, as everywhere else', () => {
  assert.deepEqual(formatColumn([0.02, 1.5], 'USD'), ['$0.02', '$1.50']);
  assert.deepEqual(formatColumn([450, null], 'MB'), ['450 MB', '–']);
  assert.deepEqual(formatColumn([5, 0.5], '%'), ['5%', '0.5%']);
});
