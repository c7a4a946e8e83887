/**
 * Administration in a real browser against the real server: a manager creates an operator (the server's
 * password policy answers under the password field first), the operator signs in, the manager deactivates
 * them and the operator's open page goes to the sign-in page by itself (the session and the live socket
 * end at once); teams are created and given a supervisor; and the two routing-rule presets are applied
 * in one click each. The page is looked at in Russian at 1366 px and at 390 px (no sideways scroll).
 *
 * Run: flock /tmp/client-build.lock sh -c 'npm run --silent build >/dev/null && node --import tsx --test tests/e2e/admin.e2e.test.ts'
 * Needs Chromium at /usr/bin/chromium; screenshots go to tests/artifacts/. The limits only stop a hung run.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { apiAs, ARTIFACTS, deleteRoutingRules, eventually, launchChromium, okApi, sideways, signIn, startDemoServer, type DemoServer } from '../helpers/e2e';

type User = { id: number; login: string; name: string; role: string; extension: string | null; teamId: number | null; active: boolean; locale: string | null };
type Team = { id: number; name: string; supervisorId: number | null };
type Rule = { id: number; name: string; enabled: boolean; graceMinutes: number; action: { type: string; teamId?: number; userId?: number }; scope: Record<string, unknown> };

let server: DemoServer;
let baseUrl = '';
let browser: Browser | undefined;
let api: ReturnType<typeof okApi>;

// ---------- page helpers ----------

/** Ceiling for one browser action or wait: only stops a hung step. */
const STEP_LIMIT_MS = 15_000;

async function newContext(width = 1366, height = 900): Promise<BrowserContext> {
  assert.ok(browser);
  const context = await browser.newContext({ locale: 'ru-RU', timezoneId: 'Europe/Moscow', viewport: { width, height } });
  context.setDefaultTimeout(STEP_LIMIT_MS);
  return context;
}

async function looksRight(page: Page, name: string, width: number) {
  await page.setViewportSize({ width, height: 900 });
  await page.locator('.spinner').first().waitFor({ state: 'detached' }).catch(() => undefined);
  await page.screenshot({ path: join(ARTIFACTS, `e2e-admin-${name}-${width}.png`), fullPage: true });
  const o = await sideways(page);
  assert.ok(o.scrollWidth <= o.innerWidth, `${name} at ${width}px scrolls sideways (${o.scrollWidth} > ${o.innerWidth}): ${o.culprits.join(', ')}`);
}

const usersTable = (page: Page) => page.getByRole('table', { name: 'Пользователи' });
const userRow = (page: Page, login: string) => usersTable(page).locator(`tbody tr[data-user-login="${login}"]`);

// ---------- lifecycle ----------

before(async () => {
  server = await startDemoServer('admin');
  baseUrl = server.baseUrl;
  const manager = await apiAs(baseUrl, 'manager');
  api = okApi(manager.api);
  // The demo ships its own routing rules: the presets are applied to an empty list, so every row is theirs.
  await deleteRoutingRules(manager.api);
  browser = await launchChromium();
});

after(async () => {
  await browser?.close().catch(() => undefined);
  await server?.stop();
});

// ---------- the stories ----------

