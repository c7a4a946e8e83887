/**
 * The browser softphone in a real Chromium against the real server. There is no Twilio here (no
 * internet), so what is checked is what an install can see without it: with Twilio's softphone settings
 * the console shows the softphone, fetches the operator's token, loads the SDK (its own file, only then)
 * and says plainly that Twilio cannot be reached instead of spinning; the microphone is asked for ahead
 * of a call, and a refused one is explained; without the settings there is no softphone and no SDK.
 *
 * Run: flock /tmp/client-build.lock sh -c 'npm run --silent build >/dev/null && node --import tsx --test tests/e2e/softphone.e2e.test.ts'
 * Screenshots (Russian, 1366×768 and 390×844) go to tests/artifacts/softphone-*.png. Nothing here
 * measures time: the limits only stop a hung run.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { ARTIFACTS, CHROMIUM, eventually, launchChromium, sideways, signIn, startDemoServer, type DemoServer } from '../helpers/e2e';

const SOFTPHONE_ENV = {
  PUBLIC_URL: 'https://crm.example.test',
  TWILIO_ACCOUNT_SID: `AC${'a1'.repeat(16)}`,
  TWILIO_AUTH_TOKEN: 'e2e-auth-token-0123456789',
  TWILIO_API_KEY_SID: `SK${'b2'.repeat(16)}`,
  TWILIO_API_KEY_SECRET: 'e2e-api-key-secret-0123456789',
  TWILIO_TWIML_APP_SID: `AP${'c3'.repeat(16)}`,
  DEMO_DATA: '1',
};
const SOFTPHONE_VARS = ['TWILIO_API_KEY_SID', 'TWILIO_API_KEY_SECRET', 'TWILIO_TWIML_APP_SID'];

let twilio: DemoServer;
let plain: DemoServer;
/** Fake microphone, and the permission prompt answered "allow" (the flags Twilio's own tests use). */
let browser: Browser;
/** Every permission prompt answered "block". */
let blocking: Browser;

const launch = (args: string[]) => chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--use-fake-device-for-media-stream', ...args] });
const shot = (page: Page, name: string) => page.screenshot({ path: join(ARTIFACTS, `softphone-${name}.png`), fullPage: true });

async function consoleAs(b: Browser, server: DemoServer, login: string, width = 1366, height = 768): Promise<{ context: BrowserContext; page: Page; requests: string[] }> {
  const context = await b.newContext({ locale: 'ru-RU', viewport: { width, height } });
  const page = await context.newPage();
  const requests: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  await signIn(page, server.baseUrl, '/console', login);
  await page.getByTestId('console-idle').waitFor();
  return { context, page, requests };
}

before(async () => {
  [twilio, plain] = await Promise.all([startDemoServer('softphone', SOFTPHONE_ENV), startDemoServer('softphone-off', {}, { unset: SOFTPHONE_VARS })]);
  await launchChromium().then((b) => b.close()); // makes the artifacts folder, checks Chromium is there
  browser = await launch(['--use-fake-ui-for-media-stream']);
  blocking = await launch(['--deny-permission-prompts']);
});

after(async () => {
  await browser?.close();
  await blocking?.close();
  await twilio?.stop();
  await plain?.stop();
});

