import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KpiSnapshot, Kpis } from '../api/wallboard.types';
import { mergeKpiSnapshot } from './kpi-merge';

const kpis = (calls: number): Kpis => ({ calls, inbound: calls, outbound: 0, answered: calls, missed: 0, abandoned: 0, abandonRate: 0, avgTalkSeconds: 60, avgHandleSeconds: 90, avgSpeedOfAnswerSeconds: 5, serviceLevel: 1, longestTalkSeconds: 60, effectiveShare: null });

const snapshot = (at: string, ops: [number, number][]): KpiSnapshot => ({
  window: 'today',
  at,
  floor: kpis(ops.reduce((s, [, c]) => s + c, 0)),
  teams: [{ id: 1, name: 'A', ...kpis(0) }],
  unassigned: kpis(0),
  operators: ops.map(([id, c]) => ({ id, name: `Op ${id}`, teamId: 1, ...kpis(c) })),
});

test('kpi:update replaces the floor and the rows it brings, keeps the others, adds new ones', () => {
  const current = snapshot('2026-01-01T10:00:00.000Z', [
    [1, 2],
    [2, 3],
  ]);
  const update = { ...snapshot('2026-01-01T10:00:05.000Z', [[2, 4]]), floor: kpis(6), teams: [], unassigned: kpis(1) };
  const merged = mergeKpiSnapshot(current, update);
  assert.equal(merged.floor.calls, 6);
  assert.equal(merged.unassigned.calls, 1, 'the remainder row is whole in every update, like the floor');
  assert.deepEqual(
    merged.operators.map((o) => [o.id, o.calls]),
    [
      [1, 2],
      [2, 4],
    ],
  );
  assert.equal(merged.teams.length, 1);
  const added = mergeKpiSnapshot(merged, snapshot('2026-01-01T10:00:06.000Z', [[3, 1]]));
  assert.deepEqual(
    added.operators.map((o) => o.id),
    [1, 2, 3],
  );
  assert.equal(mergeKpiSnapshot(added, snapshot('2026-01-01T09:59:00.000Z', [[1, 9]])), added, 'an older update changes nothing');
});
