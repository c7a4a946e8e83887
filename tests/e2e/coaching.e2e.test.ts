/**
 * Live coaching on the wallboard in a real browser, against the real server and a simulated Asterisk: an
 * operator takes a call; the supervisor (who supervises the demo's teams and has extension 100) sees
 * Listen / Whisper / Barge on that operator's tile only, whispers, and the PBX receives an Originate of
 * the supervisor's phone into ChanSpy with the whisper options; the page says to pick up. The manager
 * (no phone of their own) is told so.
 *
 * Run: flock /tmp/client-build.lock sh -c 'npm run --silent build >/dev/null && node --import tsx --test tests/e2e/coaching.e2e.test.ts'
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { AmiServer, inboundCall } from '../../telephony/simulator';
import { ARTIFACTS, eventually, launchChromium, signIn, startDemoServer, type DemoServer } from '../helpers/e2e';

const STEP_LIMIT_MS = 30_000;

let sim: AmiServer | undefined;
let server: DemoServer | undefined;
let browser: Browser | undefined;
const originates: { channel: string; application: string; data: string }[] = [];

before(async () => {
  sim = new AmiServer({ username: 'crm', secret: 'coach', speed: 5 });
  sim.on('action', (a) => {
    if (a.name.toLowerCase() === 'originate') originates.push({ channel: a.message.get('Channel') ?? '', application: a.message.get('Application') ?? '', data: a.message.get('Data') ?? '' });
  });
  const amiPort = await sim.listen(0);
  server = await startDemoServer('coaching', { AMI_URL: `ami://crm:coach@127.0.0.1:${amiPort}` }, { pbxConnected: true });
  browser = await launchChromium();
});

after(async () => {
  await browser?.close().catch(() => undefined);
  await server?.stop();
  await sim?.close().catch(() => undefined);
});

const tile = (page: Page, ext: string) => page.locator(`[data-testid="floor-agent"][data-ext="${ext}"]`);

async function openWallboard(page: Page, login: string) {
  assert.ok(server);
  await signIn(page, server.baseUrl, '/wallboard', login);
  await page.waitForURL(/\/wallboard$/);
  await page.locator('[data-testid="connection-status"][data-status="live"]').waitFor({ timeout: STEP_LIMIT_MS });
}

test('a supervisor whispers to an operator on a call from the wallboard; a manager without a phone is told why not', async () => {
  assert.ok(sim && browser);
  const s = sim;
  const context = await browser.newContext({ locale: 'ru-RU', viewport: { width: 1600, height: 900 } });
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (err) => pageErrors.push(err.message));
  try {
    await openWallboard(page, 'supervisor');
    void s.play(inboundCall(s.pbx, { caller: { number: '+79161119901', name: 'Клиент Суфлёра' }, attempts: [{ ext: '101', ringMs: 2_000, answered: true }], talkMs: 600_000 }, s.clock.now()));
    await eventually(async () => assert.equal(await tile(page, '101').getAttribute('data-state'), 'on_call'), STEP_LIMIT_MS);
    const coach = tile(page, '101').getByTestId('coaching');
    await coach.waitFor({ timeout: STEP_LIMIT_MS });
    // Only the operator on a call has the buttons.
    assert.equal(await page.getByTestId('coaching').count(), 1);
    assert.deepEqual(await coach.getByRole('button').allInnerTexts(), ['Слушать', 'Суфлировать', 'Подключиться']);

    await coach.getByRole('button', { name: 'Суфлировать' }).click();
    const result = coach.getByTestId('coaching-result');
    await result.waitFor({ timeout: STEP_LIMIT_MS });
    assert.match(await result.innerText(), /Снимите трубку, чтобы суфлировать/);
    assert.deepEqual(originates, [{ channel: 'PJSIP/100', application: 'ChanSpy', data: 'PJSIP/101-,qwES' }]);
    await page.screenshot({ path: join(ARTIFACTS, 'e2e-coaching-whisper.png') });

    // The manager coaches everyone, but has no extension: the page says so, nothing reaches the PBX.
    await context.clearCookies();
    await openWallboard(page, 'manager');
    const managerCoach = tile(page, '101').getByTestId('coaching');
    await managerCoach.waitFor({ timeout: STEP_LIMIT_MS });
    await managerCoach.getByRole('button', { name: 'Слушать' }).click();
    const error = managerCoach.getByTestId('coaching-error');
    await error.waitFor({ timeout: STEP_LIMIT_MS });
    assert.match(await error.innerText(), /нет внутреннего номера/);
    assert.equal(originates.length, 1);
    assert.deepEqual(pageErrors, []);
  } finally {
    await context.close();
  }
});
