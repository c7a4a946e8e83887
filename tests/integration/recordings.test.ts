import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import express from 'express';
import { CallEntity, UserEntity } from '../../server/db/entities';
import { startAsteriskHarness } from '../helpers/asterisk-harness';
import { startTestApp, type TestApp } from '../helpers/test-app';

// Call recordings: MixMonitor's file name from the AMI stream (the real connector over TCP) to the call's
// row, played through the API with range requests, by who may hear it, audited, deleted after retention.
const PBX_FILE = '/var/spool/asterisk/monitor/2026/11/22/in-88005553535-hotline-lab-1795391636.0.wav';
const RELATIVE = '2026/11/22/in-88005553535-hotline-lab-1795391636.0.wav';
const AUDIO = Buffer.from(Array.from({ length: 4000 }, (_, i) => i % 251));

let dir: string;
let app: TestApp;
let callId: number;
let op101: { id: number; token: string };
let mgr: { id: number; token: string };

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hotline-recordings-'));
  mkdirSync(join(dir, '2026/11/22'), { recursive: true });
  writeFileSync(join(dir, RELATIVE), AUDIO);
  app = await startTestApp({ recordings: { dir, url: undefined, pbxRoot: '/var/spool/asterisk/monitor', pattern: undefined } });
  op101 = await app.user('operator', { extension: '101' });
  mgr = await app.user('manager');
  const h = await startAsteriskHarness(app);
  try {
    await h.replay('inbound-answered-recorded');
    await h.settle();
  } finally {
    await h.stop();
  }
  const row = await app.ds.getRepository(CallEntity).findOneByOrFail({ pbx: h.pbx, pbxCallId: 'hotline-lab-1795391636.0' });
  callId = row.id;
});
after(async () => {
  await app.close();
  rmSync(dir, { recursive: true, force: true });
});

const get = (path: string, token: string, headers: Record<string, string> = {}) => fetch(`${app.baseUrl}/api${path}`, { headers: { authorization: `Bearer ${token}`, ...headers } });
const listens = async () => (await app.api('GET', `/api/audit?entity=recording&entityId=${callId}`, { token: mgr.token })).body.items as { action: string; actorId: number }[];

test('the file MixMonitor names in the AMI stream is the call’s recording; it plays whole and by ranges (seeking)', async () => {
  const row = await app.ds.getRepository(CallEntity).findOneByOrFail({ id: callId });
  assert.deepEqual({ operatorId: row.operatorId, recordingUrl: row.recordingUrl }, { operatorId: op101.id, recordingUrl: PBX_FILE });

  const whole = await get(`/calls/${callId}/recording`, op101.token);
  assert.equal(whole.status, 200);
  assert.equal(whole.headers.get('accept-ranges'), 'bytes');
  assert.deepEqual(Buffer.from(await whole.arrayBuffer()), AUDIO);

  const part = await get(`/calls/${callId}/recording`, op101.token, { range: 'bytes=1000-1099' });
  assert.equal(part.status, 206);
  assert.equal(part.headers.get('content-range'), `bytes 1000-1099/${AUDIO.length}`);
  assert.deepEqual(Buffer.from(await part.arrayBuffer()), AUDIO.subarray(1000, 1100));
  assert.equal((await get(`/calls/${callId}/recording`, op101.token, { range: 'bytes=999999-' })).status, 416);

  // One playback is one "listen": the seeks are not.
  assert.deepEqual((await listens()).map((e) => [e.action, e.actorId]), [['listen', op101.id]]);
});

test('who may hear it: the call’s operator, the supervisor of their team, managers; downloads for supervisors and above', async () => {
  const other = await app.user('operator', { extension: '102' });
  const sup = await app.user('supervisor');
  const otherSup = await app.user('supervisor');
  const team = await app.api('POST', '/api/teams', { token: mgr.token, body: { name: 'Смена записи', supervisorId: sup.id } });
  await app.ds.getRepository(UserEntity).update({ id: op101.id }, { teamId: team.body.id });

  assert.equal((await get(`/calls/${callId}/recording`, other.token)).status, 403);
  assert.equal((await get(`/calls/${callId}/recording`, otherSup.token)).status, 403, 'a supervisor of another team');
  assert.equal((await get(`/calls/${callId}/recording`, sup.token)).status, 200);
  assert.equal((await get(`/calls/${callId}/recording`, mgr.token)).status, 200);
  assert.equal((await get(`/calls/${callId}/recording?download=1`, op101.token)).status, 403, 'operators listen, do not download');
  const download = await get(`/calls/${callId}/recording?download=1`, sup.token);
  assert.equal(download.status, 200);
  assert.match(download.headers.get('content-disposition') ?? '', /attachment; filename="?in-88005553535-hotline-lab-1795391636\.0\.wav"?/);
  await download.arrayBuffer();
  assert.equal((await fetch(`${app.baseUrl}/api/calls/${callId}/recording`)).status, 401, 'no session, no recording');
  assert.equal((await get(`/calls/${callId}/recording?download=yes`, sup.token)).status, 400);
  assert.equal((await get('/calls/99999999/recording', mgr.token)).status, 404);

  const actions = (await listens()).map((e) => `${e.action}:${e.actorId}`);
  for (const a of [`download:${sup.id}`, `listen:${sup.id}`, `listen:${mgr.id}`]) assert.ok(actions.includes(a), `${a} in ${actions.join(', ')}`);
  assert.ok(!actions.includes(`listen:${other.id}`), 'a refused request is not a listen');
});

