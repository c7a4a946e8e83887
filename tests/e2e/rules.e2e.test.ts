/**
 * The lead router's screens in a real browser against the real server: a manager creates routing rules
 * (trying a draft with a dry run first), reorders and switches them, works the tails (overdue callbacks
 * per operator) and hands one over by hand; then an enabled rule takes the rest by itself and the tails
 * follow live. A supervisor reads the rules and starts on the tails.
 *
 * The server's own timers reassign overdue callbacks once an enabled rule matches them (a sweep runs
 * every minute), so every check of who has what is made while no matching rule is enabled: the draft is
 * dry-run and saved disabled, the night rule's grace (2 days) is longer than any lateness here, and the
 * rule that does act is enabled last, with the checks after it written for either side of the sweep.
 *
 * Run: flock /tmp/client-build.lock sh -c 'npm run --silent build >/dev/null && node --import tsx --test tests/e2e/rules.e2e.test.ts'
 * Needs Chromium at /usr/bin/chromium (Debian: apt-get install -y chromium); screenshots go to
 * tests/artifacts/. The limits below only stop a hung run.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { connectSocket } from '../helpers/socket-client';
import { apiAs, ARTIFACTS, deleteRoutingRules, eventually, launchChromium, okApi, signIn as signInAt, startDemoServer, type Api, type DemoServer } from '../helpers/e2e';

/** The server sweeps overdue callbacks every minute: this is how long an enabled rule may take to act. */
const SWEEP_LIMIT_MS = 90_000;

type DirectoryEntry = { id: number; name: string; role: string; extension: string | null; teamId: number | null; active: boolean };
type Team = { id: number; name: string; supervisorId: number | null };
type Rule = { id: number; name: string; enabled: boolean; position: number; graceMinutes: number; action: Record<string, unknown>; workingHours: Record<string, unknown> | null; scope: Record<string, unknown> };
type Callback = { id: number; clientId: number; assigneeId: number | null; dueAt: string; history: { fromId: number | null; toId: number | null; ruleId: number | null; reason: string }[] };
type Tail = { assigneeId: number | null; overdue: number; oldestDueAt: string };

let server: DemoServer;
let baseUrl = '';
let browser: Browser | undefined;
let managerApi: Api;
let api: ReturnType<typeof okApi>;
const sockets: { socket: { disconnect(): unknown } }[] = [];

// ---------- API and page helpers ----------

/**
 * The demo floor comes with its routing rules on and open callbacks (the demo's headline); these stories
 * start from a floor without either, so every count they check is their own.
 */
async function clearDemoRouting(): Promise<void> {
  await deleteRoutingRules(managerApi);
  for (;;) {
    const pending = (await api<{ items: { id: number }[] }>('GET', '/callbacks?status=pending&limit=500')).items;
    if (pending.length === 0) break;
    for (const cb of pending) assert.equal((await managerApi('PATCH', `/callbacks/${cb.id}`, { status: 'cancelled' })).status, 200);
  }
}

async function screenshot(page: Page, name: string, fullPage = true) {
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage });
}

async function newContext(): Promise<BrowserContext> {
  assert.ok(browser);
  return browser.newContext({ locale: 'ru-RU', timezoneId: 'Europe/Moscow', viewport: { width: 1400, height: 900 } });
}

const signIn = (page: Page, login: string) => signInAt(page, baseUrl, '/', login);

const rulesTable = (page: Page) => page.getByRole('table', { name: 'Правила маршрутизации' });
const ruleRow = (page: Page, name: string) => rulesTable(page).locator('tbody tr').filter({ hasText: name });
const ruleNamesInOrder = async (page: Page) => (await rulesTable(page).locator('tbody tr .rule-name').allInnerTexts()).map((s) => s.replace(/\s*Выкл\.$/, '').trim());

// ---------- lifecycle ----------

before(async () => {
  // Demo data, but no demo PBX: simulated calls would change operators' states and make missed-call callbacks.
  server = await startDemoServer('rules');
  baseUrl = server.baseUrl;
  ({ api: managerApi } = await apiAs(baseUrl, 'manager'));
  api = okApi(managerApi);
  await clearDemoRouting();
  browser = await launchChromium();
});

