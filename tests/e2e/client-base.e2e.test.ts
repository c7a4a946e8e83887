/**
 * The client base in a real browser against the real server: sign-in, the list and its total, phone
 * search in another number format, the client card with its call history, the duplicate-phone
 * conflict, language switching, and navigation by role.
 *
 * Run: flock /tmp/client-build.lock sh -c 'npm run --silent build >/dev/null && node --import tsx --test tests/e2e/client-base.e2e.test.ts'
 * Needs Chromium at /usr/bin/chromium (Debian: apt-get install -y chromium); screenshots go to
 * tests/artifacts/. Nothing here measures time: the limits below only stop a hung run.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { apiAs, ARTIFACTS, DEMO_PASSWORD, eventually, getOk, launchChromium, startDemoServer, submitSignIn, type DemoServer } from '../helpers/e2e';

type Client = { id: number; name: string; phones: { e164: string | null; raw: string }[] };
type Call = { id: number; clientId: number | null };

let server: DemoServer;
let baseUrl = '';
let browser: Browser | undefined;
let api: ReturnType<typeof getOk>;

// ---------- page helpers ----------

const digitsOf = (s: string) => s.replace(/\D/g, '');

/** "+79162000005" written the way a Russian caller would: "8 (916) 200-00-05". */
function asRussianNationalFormat(e164: string): string {
  const d = e164.slice(2);
  return `8 (${d.slice(0, 3)}) ${d.slice(3, 6)}-${d.slice(6, 8)}-${d.slice(8, 10)}`;
}

/** Saves a screenshot to tests/artifacts; the whole page unless a dialog is open (its backdrop covers the viewport only). */
async function screenshot(page: Page, name: string, fullPage = true) {
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage });
}

async function newContext(): Promise<BrowserContext> {
  assert.ok(browser);
  // A Russian browser: the UI starts in Russian until the user or their profile says otherwise.
  return browser.newContext({ locale: 'ru-RU', viewport: { width: 1400, height: 900 } });
}

const clientRows = (page: Page) => page.getByRole('table', { name: 'Клиенты' }).locator('tbody tr');

// ---------- lifecycle ----------

before(async () => {
  // Demo data, but no demo PBX: live simulated calls would change the call history under the assertions.
  server = await startDemoServer('client-base');
  baseUrl = server.baseUrl;
  api = getOk((await apiAs(baseUrl, 'manager')).api);
  browser = await launchChromium();
});

after(async () => {
  await browser?.close().catch(() => undefined);
  await server?.stop();
});

// ---------- the manager's session ----------

