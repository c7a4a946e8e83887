/**
 * The operator's desk in a real browser against the real server and a simulated Asterisk: a reload during
 * a call brings the card and then the wrap-up back; a reload after the call brings the wrap-up owed back;
 * "My calls today" lists the calls without a result first and opens one to give it its result; two
 * operators press "Take it" on one pool callback at once (one gets it, the other is told who); a callback
 * is scheduled and rescheduled from the client card; click-to-call says where the call is.
 *
 * Run: flock /tmp/client-build.lock sh -c 'npm run --silent build >/dev/null && node --import tsx --test tests/e2e/console-recovery.e2e.test.ts'
 * Needs Chromium at /usr/bin/chromium. Screenshots (Russian, 1366 px and 390 px wide) go to
 * tests/artifacts/. Nothing here measures time: the limits below only stop a hung run.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { AmiServer, inboundCall } from '../../telephony/simulator';
import { apiAs, ARTIFACTS, eventually as poll, launchChromium, okApi, signIn, startDemoServer, type DemoServer } from '../helpers/e2e';

const STEP_LIMIT_MS = 20_000;

type Phone = { e164: string | null; raw: string };
type Client = { id: number; name: string; phones: Phone[] };
type Call = { id: number; pbx: string; pbxCallId: string; clientId: number | null; operatorId: number | null; disposition: string | null; note: string | null; endedAt: string | null };
type DirectoryEntry = { id: number; name: string; extension: string | null };
type Callback = { id: number; clientId: number; assigneeId: number | null; dueAt: string; status: string; note: string | null };

let sim: AmiServer | undefined;
let server: DemoServer;
let baseUrl = '';
let browser: Browser | undefined;
let api: ReturnType<typeof okApi>;

let client: Client | undefined;
let directory: DirectoryEntry[] = [];

const eventually = <T>(check: () => Promise<T> | T, limitMs = STEP_LIMIT_MS) => poll(check, limitMs);

async function shoot(page: Page, name: string) {
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}

/** The same page at phone width (390 px), then back. */
async function shootNarrow(page: Page, name: string) {
  const size = page.viewportSize();
  await page.setViewportSize({ width: 390, height: 844 });
  await page.waitForTimeout(200); // layout settles; not an assertion
  await shoot(page, name);
  if (size) await page.setViewportSize(size);
}

async function newContext(): Promise<BrowserContext> {
  assert.ok(browser);
  return browser.newContext({ locale: 'ru-RU', viewport: { width: 1366, height: 900 } });
}

async function openConsole(page: Page, login: string) {
  await signIn(page, baseUrl, '/console', login);
  await page.waitForURL(/\/console$/);
  await page
    .locator('[data-testid="connection-status"][data-status="live"]')
    .waitFor({ timeout: STEP_LIMIT_MS })
    .catch(async (err: Error) => {
      await shoot(page, `e2e-desk-not-live-${login}`);
      throw new Error(`${login}'s console did not go live (${await page.getByTestId('connection-status').getAttribute('data-status').catch(() => 'no badge')}): ${err.message}\n${server.output().slice(-2000)}`);
    });
  // Operators not signed in since the server started are offline: going on shift is one click.
  const state = page.getByTestId('agent-state');
  await state.waitFor();
  if ((await state.getAttribute('data-state')) !== 'available') await page.getByRole('group', { name: 'Сменить статус' }).getByRole('button', { name: 'Доступен' }).click();
  await page.locator('[data-testid="agent-state"][data-state="available"]').waitFor({ timeout: STEP_LIMIT_MS });
}

const callStatus = (page: Page, phase: string) => page.locator(`[data-testid="call-status"][data-phase="${phase}"]`);
const userId = (ext: string) => {
  const u = directory.find((d) => d.extension === ext);
  assert.ok(u, `a user with extension ${ext}`);
  return u;
};

async function callRow(callId: string): Promise<Call | undefined> {
  return (await api<{ items: Call[] }>('GET', `/calls?pbx=asterisk&pbxCallId=${encodeURIComponent(callId)}&limit=1`)).items[0];
}

