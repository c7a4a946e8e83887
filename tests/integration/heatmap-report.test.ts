import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import ExcelJS from 'exceljs';
import type { CallDirection, CallOutcome } from '../../server/db/entities';
import { ReportsService } from '../../server/modules/reports/reports.service';
import { offsetSegments } from '../../server/modules/reports/zone-offsets';
import { insertCall, insertTeam } from '../helpers/report-data';
import { startTestApp, type TestApp } from '../helpers/test-app';

// The floor is in Europe/Kyiv: EET (UTC+2) in winter, EEST (UTC+3) from 2026-03-29 01:00 UTC (03:00 local
// becomes 04:00) until 2026-10-25 01:00 UTC (04:00 local becomes 03:00 again: 03:xx happens twice).
// Hand-built inbound calls whose local weekday and hour are known; a naive fixed offset gets some wrong.
const TZ = 'Europe/Kyiv';
let app: TestApp;
let op1: { id: number; token: string };
let op2: { id: number; token: string };
let sup: { token: string };
let mgr: { token: string };
let team1: number;

async function call(startedAt: string, outcome: CallOutcome, extra: { operatorId?: number | null; wait?: number | null; direction?: CallDirection } = {}): Promise<void> {
  await insertCall(app, {
    operatorId: extra.operatorId ?? null, startedAt, outcome, direction: extra.direction, queue: 'sales', ringSeconds: 5, waitSeconds: extra.wait ?? null, talkSeconds: 60, lengthMs: 60_000,
  });
}

type Figures = { offered: number; answered: number; abandoned: number; avgWaitSeconds: number | null };
type Report = { from: string; to: string; timeZone: string; cells: (Figures & { weekday: number; hour: number })[]; weekdays: (Figures & { weekday: number; days: number })[]; hours: (Figures & { hour: number })[]; total: Figures };
const fig = (o: Figures) => ({ offered: o.offered, answered: o.answered, abandoned: o.abandoned, avgWaitSeconds: o.avgWaitSeconds });
const cell = (r: Report, weekday: number, hour: number) => fig(r.cells.find((c) => c.weekday === weekday && c.hour === hour)!);
const nonEmpty = (r: Report) => r.cells.filter((c) => c.offered > 0).map((c) => `${c.weekday}/${c.hour}`);

before(async () => {
  app = await startTestApp({ kpiTimeZone: TZ });
  op1 = await app.user('operator');
  op2 = await app.user('operator');
  sup = await app.user('supervisor');
  mgr = await app.user('manager');
  team1 = await insertTeam(app, mgr.token, 'Heat team', [op1]);

  // The week Monday 2026-03-23 .. Sunday 2026-03-29 local = [2026-03-22T22:00Z, 2026-03-29T21:00Z).
  await call('2026-03-22T21:59:59Z', 'answered', { operatorId: op1.id, wait: 99 }); // Sun 23:59:59 the week before: out
  await call('2026-03-22T22:00:00Z', 'answered', { operatorId: op2.id, wait: 4 }); // Mon 00:00 local: in, 1/0
  await call('2026-03-23T07:30:00Z', 'answered', { operatorId: op1.id, wait: 10 }); // Mon 09:30, 1/9
  await call('2026-03-23T07:59:59Z', 'abandoned', { wait: 45 }); // Mon 09:59:59, 1/9
  await call('2026-03-23T08:00:00Z', 'answered', { operatorId: op2.id, wait: 20 }); // Mon 10:00, 1/10
  await call('2026-03-23T08:10:00Z', 'answered', { direction: 'outbound', operatorId: op1.id }); // outbound: not offered
  await call('2026-03-23T08:20:00Z', 'answered', { direction: 'internal', operatorId: op1.id }); // internal: not offered
  await call('2026-03-23T08:30:00Z', 'failed'); // inbound that never reached the queue: not offered
  await call('2026-03-29T00:30:00Z', 'answered', { operatorId: op1.id, wait: 30 }); // Sun 02:30 EET, 7/2
  await call('2026-03-29T01:30:00Z', 'abandoned', { wait: 70 }); // Sun 04:30 EEST (UTC+2 would say 03:30), 7/4
  await call('2026-03-29T06:00:00Z', 'missed'); // Sun 09:00 EEST: offered, neither answered nor abandoned, 7/9
  await call('2026-03-29T20:59:59Z', 'answered', { operatorId: op1.id, wait: null }); // Sun 23:59:59 EEST, 7/23 (no wait known: counts 0)
  await call('2026-03-29T21:00:00Z', 'answered', { operatorId: op1.id, wait: 5 }); // Mon 00:00 the week after: out

  // The autumn change, Sunday 2026-10-25: 03:xx twice.
  await call('2026-10-24T23:30:00Z', 'answered', { operatorId: op1.id, wait: 6 }); // 02:30 EEST, 7/2
  await call('2026-10-25T00:30:00Z', 'answered', { operatorId: op1.id, wait: 8 }); // 03:30 EEST, 7/3
  await call('2026-10-25T01:30:00Z', 'abandoned', { wait: 12 }); // 03:30 EET, 7/3 again
  await call('2026-10-25T02:30:00Z', 'answered', { operatorId: op2.id, wait: 2 }); // 04:30 EET, 7/4
});
after(async () => {
  await app?.close();
});

