/**
 * Call recordings in a real browser against the real server (demo data, Russian): the demo's generated
 * recordings play from a client card's call history for a manager (Listen opens the docked player, the
 * browser's range requests answered, the speed changed to 1.5×, Download offered); an operator hears their own call in the screen-pop's last
 * calls and on the card without Download; a deleted file says "Запись недоступна"; the manager's retention
 * in Administration saves. A simulated Asterisk plays the call that opens the pop.
 * Screenshots at 1366 and 390 px go to tests/artifacts/.
 *
 * Run: flock /tmp/client-build.lock sh -c 'npm run --silent build >/dev/null && node --import tsx --test tests/e2e/recordings.e2e.test.ts'
 * Needs Chromium at /usr/bin/chromium. The limits below only stop a hung run.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { AmiServer, inboundCall } from '../../telephony/simulator';
import { apiAs, ARTIFACTS, eventually, launchChromium, signIn, startDemoServer, type Api, type DemoServer } from '../helpers/e2e';

type Call = { id: number; clientId: number | null; operatorId: number | null; hasRecording: boolean; startedAt: string };
type User = { id: number; login: string; role: string; extension: string | null };
type Client = { id: number; name: string; phones: { e164: string | null }[] };

let server: DemoServer;
let baseUrl = '';
let browser: Browser | undefined;
let managerApi: Api;
let sim: AmiServer | undefined;
/** The call spool's parent: the demo writes its recordings beside the spool, in demo-recordings. */
let dataDir = '';
/** An operator's recorded call, on a client with a phone number (the pop's caller). */
let pick: { call: Call; operator: User; client: Client & { e164: string } };
const STEP_LIMIT_MS = 20_000;

before(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'hotline-e2e-rec-data-'));
  sim = new AmiServer({ username: 'crm', secret: 'e2e', speed: 1 });
  const amiPort = await sim.listen(0);
  server = await startDemoServer('recordings', { AMI_URL: `ami://crm:e2e@127.0.0.1:${amiPort}`, CALL_SPOOL_DIR: join(dataDir, 'spool') }, { pbxConnected: true });
  baseUrl = server.baseUrl;
  ({ api: managerApi } = await apiAs(baseUrl, 'manager'));
  browser = await launchChromium();

  const users = await managerApi<User[] | { items: User[] }>('GET', '/users');
  const all = Array.isArray(users.body) ? users.body : users.body.items;
  const operator = all.find((u) => u.login === 'operator4');
  assert.ok(operator?.extension, 'the demo has operator4 with an extension');
  const calls = await managerApi<{ items: Call[] }>('GET', `/calls?operatorId=${operator.id}&outcome=answered&limit=500`);
  for (const call of calls.body.items.filter((c) => c.hasRecording && c.clientId !== null)) {
    const client = await managerApi<Client>('GET', `/clients/${call.clientId}`);
    const e164 = client.body.phones[0]?.e164;
    // The client's latest calls hold this one (the card's first page, the pop's ten).
    const recent = await managerApi<{ items: Call[] }>('GET', `/calls?clientId=${call.clientId}&limit=8`);
    if (e164 && recent.body.items.some((c) => c.id === call.id)) {
      pick = { call, operator, client: { ...client.body, e164 } };
      break;
    }
  }
  assert.ok(pick, 'a recorded call of operator4 with a client that has a number');
});

after(async () => {
  await browser?.close().catch(() => undefined);
  await server?.stop();
  await sim?.close().catch(() => undefined);
  rmSync(dataDir, { recursive: true, force: true });
});

const audioState = (page: Page) =>
  page.locator('[data-testid="recording-dock"] audio').evaluate((a: HTMLAudioElement) => ({ readyState: a.readyState, duration: a.duration, currentTime: a.currentTime, playbackRate: a.playbackRate, preload: a.preload }));