before(async () => {
  sim = new AmiServer({ username: 'crm', secret: 'e2e', speed: 1, originate: () => ({ agentRingMs: 1_500, agentAnswers: true, clientOutcome: 'answered', clientRingMs: 1_500, talkMs: 3_000, hangupBy: 'operator' }) });
  const amiPort = await sim.listen(0);
  server = await startDemoServer('desk', { AMI_URL: `ami://crm:e2e@127.0.0.1:${amiPort}` }, { pbxConnected: true });
  baseUrl = server.baseUrl;
  api = okApi((await apiAs(baseUrl, 'manager')).api);

  directory = (await api<{ items: DirectoryEntry[] }>('GET', '/users/directory')).items;
  // A known client with a dialable number.
  for (const call of (await api<{ items: Call[] }>('GET', '/calls?limit=100')).items) {
    if (call.clientId === null) continue;
    const c = await api<Client>('GET', `/clients/${call.clientId}`);
    if (c.phones[0]?.e164) {
      client = c;
      break;
    }
  }
  assert.ok(client, 'the demo data has a client with a phone number');
  browser = await launchChromium();
});

after(async () => {
  await browser?.close().catch(() => undefined);
  await server?.stop();
  await sim?.close().catch(() => undefined);
});

test('a reload during a call rebuilds the card and then the wrap-up; a reload after it brings the wrap-up owed back', async (t) => {
  assert.ok(sim && client);
  const number = client.phones[0]!.e164!;
  const ctx = await newContext();
  const page = await ctx.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (err) => pageErrors.push(err.message));
  try {
    await openConsole(page, 'operator4');
    let firstCall = '';
    await t.test('reloaded while talking: the card is back, the timer runs, the end brings the wrap-up', async () => {
      const script = inboundCall(sim!.pbx, { caller: { number, name: '' }, attempts: [{ ext: '104', ringMs: 1_500, answered: true }], talkMs: 8_000 }, sim!.clock.now());
      firstCall = script.linkedid;
      const playing = sim!.play(script);
      await callStatus(page, 'talking').waitFor({ timeout: STEP_LIMIT_MS });
      // The call's open row (with its operator) is written before the page goes.
      await eventually(async () => assert.equal((await callRow(firstCall))?.operatorId, userId('104').id));
      await page.reload();
      await page.locator('[data-testid="connection-status"][data-status="live"]').waitFor({ timeout: STEP_LIMIT_MS });
      await callStatus(page, 'talking').waitFor({ timeout: STEP_LIMIT_MS });
      await page.getByTestId('pop-client-name').getByText(client!.name).waitFor();
      await page.getByTestId('call-timer').waitFor();
      await shoot(page, 'e2e-desk-reloaded-talking');
      await callStatus(page, 'ended').waitFor({ timeout: STEP_LIMIT_MS });
      await page.getByTestId('wrap-up').waitFor();
      await playing;
    });

    await t.test('reloaded after the call: the wrap-up owed is back and is saved', async () => {
      await eventually(async () => assert.ok((await callRow(firstCall))?.endedAt, 'the call is logged and over'));
      await page.reload();
      const wrapUp = page.getByTestId('wrap-up');
      await wrapUp.waitFor({ timeout: STEP_LIMIT_MS });
      await page.getByTestId('pop-client-name').getByText(client!.name).waitFor();
      await wrapUp.getByLabel('Результат').selectOption({ label: 'Продажа' });
      await wrapUp.getByLabel('Заметка').fill('Перезагрузил страницу — итог на месте');
      await shoot(page, 'e2e-desk-reloaded-wrapup');
      await shootNarrow(page, 'e2e-desk-reloaded-wrapup-390');
      await wrapUp.getByLabel('Заметка').press('Control+Enter');
      await page.getByText('Итог звонка сохранён.').waitFor({ timeout: STEP_LIMIT_MS });
      await eventually(async () => {
        const row = await callRow(firstCall);
        assert.equal(row?.disposition, 'sale');
        assert.equal(row?.note, 'Перезагрузил страницу — итог на месте');
      });
      // The note is in the card's call history, under its result.
      await page.goto(`${baseUrl}/clients/${client!.id}`);
      const history = page.getByRole('table', { name: 'История звонков' });
      await history.getByText('Перезагрузил страницу — итог на месте').waitFor({ timeout: STEP_LIMIT_MS });
      await shoot(page, 'e2e-desk-card-history-note');
    });
    assert.deepEqual(pageErrors, []);
  } finally {
    await ctx.close();
  }
});

