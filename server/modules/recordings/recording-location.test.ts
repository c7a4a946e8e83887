import assert from 'node:assert/strict';
import { test } from 'node:test';
import { locateRecording, type RecordingSources } from './recording-location';

const call = (recordingUrl: string | null) => ({ pbx: 'asterisk', pbxCallId: 'pbx-1795391636.0', recordingUrl, startedAt: new Date('2026-12-03T21:30:00Z') });
const base: RecordingSources = { pbxRoot: '/var/spool/asterisk/monitor', timeZone: 'Europe/Moscow' };
const SID = `AC${'a'.repeat(32)}`;
const twilio = { accountSid: SID, authToken: 'secret-token-0123456789' };

test('the PBX’s file name is read under the mounted directory or the web base URL', () => {
  assert.deepEqual(locateRecording(call('/var/spool/asterisk/monitor/2026/12/03/in-1.wav'), { ...base, dir: '/mnt/rec' }), { kind: 'file', path: '/mnt/rec/2026/12/03/in-1.wav', name: 'in-1.wav' });
  assert.deepEqual(locateRecording(call('/var/spool/asterisk/monitor/2026/12/03/вход 1.wav'), { ...base, url: 'https://pbx.local/rec' }), { kind: 'http', url: 'https://pbx.local/rec/2026/12/03/%D0%B2%D1%85%D0%BE%D0%B4%201.wav', name: 'вход 1.wav' });
  assert.equal(locateRecording(call('/var/spool/asterisk/monitor/x.wav'), base), null, 'nowhere to read it from');
});

test('the path pattern finds a call’s file by its id and its day in the floor’s zone', () => {
  // 21:30 UTC is 00:30 on the next day in Moscow.
  const where = locateRecording(call(null), { ...base, dir: '/mnt/rec', pattern: '{yyyy}/{mm}/{dd}/in-{callId}.wav' });
  assert.deepEqual(where, { kind: 'file', path: '/mnt/rec/2026/12/04/in-pbx-1795391636.0.wav', name: 'in-pbx-1795391636.0.wav' });
  assert.equal(locateRecording(call(null), { ...base, dir: '/mnt/rec' }), null, 'no pattern, no file');
});

test('paths that leave the directory are refused, from the PBX or the pattern', () => {
  for (const bad of ['/var/spool/asterisk/monitor/../../../etc/passwd', '/etc/shadow', '../x.wav', 'a/../../x.wav', '/var/spool/asterisk/monitor/a\0b.wav']) {
    assert.throws(() => locateRecording(call(bad), { ...base, dir: '/mnt/rec' }), /outside the recordings directory/, bad);
  }
  assert.throws(() => locateRecording({ ...call(null), pbxCallId: '../../../etc/passwd' }, { ...base, dir: '/mnt/rec', pattern: 'in-{callId}.wav' }), /outside/);
});

test('Twilio’s credentials go to Twilio’s API only', () => {
  const url = `https://api.twilio.com/2010-04-01/Accounts/${SID}/Recordings/RE${'0'.repeat(32)}`;
  const where = locateRecording(call(url), { ...base, twilio });
  assert.equal(where?.kind, 'http');
  assert.equal(where?.kind === 'http' && where.url, `${url}.mp3`);
  assert.equal(where?.kind === 'http' && where.authorization, `Basic ${Buffer.from(`${SID}:${twilio.authToken}`).toString('base64')}`);
  const elsewhere = locateRecording(call(`https://evil.example/2010-04-01/Accounts/${SID}/Recordings/RE${'0'.repeat(32)}`), { ...base, twilio });
  assert.equal(elsewhere?.kind === 'http' && elsewhere.authorization, undefined);
});