after(async () => {
  for (const s of sockets) s.socket.disconnect();
  await browser?.close().catch(() => undefined);
  await server?.stop();
});

// ---------- the manager ----------

test('a manager edits the routing rules, dry-runs them and works the tails', async (t) => {
  const directory = (await api<{ items: DirectoryEntry[] }>('GET', '/users/directory')).items;
  const byExtension = (ext: string) => directory.find((u) => u.extension === ext)!;
  const manager = directory.find((u) => u.role === 'manager')!;
  const [op1, op2, op3] = [byExtension('101'), byExtension('102'), byExtension('103')];
  const teams = (await api<{ items: Team[] }>('GET', '/teams')).items;
  const firstTeam = teams[0]!;
  assert.equal(op1.teamId, firstTeam.id, 'operator1 is in the first team');
  assert.equal(op2.teamId, firstTeam.id);
  assert.equal(op3.teamId, firstTeam.id);

  // operator2 and operator3 are on shift (whatever the demo data starts them as), so round-robin in the
  // first team has someone to hand to; whoever of operator1's teammates is on shift may get one.
  const teammates = directory.filter((u) => u.role === 'operator' && u.teamId === firstTeam.id && u.id !== op1.id);
  const teammateNames = teammates.map((u) => u.name).join('|');
  for (const login of ['operator2', 'operator3']) {
    const connected = await connectSocket(baseUrl, (await apiAs(baseUrl, login)).token);
    sockets.push(connected);
    assert.deepEqual(await connected.socket.emitWithAck('agent:set-state', { state: 'available' }), { ok: true });
  }
  await eventually(async () => {
    const ops = (await api<{ items: { id: number; state: string }[] }>('GET', '/users?role=operator')).items;
    for (const op of [op2, op3]) assert.equal(ops.find((o) => o.id === op.id)?.state, 'available');
  });

  // Two overdue callbacks of operator1: 3 h 10 min and 40 min late.
  const some = (await api<{ items: { id: number; name: string }[] }>('GET', '/clients?limit=20&sort=name')).items;
  const clients = [some[0]!, some.find((c) => c.name !== some[0]!.name)!];
  const now = Date.now();
  const older = await api<Callback>('POST', '/callbacks', { clientId: clients[0]!.id, assigneeId: op1.id, dueAt: new Date(now - (3 * 60 + 10) * 60_000).toISOString(), note: 'Обещали перезвонить утром' });
  const newer = await api<Callback>('POST', '/callbacks', { clientId: clients[1]!.id, assigneeId: op1.id, dueAt: new Date(now - 40 * 60_000).toISOString() });
  const tails = (await api<{ items: Tail[] }>('GET', '/callbacks/tails')).items;
  assert.deepEqual(tails.map((x) => [x.assigneeId, x.overdue]), [[op1.id, 2]], 'the demo data has no other overdue callbacks');

  const context = await newContext();
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (err) => pageErrors.push(err.message));
  const draftName = 'Просрочка 10 минут → по очереди';
  const nightName = 'Ночная смена → в пул';

  try {
    await t.test('opens the rules: none yet, and the enabled rules would hand over nothing', async () => {
      await signIn(page, 'manager');
      await page.waitForURL(/\/clients$/);
      await page.getByRole('navigation', { name: 'Главное меню' }).getByRole('link', { name: 'Правила' }).click();
      await page.getByRole('heading', { level: 1, name: 'Правила маршрутизации' }).waitFor();
      await page.getByText('Правил пока нет.').waitFor();
      await page.getByRole('button', { name: 'Пробный прогон', exact: true }).click();
      const results = page.getByTestId('dry-run-results');
      await results.getByText('Сейчас ничего не было бы передано.').waitFor();
      assert.match(await results.innerText(), /Было бы передано сейчас: 0/);
      await page.getByRole('button', { name: 'Закрыть', exact: true }).click();
      await results.waitFor({ state: 'detached' });
    });

    let draftRule: Rule | undefined;
    await t.test('creates a rule after a dry run of the draft', async () => {
      await page.getByRole('button', { name: /Новое правило/ }).click();
      const dialog = page.getByRole('dialog', { name: 'Новое правило маршрутизации' });
      await dialog.getByLabel('Название').fill(draftName);
      // Saved disabled: enabled, it would start handing operator1's callbacks over within a minute.
      await dialog.getByRole('checkbox', { name: /^Включено/ }).uncheck();
      await dialog.getByLabel('Отсрочка после срока').fill('10');
      assert.equal(await dialog.getByLabel('Единица отсрочки').inputValue(), 'minutes');
      assert.equal(await dialog.getByLabel('Кому передать', { exact: true }).inputValue(), 'round_robin');
      await dialog.getByLabel('Команда', { exact: true }).selectOption({ label: firstTeam.name });
      const preview = dialog.getByTestId('rule-preview');
      await eventually(async () => assert.match(await preview.innerText(), new RegExp(`Просрочка 10 мин → по очереди в команде «${firstTeam.name}», в любое время`)));

      await dialog.getByRole('button', { name: 'Пробный прогон черновика' }).click();
      const rows = dialog.getByRole('table', { name: 'Перезвоны, которые правила передали бы' }).locator('tbody tr');
      await eventually(async () => assert.equal(await rows.count(), 2));
      const texts = await rows.allInnerTexts();
      for (const [cb, client] of [
        [older, clients[0]!],
        [newer, clients[1]!],
      ] as const) {
        const row = texts.find((r) => r.includes(`№${cb.id}`));
        assert.ok(row, `callback ${cb.id} is in the dry run`);
        assert.match(row, new RegExp(op1.name), 'from operator1');
        assert.match(row, new RegExp(`→ (${teammateNames})`), 'to a colleague on shift in the team');
        assert.match(row, /По очереди в команде/);
      }
      // Client names arrive a moment later (one lookup per client).
      await eventually(async () => {
        const all = (await rows.allInnerTexts()).join('\n');
        for (const client of clients) assert.match(all, new RegExp(client.name));
      });
      assert.match(await dialog.getByTestId('dry-run-results').innerText(), /Было бы передано сейчас: 2/);
      await screenshot(page, 'e2e-rules-02-draft-dry-run', false);

      await dialog.getByRole('button', { name: 'Создать правило' }).click();
      await dialog.waitFor({ state: 'detached' });
      await page.getByText(`Правило «${draftName}» сохранено.`).waitFor();
      const saved = (await api<{ items: Rule[] }>('GET', '/routing-rules')).items;
      assert.equal(saved.length, 1);
      draftRule = saved[0]!;
      assert.equal(draftRule.name, draftName);
      assert.equal(draftRule.enabled, false);
      assert.equal(draftRule.graceMinutes, 10);
      assert.deepEqual(draftRule.action, { type: 'round_robin', teamId: firstTeam.id });
      assert.equal(draftRule.workingHours, null);
      // Nothing moved: the draft and the saved rule are both off.
      assert.equal((await api<Callback>('GET', `/callbacks/${older.id}`)).assigneeId, op1.id);
    });

    await t.test('adds a night-shift rule with working hours, moves it up and switches it off', async () => {
      await page.getByRole('button', { name: /Новое правило/ }).click();
      const dialog = page.getByRole('dialog', { name: 'Новое правило маршрутизации' });
      await dialog.getByLabel('Название').fill(nightName);
      await dialog.getByLabel('Отсрочка после срока').fill('2');
      await dialog.getByLabel('Единица отсрочки').selectOption('days');
      await dialog.getByLabel('Кому передать', { exact: true }).selectOption('pool');
      await dialog.getByRole('checkbox', { name: /^Только в рабочие часы/ }).check();
      await dialog.getByLabel('Часовой пояс', { exact: true }).selectOption({ label: 'Другой…' });
      await dialog.getByLabel('Часовой пояс IANA').fill('Asia/Tbilisi');
      await dialog.getByLabel('С', { exact: true }).fill('22:00');
      await dialog.getByLabel('До', { exact: true }).fill('06:00');
      await dialog.getByText('Заканчивается на следующий день: ночная смена.').waitFor();
      await dialog.getByRole('checkbox', { name: 'сб' }).check();
      await dialog.getByRole('checkbox', { name: 'вс' }).check();
      const preview = dialog.getByTestId('rule-preview');
      await eventually(async () => assert.match(await preview.innerText(), /Просрочка 2 дн\. → обратно в общий пул, ежедневно 22:00–06:00 следующего дня Asia\/Tbilisi/));
      await dialog.getByRole('button', { name: 'Создать правило' }).click();
      await dialog.waitFor({ state: 'detached' });

      await eventually(async () => assert.deepEqual(await ruleNamesInOrder(page), [draftName, nightName]));
      assert.match(await ruleRow(page, nightName).innerText(), /Для всех перезвонов · После 3 передач → супервайзеру команды\./);
      await screenshot(page, 'e2e-rules-01-list');

      // The night rule first: it is tried before the other one.
      await page.getByRole('button', { name: `Поднять «${nightName}»` }).click();
      await eventually(async () => assert.deepEqual(await ruleNamesInOrder(page), [nightName, draftName]));
      await eventually(async () => {
        const rules = (await api<{ items: Rule[] }>('GET', '/routing-rules')).items;
        assert.deepEqual(
          rules.map((r) => r.name),
          [nightName, draftName],
        );
        assert.ok(rules[0]!.position < rules[1]!.position);
      });
      const night = (await api<{ items: Rule[] }>('GET', '/routing-rules')).items[0]!;
      assert.deepEqual(night.workingHours, { timezone: 'Asia/Tbilisi', days: [1, 2, 3, 4, 5, 6, 7], from: '22:00', to: '06:00' });
      assert.equal(night.graceMinutes, 2 * 24 * 60);
      assert.deepEqual(night.action, { type: 'pool' });

      const nightSwitch = page.getByRole('switch', { name: `Включить «${nightName}»` });
      assert.equal(await nightSwitch.isChecked(), true);
      await nightSwitch.click();
      await eventually(async () => assert.equal(await nightSwitch.isChecked(), false));
      await eventually(async () => assert.equal((await api<{ items: Rule[] }>('GET', '/routing-rules')).items[0]!.enabled, false));
      // Moving and switching kept the rest of both rules.
      const [nightAfter, draftAfter] = (await api<{ items: Rule[] }>('GET', '/routing-rules')).items;
      assert.deepEqual(nightAfter!.workingHours, night.workingHours);
      assert.equal(draftAfter!.enabled, false, 'moving a disabled rule does not switch it on');
      assert.deepEqual(draftAfter!.action, { type: 'round_robin', teamId: firstTeam.id });
      assert.equal(await page.getByRole('switch', { name: `Включить «${draftName}»` }).isChecked(), false);
    });

    await t.test('sees operator1’s tail and hands one callback over by hand', async () => {
      await page.getByRole('tab', { name: /Хвосты/ }).click();
      await page.waitForURL(/\?tab=tails$/);
      const table = page.getByRole('table', { name: 'Просроченные перезвоны по операторам' });
      const row = table.locator('tbody tr', { hasText: op1.name }).first();
      await eventually(async () => {
        const text = await row.innerText();
        assert.match(text, /\b2\b/);
        assert.match(text, /3 ч 1\d мин/, 'the oldest is late by 3 h 10 min (and a few seconds)');
      });
      await page.getByRole('button', { name: `Показать просроченные перезвоны: ${op1.name}` }).click();
      const list = page.getByRole('table', { name: `Просроченные перезвоны: ${op1.name}` });
      const items = list.locator('tbody tr');
      await eventually(async () => assert.equal(await items.count(), 2));
      await eventually(async () => assert.match(await items.first().innerText(), new RegExp(clients[0]!.name)));
      assert.match(await items.first().innerText(), /Обещали перезвонить утром/);
      await screenshot(page, 'e2e-rules-03-tails');

      const target: Locator = list.locator(`tr[data-callback-id="${older.id}"]`);
      const reassign = target.getByRole('button', { name: 'Передать', exact: true });
      assert.equal(await reassign.isDisabled(), true, 'nothing chosen yet');
      await target.getByLabel(`Кому передать перезвон №${older.id}`).selectOption({ label: `${op3.name} (${op3.extension})` });
      await reassign.click();
      await page.getByText(`Перезвон №${older.id} (${clients[0]!.name}) передан: ${op3.name}.`).waitFor();

      const moved = await api<Callback>('GET', `/callbacks/${older.id}`);
      assert.equal(moved.assigneeId, op3.id);
      const last = moved.history.at(-1);
      assert.ok(last, 'the handover is in the history');
      assert.deepEqual({ fromId: last.fromId, toId: last.toId, ruleId: last.ruleId, reason: last.reason }, { fromId: op1.id, toId: op3.id, ruleId: null, reason: `handed over by user ${manager.id}` });
      await eventually(async () => assert.equal(await items.count(), 1));
      await eventually(async () => assert.match(await row.innerText(), /\b1\b/));
      await screenshot(page, 'e2e-rules-04-reassigned');
    });

    await t.test('an enabled rule: the dry run shows what it would take, and the router takes it', async () => {
      assert.ok(draftRule);
      await page.getByRole('tab', { name: /Правила/ }).click();
      await page.getByRole('switch', { name: `Включить «${draftName}»` }).click();
      await eventually(async () => assert.equal((await api<{ items: Rule[] }>('GET', '/routing-rules')).items.find((r) => r.id === draftRule!.id)?.enabled, true));

      await page.getByRole('button', { name: 'Пробный прогон', exact: true }).click();
      const results = page.getByTestId('dry-run-results');
      await results.waitFor();
      // The sweep (every minute) may take the callback between the switch and the dry run: either answer is right.
      const stillWithOp1 = (await api<Callback>('GET', `/callbacks/${newer.id}`)).assigneeId === op1.id;
      const text = await results.innerText();
      if (/Было бы передано сейчас: 1/.test(text)) {
        const rowText = await results.locator('tbody tr').first().innerText();
        assert.match(rowText, new RegExp(`№${newer.id}`));
        assert.match(rowText, new RegExp(draftName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
      } else {
        assert.match(text, /Было бы передано сейчас: 0/);
        assert.equal(stillWithOp1, false, 'nothing to hand over only because the router already did');
      }
      await screenshot(page, 'e2e-rules-05-dry-run');

      // The router hands operator1's other callback to a colleague on shift at its next sweep; the open
      // tails follow without a reload.
      await page.getByRole('tab', { name: /Хвосты/ }).click();
      const table = page.getByRole('table', { name: 'Просроченные перезвоны по операторам' });
      // First the router's move (a timer set by the rule change, or the sweep), then the tails showing it:
      // a table that is empty for a moment while it reloads must not pass for the move.
      await eventually(async () => assert.notEqual((await api<Callback>('GET', `/callbacks/${newer.id}`)).assigneeId, op1.id), SWEEP_LIMIT_MS);
      await eventually(async () => {
        await table.waitFor();
        assert.equal(await table.locator('tbody tr', { hasText: op1.name }).count(), 0, await table.innerText());
      });
      const cb = await api<Callback>('GET', `/callbacks/${newer.id}`);
      assert.ok(teammates.some((u) => u.id === cb.assigneeId), `round-robin in the first team, never back to operator1: ${JSON.stringify(cb)}`);
      const last = cb.history.at(-1);
      assert.equal(last?.ruleId, draftRule.id);
      assert.equal(last?.fromId, op1.id);
      // The one handed over by hand became due now, so its new grace has not run out.
      assert.equal((await api<Callback>('GET', `/callbacks/${older.id}`)).assigneeId, op3.id);
      await screenshot(page, 'e2e-rules-06-tails-after-router');
    });

    await t.test('edits the night rule and deletes it', async () => {
      await page.getByRole('tab', { name: /Правила/ }).click();
      await ruleRow(page, nightName).getByRole('button', { name: `Изменить: ${nightName}` }).click();
      const dialog = page.getByRole('dialog', { name: `Правило «${nightName}»` });
      // The saved rule comes back into the form as it was entered.
      assert.equal(await dialog.getByLabel('Отсрочка после срока').inputValue(), '2');
      assert.equal(await dialog.getByLabel('Единица отсрочки').inputValue(), 'days');
      assert.equal(await dialog.getByLabel('Часовой пояс IANA').inputValue(), 'Asia/Tbilisi');
      assert.equal(await dialog.getByRole('checkbox', { name: /^Включено/ }).isChecked(), false);
      await dialog.getByLabel('Отсрочка после срока').fill('36');
      await dialog.getByLabel('Единица отсрочки').selectOption('hours');
      await dialog.getByRole('button', { name: 'Сохранить' }).click();
      await dialog.waitFor({ state: 'detached' });
      await eventually(async () => assert.match(await ruleRow(page, nightName).innerText(), /Просрочка 1 дн\. 12 ч → обратно в общий пул/));
      const edited = (await api<{ items: Rule[] }>('GET', '/routing-rules')).items.find((r) => r.name === nightName)!;
      assert.equal(edited.graceMinutes, 36 * 60);
      assert.equal(edited.enabled, false);
      assert.equal(edited.workingHours?.timezone, 'Asia/Tbilisi');

      await ruleRow(page, nightName).getByRole('button', { name: `Удалить: ${nightName}` }).click();
      const confirm = page.getByRole('dialog', { name: 'Удалить правило?' });
      await confirm.getByRole('button', { name: 'Удалить', exact: true }).click();
      await confirm.waitFor({ state: 'detached' });
      await page.getByText(`Правило «${nightName}» удалено.`).waitFor();
      await eventually(async () => assert.deepEqual(await ruleNamesInOrder(page), [draftName]));
      assert.deepEqual((await api<{ items: Rule[] }>('GET', '/routing-rules')).items.map((r) => r.name), [draftName]);
    });

    await t.test('the rules read in English too', async () => {
      await page.getByLabel('Язык').selectOption('en');
      await page.getByRole('tab', { name: /Rules/ }).click();
      await page.getByRole('heading', { level: 1, name: 'Routing rules' }).waitFor();
      const table = page.getByRole('table', { name: 'Routing rules' });
      await eventually(async () => assert.match(await table.innerText(), new RegExp(`10 min late → round-robin in team “${firstTeam.name}”, at any time`)));
      assert.match(await table.innerText(), /For every callback · After 3 handovers → the team supervisor\./);
      await screenshot(page, 'e2e-rules-07-english');
    });

    assert.deepEqual(pageErrors, [], 'no uncaught errors in the page');
  } finally {
    await context.close();
  }
});

// ---------- the supervisor ----------

test('a supervisor reads the rules and starts on the tails', async () => {
  const context = await newContext();
  const page = await context.newPage();
  try {
    await signIn(page, 'supervisor');
    await page.waitForURL(/\/wallboard$/);
    await page.getByRole('navigation', { name: 'Главное меню' }).getByRole('link', { name: 'Правила' }).click();
    await page.getByRole('heading', { name: 'Хвосты: просроченные перезвоны по операторам' }).waitFor();
    await page.getByRole('tab', { name: /Правила/ }).click();
    await page.getByText('Вы видите правила; изменяют их менеджеры.').waitFor();
    const rows = rulesTable(page).locator('tbody tr');
    await eventually(async () => assert.equal(await rows.count(), 1));
    assert.match(await rows.first().innerText(), /Вкл\.[\s\S]*Просрочка 10 мин → по очереди в команде/);
    assert.equal(await page.getByRole('switch').count(), 0, 'no switches');
    assert.equal(await page.getByRole('button', { name: /Новое правило/ }).count(), 0);
    assert.equal(await page.getByRole('button', { name: 'Пробный прогон', exact: true }).count(), 0, 'the dry run is for managers');
    assert.equal(await page.getByRole('button', { name: /^Изменить/ }).count(), 0);
    await screenshot(page, 'e2e-rules-08-supervisor');
  } finally {
    await context.close();
  }
});