test('"My calls today": the calls without a result lead, and one opens for its wrap-up', async () => {
  assert.ok(sim && client);
  const number = client.phones[0]!.e164!;
  const ctx = await newContext();
  const page = await ctx.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (err) => pageErrors.push(err.message));
  try {
    await openConsole(page, 'operator5');
    // One call answered and left without a result (the console is dismissed after it, as if closed).
    const script = inboundCall(sim.pbx, { caller: { number, name: '' }, attempts: [{ ext: '105', ringMs: 1_000, answered: true }], talkMs: 2_000 }, sim.clock.now());
    await sim.play(script);
    await callStatus(page, 'ended').waitFor({ timeout: STEP_LIMIT_MS });
    let row: Call | undefined;
    await eventually(async () => {
      row = await callRow(script.linkedid);
      assert.ok(row?.endedAt);
    });
    // The page reloaded: the call sits in "My calls today", marked, ahead of every call with a result.
    await page.reload();
    const panel = page.getByTestId('my-calls-today');
    const item = panel.locator(`[data-testid="my-call"][data-call-id="${row!.id}"]`);
    await item.waitFor({ timeout: STEP_LIMIT_MS });
    assert.equal(await item.getAttribute('data-needs-result'), 'true');
    const flags = await panel.getByTestId('my-call').evaluateAll((els) => els.map((e) => e.getAttribute('data-needs-result')));
    const firstResolved = flags.indexOf('false');
    assert.ok(firstResolved === -1 || !flags.slice(firstResolved).includes('true'), `without a result first: ${flags.join(',')}`);
    await shoot(page, 'e2e-desk-my-calls-today');
    await shootNarrow(page, 'e2e-desk-console-390');

    // Opened from the list: its wrap-up comes up.
    await item.click();
    const wrapUp = page.getByTestId('wrap-up');
    await wrapUp.waitFor({ timeout: STEP_LIMIT_MS });
    await wrapUp.getByLabel('Результат').selectOption({ label: 'Не заинтересован' });
    await wrapUp.getByRole('button', { name: 'Сохранить итог' }).click();
    await page.getByText('Итог звонка сохранён.').waitFor({ timeout: STEP_LIMIT_MS });
    await eventually(async () => assert.equal((await callRow(script.linkedid))?.disposition, 'not_interested'));
    await eventually(async () => assert.equal(await item.getAttribute('data-needs-result'), 'false'));
    assert.deepEqual(pageErrors, []);
  } finally {
    await ctx.close();
  }
});

test('pool callbacks: two operators press "Take it" at once; one gets it, the other is told who', async () => {
  assert.ok(client);
  const pooled = await api<Callback>('POST', '/callbacks', { clientId: client.id, assigneeId: null, dueAt: new Date(Date.now() + 90 * 60_000).toISOString(), note: 'Пропущенный звонок: перезвонить' });
  const ctxA = await newContext();
  const ctxB = await newContext();
  const a = await ctxA.newPage();
  const b = await ctxB.newPage();
  try {
    await openConsole(a, 'operator6');
    await openConsole(b, 'operator7');
    const itemOf = (page: Page) => page.getByTestId('pool-callbacks').locator(`[data-testid="pool-callback"][data-callback-id="${pooled.id}"]`);
    await itemOf(a).waitFor({ timeout: STEP_LIMIT_MS });
    await itemOf(b).waitFor({ timeout: STEP_LIMIT_MS });
    await shoot(a, 'e2e-desk-pool');
    await Promise.all([itemOf(a).getByRole('button', { name: /^Взять себе/ }).click(), itemOf(b).getByRole('button', { name: /^Взять себе/ }).click()]);
    const outcomes = await Promise.all(
      [a, b].map(async (page) => {
        const outcome = page.getByTestId('pool-outcome');
        await outcome.waitFor({ timeout: STEP_LIMIT_MS });
        return outcome.innerText();
      }),
    );
    const won = outcomes.filter((o) => /теперь ваш/.test(o));
    const lost = outcomes.filter((o) => /уже взял/.test(o));
    assert.equal(won.length, 1, outcomes.join(' | '));
    assert.equal(lost.length, 1, outcomes.join(' | '));
    const taken = await api<Callback>('GET', `/callbacks/${pooled.id}`);
    const winner = taken.assigneeId === userId('106').id ? a : b;
    const winnerName = directory.find((d) => d.id === taken.assigneeId)!.name;
    assert.match(lost[0]!, new RegExp(winnerName), 'the loser is told who took it');
    // The winner has it in "My callbacks"; it left both pool lists.
    await winner.locator(`[data-testid="my-callback"][data-callback-id="${pooled.id}"]`).waitFor({ timeout: STEP_LIMIT_MS });
    for (const page of [a, b]) await itemOf(page).waitFor({ state: 'detached', timeout: STEP_LIMIT_MS });
    await shoot(winner === a ? b : a, 'e2e-desk-pool-lost');
  } finally {
    await ctxA.close();
    await ctxB.close();
  }
});