test('a recording path that leaves the recordings directory is refused; a call without one is a 404', async () => {
  const repo = app.ds.getRepository(CallEntity);
  const base = await repo.findOneByOrFail({ id: callId });
  const make = async (recordingUrl: string | null, n: number) => {
    const { id: _id, ...rest } = base;
    const { identifiers } = await repo.insert({ ...rest, pbxCallId: `escape-${n}`, recordingUrl });
    return identifiers[0]!.id as number;
  };
  for (const [i, path] of ['/var/spool/asterisk/monitor/../../../etc/passwd', '/etc/passwd', '2026/../../../etc/passwd', '../outside.wav'].entries()) {
    const res = await get(`/calls/${await make(path, i)}/recording`, mgr.token);
    assert.equal(res.status, 403, path);
    assert.equal(((await res.json()) as { error: { code: string } }).error.code, 'recording_path_refused');
  }
  const none = await get(`/calls/${await make(null, 10)}/recording`, mgr.token);
  assert.equal(none.status, 404);
  const gone = await get(`/calls/${await make('/var/spool/asterisk/monitor/2026/11/22/not-copied.wav', 11)}/recording`, mgr.token);
  assert.equal(gone.status, 404);
  assert.equal(((await gone.json()) as { error: { code: string } }).error.code, 'recording_missing');
});

test('recordings on the PBX’s web server (RECORDINGS_URL) play with ranges passed through', async () => {
  const web = express();
  web.use('/monitor', express.static(dir));
  const server: Server = createServer(web);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/monitor`;
  const second = await startTestApp({ recordings: { dir: undefined, url, pbxRoot: '/var/spool/asterisk/monitor', pattern: undefined } });
  try {
    const boss = await second.user('manager');
    const { id: _id, ...rest } = await app.ds.getRepository(CallEntity).findOneByOrFail({ id: callId });
    const { identifiers } = await second.ds.getRepository(CallEntity).insert({ ...rest, operatorId: null, clientId: null });
    const res = await fetch(`${second.baseUrl}/api/calls/${identifiers[0]!.id}/recording`, { headers: { authorization: `Bearer ${boss.token}`, range: 'bytes=10-19' } });
    assert.equal(res.status, 206);
    assert.equal(res.headers.get('content-range'), `bytes 10-19/${AUDIO.length}`);
    assert.deepEqual(Buffer.from(await res.arrayBuffer()), AUDIO.subarray(10, 20));
  } finally {
    await second.close();
    await new Promise((r) => server.close(r));
  }
});

test('retention: the manager sets days; older recordings are deleted by the job, newer ones stay', async () => {
  const op = await app.user('operator');
  assert.equal((await app.api('PUT', '/api/recordings/settings', { token: op.token, body: { retentionDays: 30 } })).status, 403);
  assert.equal((await app.api('PUT', '/api/recordings/settings', { token: mgr.token, body: { retentionDays: 0 } })).status, 400);
  assert.equal((await app.api('PUT', '/api/recordings/settings', { token: mgr.token, body: { retentionDays: 30, extra: 1 } })).status, 400);
  const set = await app.api('PUT', '/api/recordings/settings', { token: mgr.token, body: { retentionDays: 30 } });
  assert.equal(set.status, 200);
  assert.deepEqual((await app.api('GET', '/api/recordings/settings', { token: mgr.token })).body, { retentionDays: 30 });

  const started = (await app.ds.getRepository(CallEntity).findOneByOrFail({ id: callId })).startedAt;
  const early = await app.services.recordings.sweep(new Date(started.getTime() + 29 * 86400_000));
  assert.equal(early.deleted, 0, 'not yet 30 days old');
  assert.ok(existsSync(join(dir, RELATIVE)));
  const late = await app.services.recordings.sweep(new Date(started.getTime() + 31 * 86400_000));
  assert.ok(late.deleted >= 1, JSON.stringify(late));
  assert.ok(!existsSync(join(dir, RELATIVE)), 'the file is gone');
  assert.equal((await app.ds.getRepository(CallEntity).findOneByOrFail({ id: callId })).recordingUrl, null);
  assert.equal((await get(`/calls/${callId}/recording`, mgr.token)).status, 404);
  const audit = (await app.api('GET', '/api/audit?entity=setting&entityId=recordings', { token: mgr.token })).body.items;
  assert.deepEqual(audit[0].after, { retentionDays: 30 });
});