test('a manager plays a recording on the client card, changes the speed to 1.5× and may download it', async () => {
  assert.ok(browser);
  const { call, client } = pick;
  const context = await browser.newContext({ locale: 'ru-RU', timezoneId: 'Europe/Moscow', viewport: { width: 1366, height: 800 } });
  const page = await context.newPage();
  try {
    await signIn(page, baseUrl, `/clients/${client.id}`, 'manager');
    const listen = page.getByTestId(`recording-${call.id}`);
    await listen.waitFor({ timeout: STEP_LIMIT_MS });
    await page.getByRole('columnheader', { name: 'Запись' }).waitFor();
    assert.equal(await page.locator('audio').count(), 0, 'nothing is loaded before Listen');

    const answered = page.waitForResponse((r) => r.url().endsWith(`/api/calls/${call.id}/recording`) && r.request().method() === 'GET', { timeout: STEP_LIMIT_MS });
    await listen.click();
    const res = await answered;
    assert.ok([200, 206].includes(res.status()), `the recording answered ${res.status()}`);
    const player = page.getByTestId('recording-dock');
    assert.equal(await player.getAttribute('data-call-id'), String(call.id));
    assert.equal(await listen.getAttribute('aria-pressed'), 'true');
    const state = await eventually(async () => {
      const s = await audioState(page);
      assert.ok(s.readyState >= 1 && s.duration > 1, JSON.stringify(s));
      return s;
    }, STEP_LIMIT_MS);
    assert.ok(state.duration < 60, 'a demo recording lasts seconds');
    assert.equal(state.preload, 'none');

    await player.getByRole('button', { name: '1,5×' }).click();
    assert.equal(await player.getByRole('button', { name: '1,5×' }).getAttribute('aria-pressed'), 'true');
    assert.equal(await player.getByRole('button', { name: '1×' }).getAttribute('aria-pressed'), 'false');
    await eventually(async () => assert.equal((await audioState(page)).playbackRate, 1.5));

    const download = player.getByRole('link', { name: 'Скачать' });
    assert.equal(await download.getAttribute('href'), `/api/calls/${call.id}/recording?download=1`);
    await listen.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(ARTIFACTS, 'e2e-recordings-history-1366.png') });
    await page.setViewportSize({ width: 390, height: 844 });
    await listen.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(ARTIFACTS, 'e2e-recordings-history-390.png') });
    // Closing the player stops it.
    await player.getByRole('button', { name: /^Закрыть запись звонка/ }).click();
    await player.waitFor({ state: 'detached' });
  } finally {
    await context.close();
  }
});

test('an operator hears their own call in the pop’s last calls and on the card, with no Download', async () => {
  assert.ok(browser && sim);
  const { call, client, operator } = pick;
  const context = await browser.newContext({ locale: 'ru-RU', timezoneId: 'Europe/Moscow', viewport: { width: 1366, height: 800 } });
  const page = await context.newPage();
  try {
    await signIn(page, baseUrl, '/console', operator.login);
    await page.locator('[data-testid="connection-status"][data-status="live"]').waitFor({ timeout: STEP_LIMIT_MS });
    const state = page.getByTestId('agent-state');
    await state.waitFor();
    if ((await state.getAttribute('data-state')) !== 'available') await page.getByRole('group', { name: 'Сменить статус' }).getByRole('button', { name: 'Доступен' }).click();
    await page.locator('[data-testid="agent-state"][data-state="available"]').waitFor({ timeout: STEP_LIMIT_MS });

    // The client calls again: the pop lists the last calls, the recorded one with its player.
    await sim.play(inboundCall(sim.pbx, { caller: { number: client.e164, name: '' }, attempts: [{ ext: operator.extension!, ringMs: 1_000, answered: true }], talkMs: 3_000 }, sim.clock.now()));
    await page.getByTestId('pop-client-name').getByText(client.name).waitFor({ timeout: STEP_LIMIT_MS });
    const inPop = page.getByTestId('pop-history').getByTestId(`recording-${call.id}`);
    await inPop.click({ timeout: STEP_LIMIT_MS });
    const dock = page.getByTestId('recording-dock');
    await dock.getByRole('button', { name: '2×' }).waitFor();
    assert.equal(await dock.getByRole('link', { name: 'Скачать' }).count(), 0, 'downloads are for supervisors and above');
    await inPop.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(ARTIFACTS, 'e2e-recordings-pop-1366.png') });
    await page.setViewportSize({ width: 390, height: 844 });
    await inPop.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(ARTIFACTS, 'e2e-recordings-pop-390.png') });
    await page.setViewportSize({ width: 1366, height: 800 });

    await page.goto(`${baseUrl}/clients/${client.id}`);
    const listen = page.getByTestId(`recording-${call.id}`);
    const answered = page.waitForResponse((r) => r.url().endsWith(`/api/calls/${call.id}/recording`), { timeout: STEP_LIMIT_MS });
    await listen.click({ timeout: STEP_LIMIT_MS });
    assert.ok([200, 206].includes((await answered).status()));
    await dock.waitFor();
    assert.equal(await page.getByRole('link', { name: 'Скачать' }).count(), 0);
    // The server agrees: no download for an operator.
    const { api: operatorApi } = await apiAs(baseUrl, operator.login);
    assert.equal((await operatorApi('GET', `/calls/${call.id}/recording?download=1`)).status, 403);
  } finally {
    await context.close();
  }
});