test('a callback scheduled and rescheduled from the client card; click-to-call says where the call is', async (t) => {
  assert.ok(client);
  const ctx = await newContext();
  const page = await ctx.newPage();
  // Every phase the click-to-call line shows, however briefly.
  await page.addInitScript(() => {
    const w = window as unknown as { c2cPhases: string[] };
    w.c2cPhases = [];
    new MutationObserver(() => {
      const phase = document.querySelector<HTMLElement>('[data-testid="click-to-call-status"]')?.dataset.phase;
      if (phase && w.c2cPhases.at(-1) !== phase) w.c2cPhases.push(phase);
    }).observe(document, { childList: true, subtree: true, attributes: true, attributeFilter: ['data-phase'] });
  });
  const pageErrors: string[] = [];
  page.on('pageerror', (err) => pageErrors.push(err.message));
  const me = userId('108');
  try {
    await openConsole(page, 'operator8');
    await page.goto(`${baseUrl}/clients/${client.id}`);
    await page.getByRole('heading', { level: 1, name: client.name }).waitFor();

    await t.test('scheduled from the card: in the card’s list and in “My callbacks”', async () => {
      await page.getByRole('tab', { name: 'Перезвоны' }).click();
      await page.getByRole('button', { name: 'Запланировать перезвон' }).click();
      const form = page.getByTestId('schedule-callback');
      const due = new Date(Date.now() + 3 * 3_600_000);
      due.setSeconds(0, 0);
      const pad = (n: number) => String(n).padStart(2, '0');
      const local = (d: Date) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
      await form.getByLabel('Когда').fill(local(due));
      await form.getByLabel('Заметка').fill('Обсудить продление договора');
      await shoot(page, 'e2e-desk-card-schedule');
      await shootNarrow(page, 'e2e-desk-card-schedule-390');
      await form.getByRole('button', { name: 'Запланировать' }).click();
      await page.getByText('Перезвон запланирован.').waitFor({ timeout: STEP_LIMIT_MS });
      let created: Callback | undefined;
      await eventually(async () => {
        const list = await api<{ items: Callback[] }>('GET', `/callbacks?clientId=${client!.id}&assigneeId=${me.id}&status=pending`);
        created = list.items.find((c) => c.note === 'Обсудить продление договора');
        assert.ok(created);
      });
      assert.equal(Date.parse(created!.dueAt), due.getTime());
      const item = page.locator(`[data-testid="client-callback"][data-callback-id="${created!.id}"]`);
      await item.waitFor();

      // Rescheduled a day later, from the card.
      await item.getByRole('button', { name: /^Перенести/ }).click();
      const later = new Date(due.getTime() + 24 * 3_600_000);
      await item.getByLabel('Новое время').fill(local(later));
      await item.getByRole('button', { name: 'Сохранить' }).click();
      await eventually(async () => assert.equal(Date.parse((await api<Callback>('GET', `/callbacks/${created!.id}`)).dueAt), later.getTime()));
      await shoot(page, 'e2e-desk-card-callbacks');
      await shootNarrow(page, 'e2e-desk-card-callbacks-390');

      await page.goto(`${baseUrl}/console`);
      const mine = page.locator(`[data-testid="my-callback"][data-callback-id="${created!.id}"]`);
      await mine.waitFor({ timeout: STEP_LIMIT_MS });
      assert.match(await mine.innerText(), /Обсудить продление договора/);
      await page.goto(`${baseUrl}/clients/${client!.id}`);
      await page.getByRole('heading', { level: 1, name: client!.name }).waitFor();
    });

    await t.test('click-to-call: own phone, then the client being rung, answered, over', async () => {
      await page.getByRole('button', { name: /^Позвонить на/ }).first().click();
      await page.locator('[data-testid="click-to-call-status"][data-phase="own-phone"]').waitFor({ timeout: STEP_LIMIT_MS });
      await page.locator('[data-testid="click-to-call-status"][data-phase="ended"]').waitFor({ timeout: STEP_LIMIT_MS });
      const phases = await page.evaluate(() => (window as unknown as { c2cPhases: string[] }).c2cPhases);
      assert.deepEqual(phases, ['own-phone', 'dialling', 'answered', 'ended']);
      await shoot(page, 'e2e-desk-click-to-call-ended');
    });
    assert.deepEqual(pageErrors, []);
  } finally {
    await ctx.close();
  }
});
