/**
 * The operator console in a real browser against the real server and a simulated Asterisk: an operator
 * signs in, the simulator rings their extension from a known client's number, the pop shows that client
 * and their history while the phone still rings, the call is answered and ended, the wrap-up is saved
 * from the keyboard with a callback promised for later: the call row carries the result, the callback
 * shows in the operator's "My callbacks" and is marked done there. A second operator's browser shows nothing. Then
 * click-to-call from the client card: the PBX rings the operator's phone and the call bar follows it.
 *
 * Run: flock /tmp/client-build.lock sh -c 'npm run --silent build >/dev/null && node --import tsx --test tests/e2e/operator-console.e2e.test.ts'
 * Needs Chromium at /usr/bin/chromium (Debian: apt-get install -y chromium); screenshots go to
 * tests/artifacts/. Nothing here measures time: the limits below only stop a hung run. "Before the
 * answer" is checked as an ordering: the client's name is on screen while the console still shows the
 * phone ringing (it switches to the call timer when the answer arrives).
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { AmiServer, inboundCall } from '../../telephony/simulator';
import { apiAs, ARTIFACTS, deleteRoutingRules, eventually as poll, getOk, launchChromium, signIn, startDemoServer, type Api, type DemoServer } from '../helpers/e2e';

/** Ceiling for a step of a call to show in the browser (the simulated call itself lasts ~10 s). */
const STEP_LIMIT_MS = 20_000;

type Phone = { e164: string | null; raw: string };
type Client = { id: number; name: string; phones: Phone[] };
type Call = { id: number; pbx: string; pbxCallId: string; clientId: number | null; operatorId: number | null; direction: string; disposition: string | null; note: string | null; endedAt: string | null };
type DirectoryEntry = { id: number; name: string; extension: string | null };
type Callback = { id: number; clientId: number; assigneeId: number | null; dueAt: string; status: string; note: string | null; originCallId: number | null };

let sim: AmiServer | undefined;
let server: DemoServer;
let baseUrl = '';
let browser: Browser | undefined;
let managerApi: Api;
let api: ReturnType<typeof getOk>;

// ---------- API and page helpers ----------

async function apiPost<T>(path: string, body: unknown): Promise<T> {
  const res = await managerApi<T>('POST', path, body);
  assert.equal(res.status, 201, `POST ${path} answered ${res.status}`);
  return res.body;
}

/** Retries an assertion until it holds (the UI and the call log update asynchronously); gives up after `limitMs`. */
const eventually = <T>(check: () => Promise<T> | T, limitMs = STEP_LIMIT_MS) => poll(check, limitMs);

async function screenshot(page: Page, name: string) {
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}

async function newContext(): Promise<BrowserContext> {
  assert.ok(browser);
  // A Russian browser, as on the hotline floor: the UI is in Russian.
  return browser.newContext({ locale: 'ru-RU', viewport: { width: 1440, height: 900 } });
}

/** Opens the console as `login` (through the sign-in page) and waits for the live connection. */
async function openConsole(page: Page, login: string) {
  await signIn(page, baseUrl, '/console', login);
  await page.waitForURL(/\/console$/);
  await page.getByRole('heading', { level: 1, name: 'Пульт оператора' }).waitFor();
  await page.locator('[data-testid="connection-status"][data-status="live"]').waitFor({ timeout: STEP_LIMIT_MS });
}

const callStatus = (page: Page, phase: string) => page.locator(`[data-testid="call-status"][data-phase="${phase}"]`);

// ---------- lifecycle ----------

before(async () => {
  // The PBX: the AMI simulator in this process, so the test decides which phone rings and when.
  // Click-to-call plays a short call (the operator picks up, the client answers, a few seconds of talk).
  sim = new AmiServer({ username: 'crm', secret: 'e2e', speed: 1, originate: () => ({ agentRingMs: 1_500, agentAnswers: true, clientOutcome: 'answered', clientRingMs: 1_500, talkMs: 3_000, hangupBy: 'operator' }) });
  const amiPort = await sim.listen(0);

  server = await startDemoServer('console', { AMI_URL: `ami://crm:e2e@127.0.0.1:${amiPort}` }, { pbxConnected: true });
  baseUrl = server.baseUrl;
  ({ api: managerApi } = await apiAs(baseUrl, 'manager'));
  api = getOk(managerApi);
  // The demo floor ships routing rules that hand late callbacks of silver+ clients to a colleague; this
  // story checks the console, so the operator's late callback must stay theirs.
  await deleteRoutingRules(managerApi);

  browser = await launchChromium();
});