describe('heatmap: offered, answered, abandoned by local weekday and hour', () => {
  test('a week with the spring DST change in Europe/Kyiv', async () => {
    const res = await app.api('GET', '/api/reports/heatmap?from=2026-03-23&to=2026-03-29', { token: sup.token });
    assert.equal(res.status, 200);
    const r = res.body as Report;
    assert.equal(r.timeZone, TZ);
    assert.equal(r.cells.length, 168);
    assert.deepEqual(r.cells.slice(0, 2).map((c) => [c.weekday, c.hour]), [[1, 0], [1, 1]], 'Monday 00 first');
    assert.deepEqual(nonEmpty(r), ['1/0', '1/9', '1/10', '7/2', '7/4', '7/9', '7/23']);
    assert.deepEqual(cell(r, 1, 0), { offered: 1, answered: 1, abandoned: 0, avgWaitSeconds: 4 });
    assert.deepEqual(cell(r, 1, 9), { offered: 2, answered: 1, abandoned: 1, avgWaitSeconds: 10 }, 'wait is over answered calls only');
    assert.deepEqual(cell(r, 1, 10), { offered: 1, answered: 1, abandoned: 0, avgWaitSeconds: 20 });
    assert.deepEqual(cell(r, 7, 2), { offered: 1, answered: 1, abandoned: 0, avgWaitSeconds: 30 });
    assert.deepEqual(cell(r, 7, 3), { offered: 0, answered: 0, abandoned: 0, avgWaitSeconds: null }, 'no 03:xx that night');
    assert.deepEqual(cell(r, 7, 4), { offered: 1, answered: 0, abandoned: 1, avgWaitSeconds: null });
    assert.deepEqual(cell(r, 7, 9), { offered: 1, answered: 0, abandoned: 0, avgWaitSeconds: null });
    assert.deepEqual(cell(r, 7, 23), { offered: 1, answered: 1, abandoned: 0, avgWaitSeconds: 0 });

    assert.deepEqual(fig(r.total), { offered: 8, answered: 5, abandoned: 2, avgWaitSeconds: 13 }); // (4+10+20+30+0)/5 = 12.8
    assert.deepEqual(r.weekdays.map((w) => [w.weekday, w.days, w.offered]), [[1, 1, 4], [2, 1, 0], [3, 1, 0], [4, 1, 0], [5, 1, 0], [6, 1, 0], [7, 1, 4]]);
    assert.deepEqual(fig(r.weekdays[6]!), { offered: 4, answered: 2, abandoned: 1, avgWaitSeconds: 15 });
    assert.equal(r.hours.length, 24);
    assert.deepEqual(fig(r.hours[9]!), { offered: 3, answered: 1, abandoned: 1, avgWaitSeconds: 10 });
    assert.deepEqual(fig(r.hours[2]!), { offered: 1, answered: 1, abandoned: 0, avgWaitSeconds: 30 });
    // Every count adds up: cells = weekdays = hours = total.
    for (const key of ['offered', 'answered', 'abandoned'] as const) {
      const sum = (xs: Figures[]) => xs.reduce((a, x) => a + x[key], 0);
      assert.equal(sum(r.cells), r.total[key]);
      assert.equal(sum(r.weekdays), r.total[key]);
      assert.equal(sum(r.hours), r.total[key]);
    }
  });

  test('the autumn change: both 03:xx hours land in 03', async () => {
    const r = (await app.api('GET', '/api/reports/heatmap?from=2026-10-25&to=2026-10-25', { token: sup.token })).body as Report;
    assert.deepEqual(nonEmpty(r), ['7/2', '7/3', '7/4']);
    assert.deepEqual(cell(r, 7, 3), { offered: 2, answered: 1, abandoned: 1, avgWaitSeconds: 8 });
    assert.deepEqual(r.weekdays.map((w) => w.days), [0, 0, 0, 0, 0, 0, 1]);
    assert.equal(r.total.offered, 4);
  });

  test('a period spanning both changes counts each call once', async () => {
    const r = (await app.api('GET', '/api/reports/heatmap?from=2026-03-01&to=2026-10-31', { token: sup.token })).body as Report;
    // The spring week's 8, the calls just outside it (Sun Mar 22 23:59:59, wait 99; Mon Mar 30 00:00, wait 5)
    // and the autumn Sunday's 4. Waits of the 10 answered: 4+10+20+30+0 + 99+5 + 6+8+2 = 184.
    assert.deepEqual(fig(r.total), { offered: 14, answered: 10, abandoned: 3, avgWaitSeconds: 18 });
    assert.deepEqual(r.weekdays.map((w) => w.days), [35, 35, 35, 35, 35, 35, 35]);
  });

  test('operator and team filters keep the calls their operators answered', async () => {
    const one = (await app.api('GET', `/api/reports/heatmap?from=2026-03-23&to=2026-03-29&operatorId=${op2.id}`, { token: sup.token })).body as Report;
    assert.deepEqual(nonEmpty(one), ['1/0', '1/10']);
    assert.deepEqual(fig(one.total), { offered: 2, answered: 2, abandoned: 0, avgWaitSeconds: 12 });
    const team = (await app.api('GET', `/api/reports/heatmap?from=2026-03-23&to=2026-03-29&teamId=${team1}`, { token: sup.token })).body as Report;
    assert.deepEqual(nonEmpty(team), ['1/9', '7/2', '7/23']);
    assert.deepEqual(fig(team.total), { offered: 3, answered: 3, abandoned: 0, avgWaitSeconds: 13 });
  });

  test('an empty period: 168 empty cells, nulls for the waits', async () => {
    const res = await app.api('GET', '/api/reports/heatmap?from=2025-01-01&to=2025-01-07', { token: mgr.token });
    assert.equal(res.status, 200);
    const r = res.body as Report;
    assert.equal(r.cells.length, 168);
    assert.ok(r.cells.every((c) => c.offered === 0 && c.answered === 0 && c.abandoned === 0 && c.avgWaitSeconds === null));
    assert.deepEqual(fig(r.total), { offered: 0, answered: 0, abandoned: 0, avgWaitSeconds: null });
    assert.deepEqual(r.weekdays.map((w) => w.days), [1, 1, 1, 1, 1, 1, 1]);
  });

  test('operators get 403; bad queries 400; no session 401', async () => {
    const forbidden = await app.api('GET', '/api/reports/heatmap?from=2026-03-23&to=2026-03-29', { token: op1.token });
    assert.equal(forbidden.status, 403);
    assert.equal(forbidden.body.error.code, 'forbidden');
    assert.equal((await app.api('GET', '/api/reports/heatmap')).status, 401);
    for (const q of ['from=2026-03-29&to=2026-03-23', 'from=2026-02-30', 'from=23.03.2026', 'teamId=abc', 'operatorId=0', 'format=pdf', 'days=3', 'from=2020-01-01&to=2026-01-01']) {
      const res = await app.api('GET', `/api/reports/heatmap?${q}`, { token: sup.token });
      assert.equal(res.status, 400, q);
      assert.equal(typeof res.body.error.code, 'string', q);
    }
  });

  test('CSV: one line per cell, with the same figures', async () => {
    const res = await fetch(`${app.baseUrl}/api/reports/heatmap?from=2026-03-23&to=2026-03-29&format=csv`, { headers: { authorization: `Bearer ${sup.token}` } });
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^text\/csv/);
    assert.match(res.headers.get('content-disposition') ?? '', /heatmap-2026-03-23-2026-03-29\.csv/);
    const text = (await res.text()).replace(/^\uFEFF/, '');
    const lines = text.trim().split(/\r?\n/);
    assert.equal(lines[0], 'weekday;weekdayName;hour;offered;answered;abandoned;avgWaitSeconds');
    assert.equal(lines.length, 1 + 168);
    assert.ok(lines.includes('1;Mon;9;2;1;1;10'), 'Monday 09');
    assert.ok(lines.includes('7;Sun;4;1;0;1;'), 'Sunday 04: no wait');
  });

  test('XLSX: the cells, a grid per count and the totals', async () => {
    const res = await fetch(`${app.baseUrl}/api/reports/heatmap?from=2026-03-23&to=2026-03-29&format=xlsx`, { headers: { authorization: `Bearer ${sup.token}` } });
    assert.equal(res.status, 200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await res.arrayBuffer());
    assert.deepEqual(book.worksheets.map((s) => s.name), ['cells', 'offered', 'answered', 'abandoned', 'weekdays', 'hours']);
    const offered = book.getWorksheet('offered')!;
    assert.equal(offered.getRow(2).getCell(1).value, 'Mon');
    assert.equal(offered.getRow(2).getCell(2 + 9).value, 2, 'Monday 09');
    assert.equal(offered.getRow(2).getCell(26).value, 4, 'Monday total');
    assert.equal(offered.getRow(9).getCell(26).value, 8, 'grand total');
  });
});

