import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { TwilioConfig } from '../../server/config/config';
import { createTestDatabase, type TestDatabase } from '../helpers/test-db';
import { startTestApp, type TestApp } from '../helpers/test-app';

// The browser softphone's access tokens (GET /api/softphone/token) and whether the console shows it
// (GET /api/softphone). The token is checked as Twilio would: an HS256 JWT signed with the API key's
// secret, issued by the key, for the account, carrying the operator's identity and a Voice grant.

const ACCOUNT_SID = `AC${'a1'.repeat(16)}`;
const API_KEY_SID = `SK${'b2'.repeat(16)}`;
const API_KEY_SECRET = 'softphone-test-secret-0123456789';
const TWIML_APP_SID = `AP${'c3'.repeat(16)}`;

const twilio = (softphone: TwilioConfig['softphone']): TwilioConfig => ({
  accountSid: ACCOUNT_SID,
  authToken: 'auth-token-0123456789abcdef',
  callerId: '+74951234567',
  dialMode: 'simultaneous',
  ringSeconds: 20,
  greeting: undefined,
  language: 'ru-RU',
  record: false,
  nobody: 'message',
  nobodyMessage: 'busy',
  sipDomain: undefined,
  softphone,
  apiUrl: undefined,
});

type Jwt = { header: Record<string, unknown>; payload: Record<string, any>; signedWith: (secret: string) => boolean };

function decode(jwt: string): Jwt {
  const [h, p, s] = jwt.split('.');
  assert.ok(h && p && s, 'three parts');
  const part = (x: string) => JSON.parse(Buffer.from(x, 'base64url').toString('utf8')) as Record<string, any>;
  return { header: part(h), payload: part(p), signedWith: (secret) => createHmac('sha256', secret).update(`${h}.${p}`).digest('base64url') === s };
}

let db: TestDatabase;
let app: TestApp; // Twilio with the softphone's API key and TwiML app
let plain: TestApp; // Twilio without them
let none: TestApp; // no Twilio (Asterisk installs)

before(async () => {
  db = await createTestDatabase();
  app = await startTestApp({ db, twilio: twilio({ apiKeySid: API_KEY_SID, apiKeySecret: API_KEY_SECRET, twimlAppSid: TWIML_APP_SID }) });
  plain = await startTestApp({ db, twilio: twilio(undefined) });
  none = await startTestApp({ db });
});

after(async () => {
  await app?.close();
  await plain?.close();
  await none?.close();
  await db?.drop();
});

describe('GET /api/softphone/token', () => {
  test("an operator with an extension gets a Twilio Voice token for their identity", async () => {
    const op = await app.user('operator', { extension: '4101' });
    const before = Math.floor(Date.now() / 1000);
    const res = await app.api('GET', '/api/softphone/token', { token: op.token });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('cache-control'), 'no-store');
    assert.deepEqual(Object.keys(res.body).sort(), ['expiresAt', 'identity', 'token']);
    assert.equal(res.body.identity, 'ext-4101');
    assert.ok(!JSON.stringify(res.body).includes(API_KEY_SECRET), 'the secret never leaves the server');

    const jwt = decode(res.body.token);
    assert.equal(jwt.header.alg, 'HS256');
    assert.equal(jwt.header.cty, 'twilio-fpa;v=1');
    assert.ok(jwt.signedWith(API_KEY_SECRET), 'signed with the API key secret');
    assert.equal(jwt.payload.iss, API_KEY_SID);
    assert.equal(jwt.payload.sub, ACCOUNT_SID);
    assert.deepEqual(jwt.payload.grants, { identity: 'ext-4101', voice: { incoming: { allow: true }, outgoing: { application_sid: TWIML_APP_SID } } });
    assert.equal(jwt.payload.exp - jwt.payload.iat, 3600);
    assert.ok(jwt.payload.iat >= before - 1);
    assert.equal(Date.parse(res.body.expiresAt), jwt.payload.exp * 1000);
  });

  test('any role with an extension gets one (a supervisor answering calls)', async () => {
    const sup = await app.user('supervisor', { extension: '4102' });
    const res = await app.api('GET', '/api/softphone/token', { token: sup.token });
    assert.equal(res.status, 200);
    assert.equal(decode(res.body.token).payload.grants.identity, 'ext-4102');
  });

  test('a user without an extension: 409 no_extension', async () => {
    const op = await app.user('operator');
    const res = await app.api('GET', '/api/softphone/token', { token: op.token });
    assert.equal(res.status, 409);
    assert.equal(res.body.error.code, 'no_extension');
  });

  test('a new extension is in the next token', async () => {
    const op = await app.user('operator', { extension: '4103' });
    const admin = await app.user('admin');
    const changed = await app.api('PATCH', `/api/users/${op.id}`, { token: admin.token, body: { extension: '4104' } });
    assert.equal(changed.status, 200, JSON.stringify(changed.body));
    const res = await app.api('GET', '/api/softphone/token', { token: op.token });
    assert.equal(res.status, 200);
    assert.equal(res.body.identity, 'ext-4104');
  });

  test('without a session: 401', async () => {
    const res = await app.api('GET', '/api/softphone/token');
    assert.equal(res.status, 401);
    assert.equal((await app.api('GET', '/api/softphone')).status, 401);
  });

  test('Twilio without the softphone settings, or no Twilio at all: 404 softphone_disabled', async () => {
    for (const [i, other] of [plain, none].entries()) {
      const op = await other.user('operator', { extension: `420${i}` }); // one database behind the three apps
      const res = await other.api('GET', '/api/softphone/token', { token: op.token });
      assert.equal(res.status, 404);
      assert.equal(res.body.error.code, 'softphone_disabled');
    }
  });
});

describe('Content-Security-Policy', () => {
  test("lets the page reach Twilio only when the softphone is on", async () => {
    const csp = (await app.api('GET', '/api/meta')).headers.get('content-security-policy') ?? '';
    assert.match(csp, /connect-src 'self' wss:\/\/\*\.twilio\.com https:\/\/\*\.twilio\.com/);
    assert.match(csp, /media-src 'self' https:\/\/sdk\.twilio\.com/);
    for (const other of [plain, none]) {
      const policy = (await other.api('GET', '/api/meta')).headers.get('content-security-policy') ?? '';
      assert.match(policy, /default-src 'self'/);
      assert.doesNotMatch(policy, /twilio/);
    }
  });
});

describe('GET /api/softphone', () => {
  test('tells the console whether to show the softphone', async () => {
    const op = await app.user('operator', { extension: '4106' });
    assert.deepEqual((await app.api('GET', '/api/softphone', { token: op.token })).body, { enabled: true });
    for (const other of [plain, none]) {
      const u = await other.user('operator');
      const res = await other.api('GET', '/api/softphone', { token: u.token });
      assert.equal(res.status, 200);
      assert.deepEqual(res.body, { enabled: false });
    }
  });
});