after(async () => {
  await browser?.close().catch(() => undefined);
  await server?.stop();
  await sim?.close().catch(() => undefined);
});

// ---------- the tests ----------

test('a call pops on the ringing operator’s console with the caller’s history, and is wrapped up from the keyboard', async (t) => {
  assert.ok(sim);
  // A known client with call history and a dialable number.
  const calls = await api<{ items: Call[] }>('/calls?limit=100');
  let target: Client | undefined;
  for (const call of calls.items) {
    if (call.clientId === null) continue;
    const client = await api<Client>(`/clients/${call.clientId}`);
    if (client.phones[0]?.e164) {
      target = client;
      break;
    }
  }
  assert.ok(target, 'the demo data has a client with calls and a phone number');
  const targetPhone = target.phones[0]!.e164!;
  const history = await api<{ total: number }>(`/calls?clientId=${target.id}&limit=1`);
  assert.ok(history.total > 0);
  const directory = await api<{ items: DirectoryEntry[] }>('/users/directory');
  const operator1 = directory.items.find((u) => u.extension === '101');
  assert.ok(operator1, 'operator1 has extension 101');

  const ctx1 = await newContext();
  const ctx2 = await newContext();
  const page1 = await ctx1.newPage();
  const page2 = await ctx2.newPage();
  const pageErrors: string[] = [];
  for (const page of [page1, page2]) page.on('pageerror', (err) => pageErrors.push(err.message));
  // Operator 2's browser records whether a pop or a call bar ever appeared, however briefly.
  await page2.addInitScript(() => {
    const w = window as unknown as { popSeen: boolean };
    w.popSeen = false;
    new MutationObserver(() => {
      if (document.querySelector('[data-testid="pop-panel"], [data-testid="call-bar"], [data-testid="call-status"]')) w.popSeen = true;
    }).observe(document, { childList: true, subtree: true });
  });

  try {
    await t.test('two operators open their consoles and go live', async () => {
      await openConsole(page1, 'operator1');
      await openConsole(page2, 'operator2');
      for (const page of [page1, page2]) {
        await page.getByTestId('console-idle').waitFor();
        // An operator who opens the console is available to take calls.
        await page.locator('[data-testid="agent-state"][data-state="available"]').waitFor({ timeout: STEP_LIMIT_MS });
      }
      assert.match(await page1.locator('.page-header').innerText(), /Внутренний номер 101/);
      // "My callbacks" has loaded (the list, or the line saying there is none).
      await page1.getByTestId('my-callbacks').locator('[data-testid="my-callback"], p.muted').first().waitFor({ timeout: STEP_LIMIT_MS });
    });

    await t.test('the operator changes their own state (acknowledged by the server)', async () => {
      const states = page1.getByRole('group', { name: 'Сменить статус' });
      await states.getByRole('button', { name: 'Перерыв' }).click();
      await page1.locator('[data-testid="agent-state"][data-state="break"]').waitFor({ timeout: STEP_LIMIT_MS });
      assert.equal(await states.getByRole('button', { name: 'Перерыв' }).getAttribute('aria-pressed'), 'true');
      await states.getByRole('button', { name: 'Доступен' }).click();
      await page1.locator('[data-testid="agent-state"][data-state="available"]').waitFor({ timeout: STEP_LIMIT_MS });
    });

    let playing: Promise<void> | undefined;
    let callId = '';
    await t.test('the pop shows the caller’s card and history while the phone still rings', async () => {
      const script = inboundCall(sim!.pbx, { caller: { number: targetPhone, name: 'Test Caller' }, attempts: [{ ext: '101', ringMs: 4_000, answered: true }], talkMs: 5_000 }, sim!.clock.now());
      callId = script.linkedid;
      playing = sim!.play(script);
      // One check of both facts at the same moment: the name is there and the phone is still ringing.
      await page1.waitForFunction(
        (name) => {
          const status = document.querySelector<HTMLElement>('[data-testid="call-status"]');
          const shown = document.querySelector('[data-testid="pop-client-name"]')?.textContent?.trim();
          return status?.dataset.phase === 'ringing' && shown === name;
        },
        target.name,
        { timeout: STEP_LIMIT_MS },
      );
      await screenshot(page1, 'e2e-console-pop');
      const rows = page1.getByRole('table', { name: 'Последние звонки' }).locator('tbody tr');
      assert.equal(await rows.count(), Math.min(10, history.total), 'the pop lists the client’s last calls (up to 10)');
      assert.match(await callStatus(page1, 'ringing').innerText(), /входящий звонок/i);
      const card = page1.getByTestId('pop-client');
      assert.match(await card.innerText(), /класс/i);
      assert.equal(await card.getByRole('button', { name: /^Позвонить на/ }).count(), target.phones.length, 'every number has click-to-call');
    });

    await t.test('the answer starts the call timer; the end brings the wrap-up with the focus on the result', async () => {
      await callStatus(page1, 'talking').waitFor({ timeout: STEP_LIMIT_MS });
      await page1.getByTestId('call-timer').waitFor();
      assert.match(await callStatus(page1, 'talking').innerText(), /идёт разговор/i);
      await page1.locator('[data-testid="agent-state"][data-state="on_call"]').waitFor({ timeout: STEP_LIMIT_MS });
      await screenshot(page1, 'e2e-console-talking');

      await callStatus(page1, 'ended').waitFor({ timeout: STEP_LIMIT_MS });
      const wrapUp = page1.getByTestId('wrap-up');
      await wrapUp.waitFor();
      const select = wrapUp.getByLabel('Результат');
      await eventually(async () => assert.ok(await select.evaluate((el) => el === document.activeElement), 'the result list has the focus'));
      // The caller is a known client, so a callback can be promised.
      assert.ok(await wrapUp.getByLabel('Перезвонить').isEnabled());
    });

    const note = 'Оформил заказ, счёт на почту';
    // Two hours from now, as the datetime-local field takes it (the browser's time zone is this process's).
    const due = new Date(Date.now() + 2 * 3_600_000);
    due.setSeconds(0, 0);
    const pad = (n: number) => String(n).padStart(2, '0');
    const dueLocal = `${due.getFullYear()}-${pad(due.getMonth() + 1)}-${pad(due.getDate())}T${pad(due.getHours())}:${pad(due.getMinutes())}`;
    await t.test('the wrap-up is saved with Ctrl+Enter and the call row carries it', async () => {
      const wrapUp = page1.getByTestId('wrap-up');
      await wrapUp.getByLabel('Результат').selectOption({ label: 'Продажа' });
      await wrapUp.getByLabel('Перезвонить').fill(dueLocal);
      await wrapUp.getByLabel('Заметка').fill(note);
      await screenshot(page1, 'e2e-console-wrapup');
      await wrapUp.getByLabel('Заметка').press('Control+Enter');
      await page1.getByText('Итог звонка сохранён.').waitFor({ timeout: STEP_LIMIT_MS });
      await screenshot(page1, 'e2e-console-saved');

      await eventually(async () => {
        const rows = await api<{ items: Call[] }>(`/calls?pbx=asterisk&pbxCallId=${encodeURIComponent(callId)}&limit=1`);
        const row = rows.items[0];
        assert.ok(row, 'the call is in the call log');
        assert.equal(row.disposition, 'sale');
        assert.equal(row.note, note);
        assert.equal(row.clientId, target.id);
        assert.equal(row.operatorId, operator1.id);
        assert.ok(row.endedAt);
      });
    });

    await t.test('the promised callback is the operator’s, shows in “My callbacks” and is marked done there', async () => {
      const callRow = (await api<{ items: Call[] }>(`/calls?pbx=asterisk&pbxCallId=${encodeURIComponent(callId)}&limit=1`)).items[0]!;
      const pending = await api<{ items: Callback[] }>(`/callbacks?clientId=${target.id}&status=pending&limit=100`);
      const promised = pending.items.find((c) => c.originCallId === callRow.id);
      assert.ok(promised, 'the wrap-up created a callback linked to the call');
      assert.equal(promised.assigneeId, operator1.id);
      assert.equal(promised.note, note);
      assert.equal(Date.parse(promised.dueAt), due.getTime());

      const item = page1.locator(`[data-testid="my-callback"][data-callback-id="${promised.id}"]`);
      await item.waitFor({ timeout: STEP_LIMIT_MS });
      const text = await item.innerText();
      assert.match(text, new RegExp(target.name));
      assert.match(text, new RegExp(note));
      assert.match(text, /через 2 часа/);

      // One given to the operator by a manager, already late: it is listed first, marked, and the
      // reminder (callback:due, sent at once for a past due time) highlights it.
      const late = await apiPost<Callback>('/callbacks', { clientId: target.id, assigneeId: operator1.id, dueAt: new Date(Date.now() - 30 * 60_000).toISOString(), note: 'Просил перезвонить после обеда' });
      const lateItem = page1.locator(`[data-testid="my-callback"][data-callback-id="${late.id}"]`);
      await lateItem.getByText('Пора звонить').waitFor({ timeout: STEP_LIMIT_MS });
      assert.equal(await lateItem.getAttribute('data-overdue'), 'true');
      assert.equal(await page1.getByTestId('my-callback').first().getAttribute('data-callback-id'), String(late.id), 'the overdue callback leads');
      await screenshot(page1, 'e2e-console-my-callbacks');

      await item.getByRole('button', { name: /^Отметить перезвон/ }).click();
      await item.waitFor({ state: 'detached', timeout: STEP_LIMIT_MS });
      const after = await api<Callback>(`/callbacks/${promised.id}`);
      assert.equal(after.status, 'done');
    });

    await t.test('the second operator’s console showed nothing of it', async () => {
      await playing;
      assert.equal(await page2.evaluate(() => (window as unknown as { popSeen: boolean }).popSeen), false);
      assert.equal(await page2.getByTestId('console-idle').count(), 1);
      await screenshot(page2, 'e2e-console-other-operator');
    });

    assert.deepEqual(pageErrors, [], 'no uncaught errors in the pages');
  } finally {
    await ctx1.close();
    await ctx2.close();
  }
});

