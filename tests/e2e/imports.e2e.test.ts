/**
 * The imports page in a real browser against the real server (demo data, SQLite): a manager uploads a
 * Windows-1251 CSV, sees the columns with the suggested fields, runs a dry run (the bad rows with their
 * numbers, nothing written), imports, watches the progress to "done", reloads (the report stays), and the
 * failed rows are offered as a file. In Russian at 1366 and 390 px (screenshots), no sideways scrolling.
 *
 * Run (the SPA build is shared: take the lock):
 *   flock /tmp/client-build.lock sh -c 'npm run --silent build >/dev/null && node --import tsx --test tests/e2e/imports.e2e.test.ts'
 * Needs Chromium at /usr/bin/chromium; screenshots go to tests/artifacts/.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import iconv from 'iconv-lite';
import type { Browser, Page } from 'playwright-core';
import { apiAs, ARTIFACTS, getOk, launchChromium, sidewaysOverflow, signIn, startDemoServer, type DemoServer } from '../helpers/e2e';

let server: DemoServer;
let browser: Browser | undefined;
let api: ReturnType<typeof getOk>;

before(async () => {
  server = await startDemoServer('imports');
  api = getOk((await apiAs(server.baseUrl, 'manager')).api);
  browser = await launchChromium();
});

after(async () => {
  await browser?.close().catch(() => undefined);
  await server?.stop();
});

const noSideways = async (page: Page) => assert.ok((await sidewaysOverflow(page)) <= 1, 'no sideways scrolling');

const CSV = iconv.encode(
  [
    'ФИО;Моб. тел.;E-mail;Компания;Дата рождения;Примечание',
    'Импортов Игорь;+7 916 501-00-01;igor@example.ru;ООО "Веста";12.05.1980;"Перезвонить',
    'во вторник"',
    'Без Телефона;12;;;;',
    'Датов Дмитрий;+7 916 501-00-02;;;31.02.1990;',
    'Повторов;+7 916 501-00-01;;;;',
    'Новикова Анна;+7 916 501-00-03;anna@example.ru;;;',
  ].join('\r\n'),
  'win1251',
);

async function uploadThrough(page: Page, name: string): Promise<number> {
  await page.getByTestId('import-file').setInputFiles({ name, mimeType: 'text/csv', buffer: CSV });
  await page.getByTestId('import-upload').click();
  await page.getByTestId('import-mapping').waitFor();
  return Number(new URL(page.url()).searchParams.get('id'));
}

test('upload, mapping, dry run, import to "done", and the report after a reload (ru, 1366 px)', async () => {
  assert.ok(browser);
  const context = await browser.newContext({ locale: 'ru-RU', viewport: { width: 1366, height: 900 } });
  const page = await context.newPage();
  try {
    await signIn(page, server.baseUrl, '/imports', 'manager');
    await page.getByRole('link', { name: 'Импорт' }).waitFor();
    await page.getByRole('heading', { name: 'Импорт клиентов' }).waitFor();
    const id = await uploadThrough(page, 'клиенты.csv');
    assert.ok(id > 0);
    // The suggested fields, as the server found them from the Russian headers.
    assert.equal(await page.getByRole('combobox', { name: 'ФИО' }).inputValue(), 'name');
    assert.equal(await page.getByRole('combobox', { name: 'Моб. тел.' }).inputValue(), 'phone');
    assert.equal(await page.getByRole('combobox', { name: 'Дата рождения' }).inputValue(), 'birthday');
    assert.equal(await page.getByRole('combobox', { name: 'Примечание' }).inputValue(), 'note');
    await page.screenshot({ path: join(ARTIFACTS, 'imports-mapping-1366.png'), fullPage: true });

    const before = (await api<{ total: number }>('/clients?limit=1')).total;
    await page.getByTestId('import-dry-run').click();
    await page.locator('[data-testid="import-report"][data-status="checked"]').waitFor();
    const rows = await page.getByTestId('import-errors').locator('tbody tr').allInnerTexts();
    assert.deepEqual(rows.map((r) => r.split('\t').map((c) => c.trim())), [
      ['2', 'Телефон', 'Не номер телефона'],
      ['3', 'Дата рождения', 'Не дата'],
      ['4', 'Телефон', 'Повторяет строку выше'],
    ]);
    assert.equal((await page.getByTestId('import-count-created').locator('dd').innerText()).trim(), '2');
    assert.equal((await api<{ total: number }>('/clients?limit=1')).total, before, 'a dry run writes nothing');
    await page.screenshot({ path: join(ARTIFACTS, 'imports-dry-run-1366.png'), fullPage: true });

    await page.getByTestId('import-commit').click();
    await page.locator('[data-testid="import-report"][data-status="done"]').waitFor();
    assert.equal(await page.getByTestId('import-status').innerText(), 'Импорт завершён');
    assert.equal((await api<{ total: number }>('/clients?limit=1')).total, before + 2);
    assert.equal(await page.getByTestId('import-progress').getAttribute('value'), '5');

    await page.reload();
    await page.locator('[data-testid="import-report"][data-status="done"]').waitFor();
    assert.equal((await page.getByTestId('import-count-failed').locator('dd').innerText()).trim(), '3');
    const href = await page.getByTestId('import-failed-file').getAttribute('href');
    assert.equal(href, `/api/imports/${id}/failed.csv`);
    const file = await page.evaluate(async (url) => (await fetch(url)).text(), href!);
    assert.match(file, /Без Телефона;12;/);
    await page.screenshot({ path: join(ARTIFACTS, 'imports-done-1366.png'), fullPage: true });
    await noSideways(page);
  } finally {
    await context.close();
  }
});

test('on a phone (390 px): the mapping, the dry run and the report fit the width', async () => {
  assert.ok(browser);
  const context = await browser.newContext({ locale: 'ru-RU', viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  try {
    await signIn(page, server.baseUrl, '/imports', 'manager');
    await page.getByRole('heading', { name: 'Импорт клиентов' }).waitFor();
    await noSideways(page);
    await uploadThrough(page, 'phone.csv');
    await noSideways(page);
    await page.screenshot({ path: join(ARTIFACTS, 'imports-mapping-390.png'), fullPage: true });
    await page.getByTestId('import-dry-run').click();
    await page.locator('[data-testid="import-report"][data-status="checked"]').waitFor();
    await noSideways(page);
    await page.screenshot({ path: join(ARTIFACTS, 'imports-dry-run-390.png'), fullPage: true });
  } finally {
    await context.close();
  }
});
