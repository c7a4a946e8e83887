import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DataSource } from 'typeorm';
import { periodSlices } from './period-slices';

const mysql = { options: { type: 'mysql' } } as unknown as DataSource;
const sqlite = { options: { type: 'better-sqlite3' } } as unknown as DataSource;
const iso = (xs: { from: Date; to: Date }[]) => xs.map((x) => [x.from.toISOString(), x.to.toISOString()]);

test('a long period is cut into at most four consecutive slices that cover it exactly', () => {
  const from = new Date('2026-09-04T21:00:00.000Z');
  const to = new Date('2026-12-03T21:00:00.000Z'); // 90 days
  const s = periodSlices(mysql, from, to);
  assert.equal(s.length, 4);
  assert.equal(s[0]!.from.getTime(), from.getTime());
  assert.equal(s[3]!.to.getTime(), to.getTime());
  for (let i = 1; i < s.length; i++) assert.equal(s[i]!.from.getTime(), s[i - 1]!.to.getTime(), 'no gap, no overlap');
  assert.deepEqual(iso(periodSlices(mysql, from, new Date(from.getTime() + 30 * 86400_000))).length, 3);
});

test('a short period, and any period on SQLite, is one slice', () => {
  const from = new Date('2026-11-01T00:00:00.000Z');
  const week = new Date('2026-11-08T00:00:00.000Z');
  assert.deepEqual(iso(periodSlices(mysql, from, week)), [['2026-11-01T00:00:00.000Z', '2026-11-08T00:00:00.000Z']]);
  assert.deepEqual(iso(periodSlices(sqlite, from, new Date('2027-11-01T00:00:00.000Z'))), [['2026-11-01T00:00:00.000Z', '2027-11-01T00:00:00.000Z']]);
});