test('a manager works with the client base', async (t) => {
  const context = await newContext();
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (err) => pageErrors.push(err.message));

  try {
    // A client who has calls and a Russian mobile number, to search for and open.
    const calls = await api<{ items: Call[] }>('/calls?limit=200');
    let target: Client | undefined;
    for (const call of calls.items) {
      if (call.clientId === null) continue;
      const client = await api<Client>(`/clients/${call.clientId}`);
      if (client.phones[0]?.e164?.startsWith('+7') && client.phones[0].e164.length === 12) {
        target = client;
        break;
      }
    }
    assert.ok(target, 'the demo data has a client with calls and a +7 number');
    const targetPhone = target.phones[0]!.e164!;
    const targetCalls = await api<{ total: number }>(`/calls?clientId=${target.id}&limit=1`);
    const allClients = await api<{ total: number }>('/clients?limit=1');

    await t.test('signs in and sees the client list with its total', async () => {
      await page.goto(`${baseUrl}/`);
      await page.getByRole('heading', { name: 'Вход' }).waitFor();
      // Demo data: the banner says so before and after signing in (issue 10, item 1).
      await page.getByTestId('demo-banner').waitFor();
      await screenshot(page, 'e2e-01-login');
      await submitSignIn(page, 'manager');
      await page.waitForURL(/\/clients$/);
      const total = page.getByTestId('clients-total');
      await eventually(async () => assert.equal(digitsOf(await total.innerText()), String(allClients.total)));
      assert.match(await total.innerText(), /^Найдено клиентов:/);
      await eventually(async () => assert.equal(await clientRows(page).count(), 25));
      const header = page.locator('.app-header');
      assert.match(await header.innerText(), /Светлана Орлова/);
      assert.match(await header.innerText(), /Менеджер/);
      assert.match(await page.getByTestId('demo-banner').innerText(), /Демо.*hotline-demo/s);
      await screenshot(page, 'e2e-02-clients');
    });

    await t.test('finds a client by a phone number written in another format', async () => {
      const typed = asRussianNationalFormat(targetPhone);
      await page.getByRole('searchbox', { name: 'Поиск клиентов' }).fill(typed);
      await eventually(async () => {
        assert.equal(digitsOf(await page.getByTestId('clients-total').innerText()), '1');
        assert.equal(await clientRows(page).count(), 1);
      });
      assert.match(await clientRows(page).first().innerText(), new RegExp(target.name));
      assert.equal(new URL(page.url()).searchParams.get('q'), typed, 'the search is kept in the address');
      await screenshot(page, 'e2e-03-phone-search');
    });

    await t.test('exports the selection on screen as CSV', async () => {
      const link = page.getByTestId('clients-export');
      assert.equal(await link.innerText(), 'Выгрузить CSV');
      const href = (await link.getAttribute('href'))!;
      assert.equal(new URL(href, baseUrl).searchParams.get('q'), asRussianNationalFormat(targetPhone), 'with the search on screen, without paging');
      // The download as the browser makes it: same session cookie, same address.
      const res = await page.request.get(new URL(href, baseUrl).toString());
      assert.equal(res.status(), 200);
      const lines = (await res.text()).replace(/^\uFEFF/, '').trim().split('\n');
      assert.equal(lines.length, 2, 'the header and the one client found');
      assert.match(lines[1]!, new RegExp(`^${target.id};`));
      // Beside it, the same selection as XLSX.
      const xlsx = page.getByTestId('clients-export-xlsx');
      assert.equal(await xlsx.innerText(), 'Выгрузить XLSX');
      const xlsxUrl = new URL((await xlsx.getAttribute('href'))!, baseUrl);
      assert.deepEqual([xlsxUrl.searchParams.get('format'), xlsxUrl.searchParams.get('q')], ['xlsx', asRussianNationalFormat(targetPhone)]);
      const file = await page.request.get(xlsxUrl.toString());
      assert.equal(file.status(), 200);
      assert.equal(file.headers()['content-type'], 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      assert.deepEqual([...(await file.body()).subarray(0, 2)], [0x50, 0x4b], 'a zip, as an XLSX is');
    });

    await t.test('opens the client card and sees its call history', async () => {
      await clientRows(page).first().getByRole('link', { name: target.name }).click();
      await page.waitForURL(new RegExp(`/clients/${target.id}$`));
      await page.getByRole('heading', { level: 1, name: target.name }).waitFor();
      const rows = page.getByRole('table', { name: 'История звонков' }).locator('tbody tr');
      await eventually(async () => assert.equal(await rows.count(), Math.min(targetCalls.total, 20)));
      assert.ok(targetCalls.total > 0);
      await screenshot(page, 'e2e-04-client-card');
    });

    let createdId = 0;
    const newName = 'Тестовый Клиент Е2Е';
    await t.test('creates a client', async () => {
      await page.getByRole('link', { name: /Все клиенты/ }).click();
      await page.getByRole('button', { name: /Новый клиент/ }).click();
      const dialog = page.getByRole('dialog', { name: 'Новый клиент' });
      await dialog.getByLabel('Имя').fill(newName);
      // A Ukrainian local number on a RU install: warned before saving (issue 10, item 15).
      await dialog.getByLabel('Телефоны').fill('067 123 45 67');
      await dialog.getByTestId('unparsed-phone-warning').waitFor();
      assert.match((await dialog.getByTestId('unparsed-phone-warning').textContent()) ?? '', /067 123 45 67.*нельзя будет позвонить/);
      await dialog.getByLabel('Телефоны').fill('+7 903 555-01-23');
      await dialog.getByTestId('unparsed-phone-warning').waitFor({ state: 'detached' });
      await dialog.getByLabel('Эл. почта').fill('e2e@example.com');
      await dialog.getByLabel('Метки').fill('vip, e2e');
      await dialog.getByRole('button', { name: 'Создать клиента' }).click();
      await page.waitForURL(/\/clients\/\d+$/);
      createdId = Number(new URL(page.url()).pathname.split('/').pop());
      await page.getByRole('heading', { level: 1, name: newName }).waitFor();
      const created = await api<Client>(`/clients/${createdId}`);
      assert.equal(created.phones[0]?.e164, '+79035550123');
    });

    await t.test('reusing that number shows the duplicate-phone error with a link to its owner', async () => {
      await page.getByRole('link', { name: /Все клиенты/ }).click();
      await page.getByRole('button', { name: /Новый клиент/ }).click();
      const dialog = page.getByRole('dialog', { name: 'Новый клиент' });
      await dialog.getByLabel('Имя').fill('Дубликат Номера');
      await dialog.getByLabel('Телефоны').fill('8 903 555 01 23');
      await dialog.getByRole('button', { name: 'Создать клиента' }).click();
      const alert = dialog.getByRole('alert');
      await eventually(async () => assert.match(await alert.innerText(), /уже принадлежит другому клиенту/));
      const link = dialog.getByTestId('duplicate-client-link');
      assert.equal(await link.getAttribute('href'), `/clients/${createdId}`);
      await eventually(async () => assert.match(await link.innerText(), new RegExp(newName)));
      await screenshot(page, 'e2e-05-duplicate-phone', false);
      await dialog.getByRole('button', { name: 'Отмена' }).click();
      await dialog.waitFor({ state: 'detached' });
    });

    await t.test('switches the language to Ukrainian and to English', async () => {
      await page.getByLabel('Язык').selectOption('uk');
      await page.getByRole('heading', { level: 1, name: 'Клієнти' }).waitFor();
      const nav = page.getByRole('navigation', { name: 'Головне меню' });
      assert.equal(await nav.getByRole('link', { name: 'Журнал аудиту' }).count(), 1);
      assert.equal(await page.getByRole('button', { name: /Новий клієнт/ }).count(), 1);
      assert.equal(await page.getByRole('columnheader', { name: /Імʼя/ }).count(), 1);
      assert.equal(await page.locator('html').getAttribute('lang'), 'uk');
      await screenshot(page, 'e2e-06-ukrainian');

      await page.getByLabel('Мова').selectOption('en');
      await page.getByRole('heading', { level: 1, name: 'Clients' }).waitFor();
      assert.equal(await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Audit log' }).count(), 1);
      assert.equal(await page.getByRole('button', { name: /New client/ }).count(), 1);
      assert.equal(await page.getByRole('columnheader', { name: /Revenue/ }).count(), 1);
      assert.match(await page.getByTestId('clients-total').innerText(), /^Clients found: /);
      assert.equal(await page.evaluate(() => localStorage.getItem('hotline.language')), 'en');
      // Saved to the profile too, so it follows the user to another browser.
      await eventually(async () => assert.equal((await api<{ user: { locale: string | null } }>('/auth/me')).user.locale, 'en'));
      await screenshot(page, 'e2e-07-english');
    });

    await t.test('sees the audit log, newest first', async () => {
      await page.getByRole('link', { name: 'Audit log' }).click();
      const rows = page.getByRole('table', { name: 'Audit entries' }).locator('tbody tr');
      await eventually(async () => assert.ok((await rows.count()) > 0));
      // Newest first: the two language changes saved to the profile, then the client created above.
      const firstRows = (await rows.allInnerTexts()).slice(0, 3).join('\n');
      // Objects by name, linked to their card (issue 10, item 18).
      assert.match(firstRows, new RegExp(`Created\tClient: ${newName}`));
      assert.equal(await page.getByRole('table', { name: 'Audit entries' }).getByRole('link', { name: newName }).first().getAttribute('href'), `/clients/${createdId}`);
      await screenshot(page, 'e2e-08-audit-log');
    });

    assert.deepEqual(pageErrors, [], 'no uncaught errors in the page');
  } finally {
    await context.close();
  }
});

// ---------- an operator's session ----------

test('an operator has no audit log', async () => {
  const context = await newContext();
  const page = await context.newPage();
  try {
    await page.goto(`${baseUrl}/audit`);
    await page.getByRole('heading', { name: 'Вход' }).waitFor();

    await submitSignIn(page, 'operator1', 'not-the-password');
    await eventually(async () => assert.match(await page.getByRole('alert').innerText(), /Неверный логин или пароль/));
    await screenshot(page, 'e2e-09-login-error');

    await page.getByLabel('Пароль').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Войти' }).click();
    // Back to the page asked for, which is not for operators.
    await page.waitForURL(/\/audit$/);
    await page.getByText('Нет доступа').waitFor();

    const nav = page.getByRole('navigation', { name: 'Главное меню' });
    await nav.getByRole('link', { name: 'Пульт оператора' }).click();
    await page.getByRole('heading', { level: 1, name: 'Пульт оператора' }).waitFor();
    assert.equal(await nav.getByRole('link', { name: 'Клиенты' }).count(), 1);
    assert.equal(await nav.getByRole('link', { name: 'Журнал аудита' }).count(), 0);
    assert.equal(await nav.getByRole('link', { name: 'Правила' }).count(), 0);
    assert.equal(await nav.getByRole('link', { name: 'Табло' }).count(), 0);
    assert.match(await page.locator('.app-header').innerText(), /Оператор/);
    await screenshot(page, 'e2e-10-operator-console');
    await nav.getByRole('link', { name: 'Клиенты' }).click();
    await page.getByTestId('clients-total').waitFor();
    assert.equal(await page.getByTestId('clients-export').count(), 0, 'no export for operators');
  } finally {
    await context.close();
  }
});
