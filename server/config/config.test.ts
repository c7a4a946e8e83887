import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigError, loadConfig } from './config';

test('defaults give the embedded shape', () => {
  const c = loadConfig({});
  assert.equal(c.port, 3000);
  assert.deepEqual(c.database, { type: 'sqlite', path: './data/crm.sqlite' });
  assert.equal(c.redisUrl, undefined);
  assert.equal(c.demoPbx, true);
  assert.equal(c.seedDemoData, true);
  assert.equal(c.phoneRegion, 'RU');
  assert.equal(c.amiReconcileMs, 60_000);
  assert.ok(Object.isFrozen(c));
});

test('scale-out values are parsed', () => {
  const c = loadConfig({ DATABASE_URL: 'mysql://crm:s3cret@db:3306/crm', REDIS_URL: 'redis://cache:6379', AMI_URL: 'ami://admin:pw@pbx:5038', PORT: '8080', PHONE_DEFAULT_REGION: 'UA' });
  assert.deepEqual(c.database, { type: 'mysql', url: 'mysql://crm:s3cret@db:3306/crm', database: 'crm' });
  assert.equal(c.port, 8080);
  assert.equal(c.demoPbx, false);
  assert.equal(c.seedDemoData, false, 'a configured PBX means a real floor: no demo data');
  assert.equal(c.phoneRegion, 'UA');
});

