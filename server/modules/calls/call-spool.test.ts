import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import type { CallEvent } from '../../../telephony/call-event';
import { createLogger } from '../../logging/logger';
import { CallSpool, spoolDirFor } from './call-spool';

const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'spool-unit-'));
  dirs.push(d);
  return d;
};
const spool = (dir: string) => new CallSpool(dir, createLogger('silent'));
const started = (callId: string, at = 1_700_000_000_000): CallEvent => ({ pbx: 'p', callId, at: new Date(at), type: 'started', direction: 'inbound', externalNumber: '+79160000000', externalName: null, extension: null });
const ended = (callId: string, at = 1_700_000_060_000): CallEvent => ({ pbx: 'p', callId, at: new Date(at), type: 'ended', cause: 'abandoned' });
/** A pid that is surely not running: a child that has exited. */
const deadPid = () => spawnSync(process.execPath, ['-e', '0']).pid!;

test('one slot per running spool; what closed ones left is read back whole, from every free slot, once', async () => {
  const dir = tempDir();
  const a = spool(dir);
  assert.deepEqual(await a.open(), []);
  const b = spool(dir);
  await b.open();
  a.append([started('c1')], true);
  a.append([ended('c1')], false);
  b.append([started('c2')], true);
  await a.close();
  await b.close();
  assert.ok(readFileSync(join(dir, '0', 'calls.jsonl'), 'utf8').includes('c1'), 'the first spool took slot 0');
  assert.ok(readFileSync(join(dir, '1', 'calls.jsonl'), 'utf8').includes('c2'), 'the second, slot 1');
  // A single node starting again takes slot 0 and replays the other free slot too (its node stopped).
  const c = spool(dir);
  const calls = await c.open();
  assert.deepEqual(calls.map((events) => events.map((e) => `${e.callId}:${e.type}`)).sort(), [['c1:started', 'c1:ended'], ['c2:started']]);
  assert.equal(calls.find((events) => events[0]!.callId === 'c1')![0]!.at.getTime(), 1_700_000_000_000);
  await c.replayed();
  assert.throws(() => readFileSync(join(dir, '1', 'calls.jsonl')), 'the adopted slot is emptied once replayed');
  await c.close();
  const d = spool(dir);
  assert.deepEqual(await d.open(), [], 'nothing replayed twice');
  await d.close();
});

test('a history line replaces what came before it for that call; committedAll empties the file', async () => {
  const dir = tempDir();
  const s = spool(dir);
  await s.open();
  s.append([started('c1')], true);
  s.append([ended('c1')], false);
  s.append([started('c1', 1_700_000_100_000)], true); // told again from its start: the earlier lines go
  await s.synced();
  s.committedAll();
  s.append([started('c3')], true);
  await s.close();
  const r = spool(dir);
  assert.deepEqual((await r.open()).map((events) => events.map((e) => `${e.callId}:${e.type}`)), [['c3:started']], 'only what came after the truncation');
  await r.close();
});

test("a dead node's slot is taken over by one of two nodes starting at once; a live node's is left alone", async () => {
  const dir = tempDir();
  mkdirSync(join(dir, '0'), { recursive: true });
  writeFileSync(join(dir, '0', 'lock'), JSON.stringify({ pid: deadPid(), host: hostname() }));
  writeFileSync(join(dir, '0', 'calls.jsonl'), `${JSON.stringify({ h: 1, e: [{ ...started('dead'), at: 1_700_000_000_000 }] })}\n`);
  const [x, y] = [spool(dir), spool(dir)];
  const [fromX, fromY] = await Promise.all([x.open(), y.open()]);
  assert.deepEqual([fromX.length, fromY.length].sort(), [0, 1], "exactly one replays the dead node's call");
  await x.close();
  await y.close();
  // A lock of another host, or of a running process, is never taken.
  const other = tempDir();
  mkdirSync(join(other, '0'), { recursive: true });
  writeFileSync(join(other, '0', 'lock'), JSON.stringify({ pid: process.ppid, host: hostname() }));
  const z = spool(other);
  await z.open();
  z.append([started('z')], true);
  await z.close();
  assert.ok(readFileSync(join(other, '1', 'calls.jsonl'), 'utf8').includes('"z"'));
});

test('each database has its own spool directory', () => {
  const a = spoolDirFor('/spool', { type: 'mysql', url: 'mysql://u:p@db1:3306/crm', database: 'crm' });
  assert.equal(a, spoolDirFor('/spool', { type: 'mysql', url: 'mysql://u:p@other-name:3307/crm', database: 'crm' }), 'the same database by another address');
  assert.notEqual(a, spoolDirFor('/spool', { type: 'mysql', url: 'mysql://u:p@db1:3306/crm2', database: 'crm2' }));
  assert.notEqual(spoolDirFor('/spool', { type: 'sqlite', path: './a.sqlite' }), spoolDirFor('/spool', { type: 'sqlite', path: './b.sqlite' }));
});