describe('zones with DST and half-hour offsets', () => {
  test('the offset segments of Kyiv over 2026', () => {
    const segs = offsetSegments(new Date('2025-12-31T22:00:00Z'), new Date('2026-12-31T22:00:00Z'), TZ);
    assert.deepEqual(
      segs.map((s) => [s.from.toISOString(), s.offsetSeconds]),
      [
        ['2025-12-31T22:00:00.000Z', 7200],
        ['2026-03-29T01:00:00.000Z', 10800],
        ['2026-10-25T01:00:00.000Z', 7200],
      ],
    );
  });

  test('Asia/Kolkata (UTC+5:30): local hours, not UTC hours', async () => {
    const reports = new ReportsService(app.ds, { timeZone: 'Asia/Kolkata', effectiveCodes: async () => [] });
    // 2026-03-23T03:45Z is 09:15 IST and 04:15Z is 09:45 IST; 04:35Z is 10:05. The calls above fall elsewhere.
    await call('2026-03-23T03:45:00Z', 'answered', { operatorId: op2.id, wait: 1 });
    await call('2026-03-23T04:15:00Z', 'answered', { operatorId: op2.id, wait: 3 });
    await call('2026-03-23T04:35:00Z', 'abandoned', { wait: 9 });
    const r = (await reports.heatmap({ from: '2026-03-23', to: '2026-03-23', operatorId: undefined, teamId: undefined })) as unknown as Report;
    assert.deepEqual(cell(r, 1, 9), { offered: 2, answered: 2, abandoned: 0, avgWaitSeconds: 2 });
    assert.deepEqual(cell(r, 1, 10), { offered: 1, answered: 0, abandoned: 1, avgWaitSeconds: null });
  });
});