test('a bad value fails with one line naming the variable', () => {
  const cases: [Record<string, string>, RegExp][] = [
    [{ PORT: 'abc' }, /^Invalid configuration: PORT /],
    [{ PORT: '70000' }, /PORT/],
    [{ DATABASE_URL: 'postgres://x/y' }, /DATABASE_URL must be sqlite:<path> or mysql:\/\//],
    [{ REDIS_URL: 'http://x' }, /REDIS_URL/],
    [{ AMI_URL: 'nonsense' }, /AMI_URL/],
    [{ DEMO_PBX: 'maybe' }, /DEMO_PBX/],
    [{ AMI_RECONCILE_SECONDS: '0' }, /^Invalid configuration: AMI_RECONCILE_SECONDS /],
    [{ PHONE_DEFAULT_REGION: 'XX' }, /PHONE_DEFAULT_REGION/],
    [{ ADMIN_LOGIN: 'boss' }, /ADMIN_PASSWORD must be set together with ADMIN_LOGIN/],
    [{ ADMIN_LOGIN: 'boss', ADMIN_PASSWORD: 'short' }, /ADMIN_PASSWORD must be at least 10/],
    [{ TWILIO_ACCOUNT_SID: `AC${'a'.repeat(32)}`, TWILIO_AUTH_TOKEN: 'x'.repeat(32) }, /PUBLIC_URL is required/],
  ];
  for (const [env, pattern] of cases) {
    assert.throws(() => loadConfig(env), (err: Error) => err instanceof ConfigError && pattern.test(err.message) && !err.message.includes('\n'), JSON.stringify(env));
  }
});

test('the error line never echoes a secret', () => {
  assert.throws(() => loadConfig({ TWILIO_ACCOUNT_SID: 'not-a-sid', TWILIO_AUTH_TOKEN: 'supersecrettoken123' }), (err: Error) => !err.message.includes('supersecret'));
});

test('AMI channel patterns are regular expressions with the groups they need', () => {
  const c = loadConfig({ AMI_PHONE_CHANNEL: '^SIP/(\\d+)-', AMI_LOCAL_CHANNEL: '^Local/' });
  assert.equal(c.channels.phone?.exec('SIP/205-0001')?.[1], '205');
  assert.throws(() => loadConfig({ AMI_PHONE_CHANNEL: '^SIP/\\d+-' }), /AMI_PHONE_CHANNEL must be a regular expression \(needs 1 capture group\)/);
  assert.throws(() => loadConfig({ AMI_PHONE_CHANNEL: '([' }), /AMI_PHONE_CHANNEL must be a regular expression/);
  assert.throws(() => loadConfig({ AMI_ORIGINATE_CHANNEL: 'PJSIP/101' }), /AMI_ORIGINATE_CHANNEL/);
});

test('demo mode only when nothing production-like is configured', () => {
  const admin = { ADMIN_LOGIN: 'chief', ADMIN_PASSWORD: 'a-long-admin-passphrase' };
  const twilio = { TWILIO_ACCOUNT_SID: `AC${'a'.repeat(32)}`, TWILIO_AUTH_TOKEN: 'x'.repeat(32), PUBLIC_URL: 'https://crm.example.com' };
  for (const env of [admin, twilio, { DEMO_PBX: '0' }, { AMI_URL: 'ami://u:p@pbx:5038' }]) {
    const c = loadConfig(env);
    assert.equal(c.demoPbx, false, JSON.stringify(env));
    assert.equal(c.seedDemoData, false, JSON.stringify(env));
    assert.equal(c.demoDataAllowed, false, JSON.stringify(env));
  }
  assert.equal(loadConfig({ DEMO_DATA: '1', AMI_URL: 'ami://u:p@pbx:5038' }).demoDataAllowed, true, 'an explicit DEMO_DATA=1 (trials, tests)');
  assert.throws(() => loadConfig({ ...admin, DEMO_DATA: '1' }), /DEMO_DATA cannot be 1 together with ADMIN_LOGIN/);
});

test('demo data reads its generated recordings beside the call spool, unless a recordings source is configured', () => {
  const demo = loadConfig({ CALL_SPOOL_DIR: '/tmp/x/spool' });
  assert.equal(demo.demoRecordingsDir, '/tmp/x/demo-recordings');
  assert.equal(demo.recordings.dir, '/tmp/x/demo-recordings');
  assert.equal(loadConfig({}).recordings.dir, 'data/demo-recordings');
  for (const env of [{ RECORDINGS_DIR: '/mnt/rec' }, { RECORDINGS_URL: 'https://pbx.local/rec' }]) assert.equal(loadConfig(env).demoRecordingsDir, undefined, JSON.stringify(env));
  assert.equal(loadConfig({ RECORDINGS_DIR: '/mnt/rec' }).recordings.dir, '/mnt/rec');
  const real = loadConfig({ AMI_URL: 'ami://u:p@pbx:5038' });
  assert.equal(real.demoRecordingsDir, undefined);
  assert.equal(real.recordings.dir, undefined);
});

test('PHONE_REGIONS: the install countries in order, the first one the default', () => {
  const c = loadConfig({ PHONE_REGIONS: 'ru, ua,RU' });
  assert.deepEqual(c.phoneRegions, ['RU', 'UA']);
  assert.equal(c.phoneRegion, 'RU');
  assert.deepEqual(loadConfig({ PHONE_DEFAULT_REGION: 'UA' }).phoneRegions, ['UA']);
  assert.throws(() => loadConfig({ PHONE_REGIONS: 'RU,XX' }), /^ConfigError: Invalid configuration: PHONE_REGIONS|PHONE_REGIONS must be/);
  assert.throws(() => loadConfig({ METRICS_TOKEN: 'short' }), /METRICS_TOKEN/);
});

test('queue presence: pause by default, add-remove needs its queues, the interface names {extension}', () => {
  const c = loadConfig({});
  assert.deepEqual(c.queuePresence, { mode: 'pause', interface: 'PJSIP/{extension}', queues: [] });
  assert.equal(c.offlineGraceMs, 15_000);
  const dynamic = loadConfig({ AMI_QUEUE_PRESENCE: 'add-remove', AMI_QUEUES: 'sales, support', AMI_QUEUE_INTERFACE: 'Local/{extension}@from-queue/n', OFFLINE_GRACE_SECONDS: '30' });
  assert.deepEqual(dynamic.queuePresence, { mode: 'add-remove', interface: 'Local/{extension}@from-queue/n', queues: ['sales', 'support'] });
  assert.equal(dynamic.offlineGraceMs, 30_000);
  assert.throws(() => loadConfig({ AMI_QUEUE_PRESENCE: 'add-remove' }), /AMI_QUEUES is required when AMI_QUEUE_PRESENCE is add-remove/);
  assert.throws(() => loadConfig({ AMI_QUEUE_PRESENCE: 'sometimes' }), /AMI_QUEUE_PRESENCE must be pause, add-remove or off/);
  assert.throws(() => loadConfig({ AMI_QUEUE_INTERFACE: 'PJSIP/101' }), /AMI_QUEUE_INTERFACE must be like PJSIP\/\{extension\}/);
  assert.throws(() => loadConfig({ AMI_QUEUES: 'sales;drop table' }), /AMI_QUEUES must be a comma list of queue names/);
  assert.throws(() => loadConfig({ OFFLINE_GRACE_SECONDS: '0' }), /OFFLINE_GRACE_SECONDS/);
});