test("the console shows the softphone, gets the operator's token and says Twilio cannot be reached", async () => {
  const { context, page, requests } = await consoleAs(browser, twilio, 'operator1');
  const panel = page.getByTestId('softphone');
  await panel.waitFor();
  assert.match(await panel.innerText(), /Софтфон/);
  // The token was fetched for this operator (extension 101), and the SDK's own file loaded after it.
  const token = await eventually(async () => {
    const res = await page.evaluate(() => fetch('/api/softphone/token').then(async (r) => ({ status: r.status, body: await r.json() })));
    assert.equal(res.status, 200);
    return res.body as { identity: string; token: string; expiresAt: string };
  });
  assert.equal(token.identity, 'ext-101');
  assert.ok(requests.some((u) => u.endsWith('/api/softphone/token')), 'the softphone asked for its token');
  await eventually(() => assert.ok(requests.some((u) => /\/assets\/softphone-[\w-]+\.js$/.test(u)), 'the SDK chunk loaded'));
  // No route to Twilio's servers from here: a clear state, not an endless "connecting".
  await eventually(async () => assert.equal(await panel.getAttribute('data-state'), 'unreachable'), 60_000);
  const problem = page.getByTestId('softphone-problem');
  assert.equal(await problem.getAttribute('data-problem'), 'unreachable');
  assert.match(await problem.innerText(), /Нет связи с Twilio/);
  assert.match(await panel.innerText(), /Повторить/);
  await shot(page, 'unreachable-1366');
  // "Try again" starts over (a new token, a new device) and ends in the same honest state.
  const before = requests.filter((u) => u.endsWith('/api/softphone/token')).length;
  await panel.getByRole('button', { name: 'Повторить' }).click();
  await eventually(() => assert.ok(requests.filter((u) => u.endsWith('/api/softphone/token')).length > before));
  await eventually(async () => assert.equal(await panel.getAttribute('data-state'), 'unreachable'), 60_000);
  await context.close();
});

test('on a phone-sized screen the softphone fits', async () => {
  const { context, page } = await consoleAs(browser, twilio, 'operator2', 390, 844);
  const panel = page.getByTestId('softphone');
  await eventually(async () => assert.equal(await panel.getAttribute('data-state'), 'unreachable'), 60_000);
  const wide = await sideways(page);
  assert.equal(wide.scrollWidth - wide.innerWidth, 0, `scrolls sideways: ${wide.culprits.join(', ')}`);
  await shot(page, 'unreachable-390');
  await context.close();
});

test('the microphone is asked for ahead of a call; a blocked one is explained', async () => {
  // Already allowed (the fake prompt says yes): nothing to nag about.
  const allowed = await consoleAs(browser, twilio, 'operator3');
  const panel = allowed.page.getByTestId('softphone');
  await eventually(async () => assert.equal(await panel.getAttribute('data-state'), 'unreachable'), 60_000);
  assert.equal(await allowed.page.getByRole('button', { name: 'Разрешить микрофон сейчас' }).count(), 0);
  assert.equal(await allowed.page.getByTestId('softphone-mic').count(), 0);
  await allowed.context.close();
  // Not asked yet, and the operator allows it in the browser: the hint goes by itself.
  const later = await consoleAs(blocking, twilio, 'operator4');
  const ask = later.page.getByRole('button', { name: 'Разрешить микрофон сейчас' });
  await ask.waitFor();
  assert.match(await later.page.getByTestId('softphone').innerText(), /Браузер спросит разрешение на микрофон/);
  await later.context.grantPermissions(['microphone'], { origin: twilio.baseUrl });
  await eventually(async () => assert.equal(await ask.count(), 0));
  await later.context.close();
  // Asked and refused: the operator is told where to allow it.
  const blocked = await consoleAs(blocking, twilio, 'operator5');
  await blocked.page.getByRole('button', { name: 'Разрешить микрофон сейчас' }).click();
  const mic = blocked.page.getByTestId('softphone-mic');
  await mic.waitFor();
  assert.equal(await mic.getAttribute('data-problem'), 'denied');
  assert.match(await mic.innerText(), /Микрофон для этого сайта заблокирован/);
  await shot(blocked.page, 'mic-blocked-1366');
  await blocked.context.close();
});

test('without the softphone settings there is no softphone and no SDK download', async () => {
  const { context, page, requests } = await consoleAs(browser, plain, 'operator1');
  const status = await page.evaluate(() => fetch('/api/softphone').then((r) => r.json()));
  assert.deepEqual(status, { enabled: false });
  await eventually(() => assert.ok(requests.some((u) => u.endsWith('/api/softphone'))));
  assert.equal(await page.getByTestId('softphone').count(), 0);
  assert.ok(!requests.some((u) => u.includes('/assets/softphone-') || u.endsWith('/api/softphone/token')), 'nothing of the softphone loaded');
  await context.close();
});