test('a recording whose file is gone says so instead of a dead player', async () => {
  assert.ok(browser);
  const { call, client } = pick;
  // Which of the demo's files this call plays: the download names it.
  const res = await fetch(`${baseUrl}/api/calls/${call.id}/recording?download=1`, { headers: { Authorization: `Bearer ${(await apiAs(baseUrl, 'manager')).token}` } });
  assert.equal(res.status, 200);
  await res.arrayBuffer();
  const file = /filename="?([^";]+)"?/.exec(res.headers.get('content-disposition') ?? '')?.[1];
  assert.ok(file, 'the download names its file');
  unlinkSync(join(dataDir, 'demo-recordings', 'demo', file));

  const context = await browser.newContext({ locale: 'ru-RU', timezoneId: 'Europe/Moscow', viewport: { width: 1366, height: 800 } });
  const page = await context.newPage();
  try {
    await signIn(page, baseUrl, `/clients/${client.id}`, 'manager');
    await page.getByTestId(`recording-${call.id}`).click({ timeout: STEP_LIMIT_MS });
    const player = page.getByTestId('recording-dock');
    await player.getByText('Запись недоступна').waitFor({ timeout: STEP_LIMIT_MS });
    await player.getByText('файла нет: удалён или ещё не скопирован с АТС').waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'e2e-recordings-missing-1366.png') });
  } finally {
    await context.close();
  }
});

test('a manager sets how long recordings are kept in Administration', async () => {
  assert.ok(browser);
  const context = await browser.newContext({ locale: 'ru-RU', timezoneId: 'Europe/Moscow', viewport: { width: 1366, height: 800 } });
  const page = await context.newPage();
  try {
    await signIn(page, baseUrl, '/admin?tab=recordings', 'manager');
    const panel = page.getByTestId('recording-retention');
    await panel.waitFor({ timeout: STEP_LIMIT_MS });
    await panel.getByText('Сейчас: записи хранятся всегда.').waitFor();
    const days = panel.getByLabel('Хранить записи, дней');
    await days.fill('0');
    await panel.getByText('Целое число дней от 1 до 3650 или пусто').waitFor();
    assert.equal(await panel.getByRole('button', { name: 'Сохранить' }).isDisabled(), true);
    await days.fill('90');
    await panel.getByRole('button', { name: 'Сохранить' }).click();
    await panel.getByText('Сохранено').waitFor({ timeout: STEP_LIMIT_MS });
    await panel.getByText('Сейчас: записи удаляются через 90 дней после звонка.').waitFor();
    assert.deepEqual((await managerApi('GET', '/recordings/settings')).body, { retentionDays: 90 });
    await page.screenshot({ path: join(ARTIFACTS, 'e2e-recordings-retention-1366.png'), fullPage: true });

    // Empty: forever again.
    await days.fill('');
    await panel.getByRole('button', { name: 'Сохранить' }).click();
    await panel.getByText('Сейчас: записи хранятся всегда.').waitFor({ timeout: STEP_LIMIT_MS });
    assert.deepEqual((await managerApi('GET', '/recordings/settings')).body, { retentionDays: null });
  } finally {
    await context.close();
  }
});