test('click-to-call from the client card; a call that rings on another page shows in the call bar', async (t) => {
  assert.ok(sim);
  const calls = await api<{ items: Call[] }>('/calls?limit=100');
  let client: Client | undefined;
  for (const call of calls.items) {
    if (call.clientId === null) continue;
    const c = await api<Client>(`/clients/${call.clientId}`);
    if (c.phones[0]?.e164) {
      client = c;
      break;
    }
  }
  assert.ok(client);
  const number = client.phones[0]!.e164!;
  const directory = await api<{ items: DirectoryEntry[] }>('/users/directory');
  const operator3 = directory.items.find((u) => u.extension === '103');
  assert.ok(operator3, 'operator3 has extension 103');

  const ctx = await newContext();
  const page = await ctx.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (err) => pageErrors.push(err.message));
  try {
    await openConsole(page, 'operator3');
    await page.goto(`${baseUrl}/clients/${client.id}`);
    await page.getByRole('heading', { level: 1, name: client.name }).waitFor();

    await t.test('click-to-call asks the PBX to ring the operator’s phone, then the number', async () => {
      const originated = new Promise<{ channel: string; exten: string }>((resolve) => {
        const onAction = (action: { name: string; message: { get(key: string): string | undefined } }) => {
          if (action.name.toLowerCase() !== 'originate') return;
          sim!.off('action', onAction);
          resolve({ channel: action.message.get('Channel') ?? '', exten: action.message.get('Exten') ?? '' });
        };
        sim!.on('action', onAction);
      });
      await page.getByRole('button', { name: /^Позвонить на/ }).first().click();
      // The line under the button follows the call: the operator's phone, the client being rung, the answer…
      await page.getByTestId('click-to-call-status').waitFor({ timeout: STEP_LIMIT_MS });
      const action = await originated;
      assert.match(action.channel, /\/103\b/);
      assert.equal(action.exten.replace(/\D/g, ''), number.replace(/\D/g, ''));
      await screenshot(page, 'e2e-console-click-to-call');
      // The simulated PBX plays the call: it lands in the call log as the operator's outbound call.
      await eventually(async () => {
        const rows = await api<{ items: Call[] }>(`/calls?clientId=${client.id}&operatorId=${operator3.id}&direction=outbound&limit=1`);
        assert.ok(rows.items[0]?.endedAt, 'the click-to-call is logged and over');
      });
    });

    await t.test('a call that rings while the operator is on another page shows in the call bar and waits in the console', async () => {
      const playing = sim!.play(inboundCall(sim!.pbx, { caller: { number, name: '' }, attempts: [{ ext: '103', ringMs: 2_000, answered: true }], talkMs: 2_000 }, sim!.clock.now()));
      const bar = page.getByTestId('call-bar');
      await bar.waitFor({ timeout: STEP_LIMIT_MS });
      assert.match(await bar.innerText(), new RegExp(client.name));
      await screenshot(page, 'e2e-console-call-bar');
      await bar.getByRole('link', { name: 'Открыть пульт' }).click();
      await page.waitForURL(/\/console$/);
      await page.getByTestId('pop-client-name').getByText(client.name).waitFor();
      await callStatus(page, 'ended').waitFor({ timeout: STEP_LIMIT_MS });
      await page.getByTestId('wrap-up').waitFor();
      await playing;
    });

    assert.deepEqual(pageErrors, [], 'no uncaught errors in the page');
  } finally {
    await ctx.close();
  }
});