test('a manager creates an operator, who signs in; deactivated, the operator’s open page goes to sign-in', async (t) => {
  const teams = (await api<{ items: Team[] }>('GET', '/teams')).items;
  const team = teams[0]!;
  const login = 'marina.sokolova';
  const goodPassword = 'Сирень-за-окном-2026';

  const managerContext = await newContext();
  const operatorContext = await newContext();
  const manager = await managerContext.newPage();
  const operator = await operatorContext.newPage();
  const pageErrors: string[] = [];
  manager.on('pageerror', (err) => pageErrors.push(err.message));
  operator.on('pageerror', (err) => pageErrors.push(err.message));

  // Each step builds on the one before: after a failure the rest are skipped rather than time out one by one.
  let broken = false;
  const step = (name: string, fn: () => Promise<void>) =>
    t.test(name, { skip: broken && 'an earlier step failed' }, async () => {
      try {
        await fn();
      } catch (err) {
        broken = true;
        throw err;
      }
    });

  try {
    await step('the manager opens Administration from the menu and sees the demo floor', async () => {
      await signIn(manager, baseUrl, '/', 'manager');
      await manager.waitForURL(/\/clients$/);
      await manager.getByRole('navigation', { name: 'Главное меню' }).getByRole('link', { name: 'Администрирование' }).click();
      await manager.getByRole('heading', { level: 1, name: 'Администрирование' }).waitFor();
      await userRow(manager, 'operator1').waitFor();
      // The manager manages operators and supervisors, not the admin: no buttons on the admin's row.
      assert.equal(await userRow(manager, 'admin').getByRole('button').count(), 0);
      assert.ok((await userRow(manager, 'operator1').getByRole('button', { name: /^Отключить/ }).count()) === 1);
      // Filters: role on the server, search here.
      await manager.getByRole('group', { name: 'Фильтр пользователей' }).getByLabel('Роль').selectOption({ label: 'Супервайзер' });
      await eventually(async () => assert.deepEqual(await usersTable(manager).locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-user-login'))), ['supervisor']));
      await manager.getByRole('group', { name: 'Фильтр пользователей' }).getByLabel('Роль').selectOption({ label: 'Любая роль' });
      await manager.getByRole('searchbox', { name: 'Поиск по имени, логину или номеру' }).fill('108');
      await eventually(async () => assert.deepEqual(await usersTable(manager).locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-user-login'))), ['operator8']));
      await manager.getByRole('searchbox', { name: 'Поиск по имени, логину или номеру' }).fill('');
      await userRow(manager, 'operator1').waitFor();
      await looksRight(manager, 'users', 1366);
      await looksRight(manager, 'users', 390);
      await manager.setViewportSize({ width: 1366, height: 900 });
    });

    await step('creates the operator: the password policy answers under the field, then the user is created', async () => {
      await manager.getByRole('button', { name: /Новый пользователь/ }).click();
      const dialog = manager.getByRole('dialog', { name: 'Новый пользователь' });
      // A manager gives only the roles below their own.
      assert.deepEqual(await dialog.getByLabel('Роль').locator('option').allInnerTexts(), ['Оператор', 'Супервайзер']);
      await dialog.getByLabel('Логин *').fill(login);
      await dialog.getByLabel('Имя и фамилия *').fill('Марина Соколова');
      await dialog.getByLabel('Пароль *').fill('qwerty123456');
      await dialog.getByLabel('Внутренний номер').fill('120');
      await dialog.getByLabel('Команда').selectOption({ label: team.name });
      await dialog.getByLabel('Язык').selectOption({ label: 'Русский' });
      await dialog.getByRole('button', { name: 'Создать пользователя' }).click();
      await dialog.getByText('Это один из самых распространённых паролей, выберите другой.').waitFor();
      assert.equal(await dialog.getByLabel('Пароль *').getAttribute('aria-invalid'), 'true');
      await looksRight(manager, 'create-user-error', 390);
      await manager.setViewportSize({ width: 1366, height: 900 });

      await dialog.getByLabel('Пароль *').fill('marina.sokolova1');
      await dialog.getByRole('button', { name: 'Создать пользователя' }).click();
      await dialog.getByText('Пароль не должен быть логином или строиться на нём.').waitFor();

      await dialog.getByLabel('Пароль *').fill(goodPassword);
      await dialog.getByRole('button', { name: 'Создать пользователя' }).click();
      await dialog.waitFor({ state: 'detached' });
      await manager.getByText('Марина Соколова: пользователь создан и может войти.').waitFor();
      const row = userRow(manager, login);
      await row.waitFor();
      assert.match(await row.innerText(), /Оператор[\s\S]*120[\s\S]*Активен/);
      const created = (await api<{ items: User[] }>('GET', '/users?role=operator')).items.find((u) => u.login === login)!;
      assert.deepEqual([created.name, created.extension, created.teamId, created.locale, created.active], ['Марина Соколова', '120', team.id, 'ru', true]);
    });

    await step('the new operator signs in and has the console open', async () => {
      await signIn(operator, baseUrl, '/', login, goodPassword);
      await operator.waitForURL(/\/console$/);
      await operator.getByText('Марина Соколова').first().waitFor();
    });

    await step('edits the operator: another extension and no team', async () => {
      await userRow(manager, login).getByRole('button', { name: /^Изменить/ }).click();
      const dialog = manager.getByRole('dialog', { name: 'Изменить: Марина Соколова' });
      await dialog.getByLabel('Внутренний номер').fill('121');
      await dialog.getByLabel('Команда').selectOption({ label: 'Без команды' });
      await dialog.getByRole('button', { name: 'Сохранить' }).click();
      await dialog.waitFor({ state: 'detached' });
      await eventually(async () => assert.match(await userRow(manager, login).innerText(), /121[\s\S]*Без команды|Без команды[\s\S]*121/));
      // An edit that changes neither the password nor the status leaves the operator signed in.
      assert.equal(operator.url().endsWith('/console'), true);
    });

    await step('deactivates the operator: their open page goes to sign-in at once, and they cannot sign in again', async () => {
      await userRow(manager, login).getByRole('button', { name: /^Отключить/ }).click();
      const dialog = manager.getByRole('dialog', { name: 'Отключить Марина Соколова?' });
      await dialog.getByRole('button', { name: 'Отключить' }).click();
      await dialog.waitFor({ state: 'detached' });
      await manager.getByText('Марина Соколова: учётная запись отключена, все сеансы завершены.').waitFor();
      assert.match(await userRow(manager, login).innerText(), /Отключён/);
      // Nobody reloads the operator's page: the server cuts the socket and the page finds its session gone.
      await operator.waitForURL(/\/login/);
      await operator.getByRole('button', { name: 'Войти' }).waitFor();
      await operator.screenshot({ path: join(ARTIFACTS, 'e2e-admin-operator-signed-out.png') });
      await signIn(operator, baseUrl, '/', login, goodPassword);
      await operator.getByRole('alert').waitFor();
      assert.equal(new URL(operator.url()).pathname, '/login');
    });

    await step('reactivates the operator and gives a new password (the policy answers first)', async () => {
      await userRow(manager, login).getByRole('button', { name: /^Включить/ }).click();
      await manager.getByText('Марина Соколова снова может войти.').waitFor();
      await userRow(manager, login).getByRole('button', { name: /^Пароль/ }).click();
      const dialog = manager.getByRole('dialog', { name: 'Новый пароль для Марина Соколова' });
      await dialog.getByLabel('Новый пароль').fill('short');
      await dialog.getByLabel('Повторите пароль').fill('short');
      await dialog.getByRole('button', { name: 'Установить пароль' }).click();
      await dialog.getByText('Не короче 10 символов.').waitFor();
      await dialog.getByLabel('Новый пароль').fill('Черёмуха-у-реки-77');
      await dialog.getByLabel('Повторите пароль').fill('Черёмуха-у-реки-77');
      await dialog.getByRole('button', { name: 'Установить пароль' }).click();
      await dialog.waitFor({ state: 'detached' });
      await manager.getByText('Пароль для Марина Соколова изменён, все сеансы завершены.').waitFor();
      assert.equal((await fetch(`${baseUrl}/api/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ login, password: goodPassword }) })).status, 401);
      await apiAs(baseUrl, login, 'Черёмуха-у-реки-77');
    });

    await step('creates a team and names its supervisor', async () => {
      await manager.getByRole('tab', { name: 'Команды' }).click();
      await manager.getByRole('table', { name: 'Команды' }).waitFor();
      await manager.getByRole('button', { name: /Новая команда/ }).click();
      const dialog = manager.getByRole('dialog', { name: 'Новая команда' });
      await dialog.getByLabel('Название *').fill(team.name);
      await dialog.getByRole('button', { name: 'Создать команду' }).click();
      await dialog.getByText('Команда с таким названием уже есть.').waitFor();
      await dialog.getByLabel('Название *').fill('Вечерняя смена');
      await dialog.getByRole('button', { name: 'Создать команду' }).click();
      await dialog.waitFor({ state: 'detached' });
      const row = manager.getByRole('table', { name: 'Команды' }).locator('tbody tr').filter({ hasText: 'Вечерняя смена' });
      await row.waitFor();
      assert.match(await row.innerText(), /Без супервайзера/);
      await row.getByRole('button', { name: /^Изменить/ }).click();
      const edit = manager.getByRole('dialog', { name: 'Изменить команду «Вечерняя смена»' });
      const supervisorOptions = await edit.getByLabel('Супервайзер').locator('option').allInnerTexts();
      assert.ok(supervisorOptions.some((o) => /Супервайзер$/.test(o)), supervisorOptions.join(', '));
      assert.ok(!supervisorOptions.some((o) => /Оператор$/.test(o)), 'operators do not supervise');
      await edit.getByLabel('Супервайзер').selectOption({ label: supervisorOptions.find((o) => /Супервайзер$/.test(o))! });
      await edit.getByRole('button', { name: 'Сохранить' }).click();
      await edit.waitFor({ state: 'detached' });
      await eventually(async () => assert.doesNotMatch(await row.innerText(), /Без супервайзера/));
      const saved = (await api<{ items: Team[] }>('GET', '/teams')).items.find((x) => x.name === 'Вечерняя смена')!;
      const supervisor = (await api<{ items: User[] }>('GET', '/users?role=supervisor')).items[0]!;
      assert.equal(saved.supervisorId, supervisor.id);
      await looksRight(manager, 'teams', 1366);
      await looksRight(manager, 'teams', 390);
      await manager.setViewportSize({ width: 1366, height: 900 });
    });

    assert.equal(broken, false, 'every step passed');
    assert.deepEqual(pageErrors, [], 'no script errors');
  } catch (err) {
    await manager.screenshot({ path: join(ARTIFACTS, 'e2e-admin-failed-manager.png'), fullPage: true }).catch(() => undefined);
    await operator.screenshot({ path: join(ARTIFACTS, 'e2e-admin-failed-operator.png'), fullPage: true }).catch(() => undefined);
    throw err;
  } finally {
    await managerContext.close();
    await operatorContext.close();
  }
});

test('a manager applies the two routing-rule presets in one click each, named in Russian', async () => {
  const context = await newContext();
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (err) => pageErrors.push(err.message));
  try {
    await signIn(page, baseUrl, '/', 'manager');
    await page.waitForURL(/\/clients$/);
    await page.goto(`${baseUrl}/rules?tab=rules`);
    await page.getByText('Правил пока нет.').waitFor();
    const presets = page.getByRole('region', { name: 'Готовые правила' });
    const late = 'Опоздание на 10 минут → свободному коллеге';
    const promised = 'Обещали больше 3 дней назад → супервизору';
    await presets.getByRole('button', { name: `Добавить: ${late}` }).click();
    await page.getByText(`Правило «${late}» добавлено.`).waitFor();
    await presets.getByRole('button', { name: `Добавить: ${promised}` }).click();
    await page.getByText(`Правило «${promised}» добавлено.`).waitFor();
    const table = page.getByRole('table', { name: 'Правила маршрутизации' });
    await table.locator('tbody tr').filter({ hasText: promised }).waitFor();
    // Applied presets show as added and are not added twice.
    for (const name of [late, promised]) assert.equal(await presets.getByRole('button', { name: `Добавить: ${name}` }).isDisabled(), true);

    const rules = (await api<{ items: Rule[] }>('GET', '/routing-rules')).items;
    assert.deepEqual(
      rules.map((r) => [r.name, r.enabled, r.graceMinutes, r.action.type, r.action.teamId ?? null, r.scope]),
      [
        [late, true, 10, 'least_loaded', null, {}],
        [promised, true, 3 * 24 * 60, 'supervisor', null, {}],
      ],
    );
    await looksRight(page, 'rules-presets', 1366);
    await looksRight(page, 'rules-presets', 390);
    assert.deepEqual(pageErrors, [], 'no script errors');
  } catch (err) {
    await page.screenshot({ path: join(ARTIFACTS, 'e2e-admin-failed-presets.png'), fullPage: true }).catch(() => undefined);
    throw err;
  } finally {
    await context.close();
  }
});
