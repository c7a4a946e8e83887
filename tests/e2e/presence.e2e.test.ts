/**
 * Presence in a real browser against the real server and a simulated Asterisk: the console's Available
 * unpauses the operator in the PBX queue; a pause made on the phone (another AMI client's QueuePause, as a
 * feature code or the PBX's panel would) shows in the console as Break and its end as Available; signing
 * out pauses them as Offline at once; a closed browser makes them offline after the grace.
 *
 * Run: flock /tmp/client-build.lock sh -c 'npm run --silent build >/dev/null && node --import tsx --test tests/e2e/presence.e2e.test.ts'
 * Needs Chromium at /usr/bin/chromium. A screenshot (Russian) goes to tests/artifacts/. Nothing here measures
 * time: the limits below only stop a hung run.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { AmiServer, AmiTestClient, type AmiAction } from '../../telephony/simulator';
import { apiAs, ARTIFACTS, eventually as poll, launchChromium, signIn, startDemoServer, type Api, type DemoServer } from '../helpers/e2e';

const STEP_LIMIT_MS = 20_000;
const MEMBER = 'Local/101@queue-agents/n';

let sim: AmiServer | undefined;
let amiPort = 0;
let server: DemoServer;
let baseUrl = '';
let browser: Browser | undefined;
let managerApi: Api;
const actions: AmiAction[] = [];

const eventually = <T>(check: () => Promise<T> | T, limitMs = STEP_LIMIT_MS) => poll(check, limitMs);

/** The CRM's QueuePause actions for operator 101, as "Paused Reason". */
const pausesOf101 = () => actions.filter((a) => a.name === 'QueuePause' && a.message.get('Interface') === MEMBER && a.sessionId !== phoneSession).map((a) => `${a.message.get('Paused')}${a.message.get('Reason') ? ` ${a.message.get('Reason')}` : ''}`);
let phoneSession = -1;

async function floorStateOf(ext: string): Promise<string | undefined> {
  const res = await managerApi<{ agents: { extension: string | null; state: string }[] }>('GET', '/floor');
  assert.equal(res.status, 200);
  return res.body.agents.find((a) => a.extension === ext)?.state;
}

const stateIs = (page: Page, state: string) => page.locator(`[data-testid="agent-state"][data-state="${state}"]`).waitFor({ timeout: STEP_LIMIT_MS });

before(async () => {
  sim = new AmiServer({ username: 'crm', secret: 'e2e', speed: 1 });
  amiPort = await sim.listen(0);
  sim.on('action', (a) => actions.push(a));
  server = await startDemoServer(
    'presence',
    {
      AMI_URL: `ami://crm:e2e@127.0.0.1:${amiPort}`,
      // The simulator's queue members are FreePBX-style Local channels.
      AMI_QUEUE_INTERFACE: 'Local/{extension}@queue-agents/n',
      OFFLINE_GRACE_SECONDS: '2',
    },
    { pbxConnected: true, unset: ['AMI_QUEUE_PRESENCE', 'AMI_QUEUES'] },
  );
  baseUrl = server.baseUrl;
  ({ api: managerApi } = await apiAs(baseUrl, 'manager'));
  browser = await launchChromium();
});

after(async () => {
  await browser?.close().catch(() => undefined);
  await server?.stop();
  await sim?.close().catch(() => undefined);
});

test('the console follows the PBX queue both ways; sign-out and a closed browser make the operator offline', async () => {
  assert.ok(browser && sim);
  const ctx = await browser.newContext({ locale: 'ru-RU', viewport: { width: 1366, height: 900 } });
  const page = await ctx.newPage();
  const phone = await AmiTestClient.connect(amiPort);
  try {
    await signIn(page, baseUrl, '/console', 'operator1');
    await page.waitForURL(/\/console$/);
    await page.locator('[data-testid="connection-status"][data-status="live"]').waitFor({ timeout: STEP_LIMIT_MS });
    const buttons = page.getByRole('group', { name: 'Сменить статус' });

    // Available in the console: unpaused in the queue.
    await buttons.getByRole('button', { name: 'Перерыв' }).click();
    await stateIs(page, 'break');
    await eventually(() => assert.equal(pausesOf101().at(-1), 'true Break'));
    await buttons.getByRole('button', { name: 'Доступен' }).click();
    await stateIs(page, 'available');
    await eventually(() => assert.equal(pausesOf101().at(-1), 'false'));
    assert.ok(!sim.queueMembers.isAway('101'));

    // Paused on the phone: the console shows the break; unpaused there: available again.
    await phone.login('crm', 'e2e');
    phoneSession = sim.sessionList().at(-1)!.id;
    const sentBefore = pausesOf101().length;
    assert.equal((await phone.action('QueuePause', { Interface: MEMBER, Paused: 'true', Reason: 'Lunch' })).get('Response'), 'Success');
    await stateIs(page, 'break');
    await eventually(async () => assert.equal(await floorStateOf('101'), 'break'));
    await page.screenshot({ path: join(ARTIFACTS, 'presence-phone-pause.png'), fullPage: true });
    await phone.action('QueuePause', { Interface: MEMBER, Paused: 'false' });
    await stateIs(page, 'available');
    assert.deepEqual(pausesOf101().slice(sentBefore), [], 'the CRM sent nothing for what the phone did');

    // A closed browser: offline once the grace is over, and paused in the queue.
    await ctx.close();
    await eventually(async () => assert.equal(await floorStateOf('101'), 'offline'));
    await eventually(() => assert.equal(pausesOf101().at(-1), 'true Offline'));
    assert.ok(sim.queueMembers.isAway('101'));

    // Signing out from the menu: offline at once.
    const ctx2 = await browser.newContext({ locale: 'ru-RU', viewport: { width: 1366, height: 900 } });
    const page2 = await ctx2.newPage();
    await signIn(page2, baseUrl, '/console', 'operator2');
    await page2.waitForURL(/\/console$/);
    await page2.locator('[data-testid="connection-status"][data-status="live"]').waitFor({ timeout: STEP_LIMIT_MS }).catch(async (err: Error) => {
      await page2.screenshot({ path: join(ARTIFACTS, 'presence-failed.png'), fullPage: true });
      throw new Error(`${err.message}\n${server.output().slice(-3000)}`);
    });
    const buttons2 = page2.getByRole('group', { name: 'Сменить статус' });
    await buttons2.getByRole('button', { name: 'Доступен' }).click();
    await stateIs(page2, 'available');
    await page2.getByRole('button', { name: 'Выйти' }).click();
    await page2.waitForURL(/\/login$/);
    // Agent states are saved in short batches: the floor shows it within moments, not within the click.
    await eventually(async () => assert.equal(await floorStateOf('102'), 'offline'));
    await ctx2.close();
  } finally {
    phone.close();
    await ctx.close().catch(() => undefined);
  }
});
