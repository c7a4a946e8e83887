/**
 * E-mail mailings in a real browser against the real server (demo data, Russian; the demo sends e-mail
 * into its own sink). A manager writes a template in Administration → Рассылки (a field put in by its chip,
 * the preview against a client), starts a mailing to a saved segment of three clients (one unsubscribed),
 * watches it reach "Завершена" and reads the recipients' statuses with the reason; then writes to a client
 * from the card, sees the letter in the card's messages, and is told plainly that an unsubscribed client
 * was not written to. Screenshots at 1366 and 390 px go to tests/artifacts/.
 *
 * Run: flock /tmp/client-build.lock sh -c 'npm run --silent build >/dev/null && node --import tsx --test tests/e2e/mailings.e2e.test.ts'
 * Needs Chromium at /usr/bin/chromium. The limits below only stop a hung run.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { apiAs, ARTIFACTS, eventually, launchChromium, okApi, sideways, signIn, startDemoServer, type DemoServer } from '../helpers/e2e';

type Client = { id: number; name: string; emails: string[] };

let server: DemoServer;
let baseUrl = '';
let browser: Browser | undefined;
/** Three demo people given an e-mail each and put in a segment of their own; the last one unsubscribed. */
let people: (Client & { email: string })[] = [];
let segmentId = 0;
/** Only stops a hung run: on a loaded machine the page and the job take their time. */
const STEP_LIMIT_MS = 45_000;

const shot = (page: Page, name: string) => page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });

before(async () => {
  // The demo's senders (e-mail and SMS kept in memory) come with the demo data, so its mailings run.
  server = await startDemoServer('mailings');
  baseUrl = server.baseUrl;
  const api = okApi((await apiAs(baseUrl, 'manager')).api);
  const status = await api<{ email: boolean }>('GET', '/messaging/status');
  assert.equal(status.email, true, 'the demo sends e-mail (into its own sink)');
  const page = await api<{ items: Client[] }>('GET', '/clients?kind=person&limit=3&offset=120&sort=name&order=asc');
  people = [];
  for (const c of page.items) {
    const email = `e2e.mail.${c.id}@example.com`;
    await api('PATCH', `/clients/${c.id}`, { emails: [email], tags: ['e2e-mail'] });
    people.push({ ...c, email });
  }
  assert.equal(people.length, 3);
  await api('POST', '/optouts', { channel: 'email', address: people[2]!.email });
  segmentId = (await api<{ id: number }>('POST', '/segments', { name: 'E2E: письма', filter: { tag: 'e2e-mail' } })).id;
  browser = await launchChromium();
});

after(async () => {
  await browser?.close().catch(() => undefined);
  await server?.stop();
});

test('a manager writes a template, sends a mailing to a segment, sees it finish and who got it', async () => {
  assert.ok(browser);
  const context = await browser.newContext({ locale: 'ru-RU', timezoneId: 'Europe/Moscow', viewport: { width: 1366, height: 900 } });
  const page = await context.newPage();
  try {
    await signIn(page, baseUrl, '/clients', 'manager');
    await page.getByRole('link', { name: 'Администрирование' }).click();
    await page.getByRole('tab', { name: 'Рассылки' }).first().click();
    await page.getByRole('tab', { name: 'Шаблоны' }).click();
    await page.getByRole('button', { name: 'Новый шаблон' }).click();

    // The template: a subject and a text in Russian, the client's name put in by its chip.
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Название *').fill('Новинки');
    await dialog.getByLabel('Тема *').fill('Новинки декабря');
    const body = dialog.getByLabel('Текст *');
    await body.fill('Здравствуйте, ');
    await dialog.getByRole('button', { name: 'полное имя', exact: true }).click();
    await body.press('End');
    await body.pressSequentially('! В магазине новая коллекция.');
    assert.equal(await body.inputValue(), 'Здравствуйте, {{name}}! В магазине новая коллекция.');
    await dialog.getByRole('button', { name: 'Сохранить' }).click();
    await dialog.getByRole('status').filter({ hasText: 'Сохранено' }).waitFor();
    // The preview: the saved text as the first client of the list gets it, the field filled in.
    const preview = dialog.getByTestId('message-preview');
    await eventually(async () => assert.match(await preview.innerText(), /Здравствуйте, [^{]+! В магазине новая коллекция\./), STEP_LIMIT_MS);
    assert.doesNotMatch(await preview.innerText(), /\{\{/);
    await dialog.getByRole('button', { name: 'Готово' }).click();
    await page.locator('tr[data-template-id]').filter({ hasText: 'Новинки' }).waitFor();

    // The mailing: the template to the segment, as fast as allowed.
    await page.getByRole('tab', { name: 'Рассылки' }).nth(1).click();
    await page.getByRole('button', { name: 'Новая рассылка' }).click();
    const form = page.getByRole('dialog');
    await form.getByLabel('Название *').fill('Новинки декабря');
    await form.getByLabel('Шаблон *').selectOption({ label: 'Новинки' });
    await form.getByLabel('Сегмент *').selectOption(String(segmentId));
    await form.getByLabel('Сообщений в минуту').fill('6000');
    await form.getByRole('button', { name: 'Запустить рассылку' }).click();

    // Its page reads the progress every 2 s until it is done: two sent, the unsubscribed one skipped.
    const detail = page.locator('.mailing-detail');
    await detail.getByText('Завершена', { exact: true }).waitFor({ timeout: STEP_LIMIT_MS });
    assert.equal(await detail.getByTestId('mailing-sent').innerText(), '2');
    assert.equal(await detail.getByTestId('mailing-skipped').innerText(), '1');
    assert.equal(await detail.getByTestId('mailing-failed').innerText(), '0');
    await eventually(async () => assert.equal(await page.locator('tr[data-recipient-status="sent"]').count(), 2));
    const skipped = page.locator('tr[data-recipient-status="skipped"]');
    assert.match(await skipped.innerText(), new RegExp(`${people[2]!.email}[\\s\\S]*пропущено[\\s\\S]*клиент отписался`));
    await page.getByLabel('Статус').selectOption({ label: 'отправлено' });
    await eventually(async () => assert.equal(await page.locator('tr[data-recipient-status]').count(), 2));
    await shot(page, 'e2e-mailings-detail-1366');

    await page.setViewportSize({ width: 390, height: 844 });
    const narrow = await sideways(page);
    assert.ok(narrow.scrollWidth <= 390, `sideways at 390 px: ${JSON.stringify(narrow)}`);
    await shot(page, 'e2e-mailings-detail-390');
  } catch (err) {
    await shot(page, 'e2e-mailings-failed-mailing').catch(() => undefined);
    throw err;
  } finally {
    await context.close();
  }
});

test('from the card: the mailing in the client’s messages, a letter written by hand, an unsubscribed client refused', async () => {
  assert.ok(browser);
  const [first, , optedOut] = people;
  assert.ok(first && optedOut);
  const context = await browser.newContext({ locale: 'ru-RU', timezoneId: 'Europe/Moscow', viewport: { width: 1366, height: 900 } });
  const page = await context.newPage();
  try {
    await signIn(page, baseUrl, `/clients/${first.id}`, 'manager');
    await page.getByRole('tab', { name: 'Сообщения' }).click();
    const items = page.locator('.msg-item');
    await items.filter({ hasText: 'Новинки декабря' }).filter({ hasText: 'рассылка' }).waitFor();

    await page.getByRole('button', { name: 'Написать' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Эл. почта').check();
    await dialog.getByRole('button', { name: 'Свой текст' }).click();
    await dialog.getByLabel('Тема *').fill('Счёт на декабрь');
    await dialog.getByLabel('Текст *').fill('Добрый день! Счёт во вложении к следующему письму.');
    await dialog.getByRole('button', { name: 'Отправить' }).click();
    await page.getByRole('status').filter({ hasText: `Отправлено: ${first.email}` }).waitFor();
    const letter = items.filter({ hasText: 'Счёт на декабрь' });
    await letter.filter({ hasText: 'отправлено' }).waitFor();
    assert.match(await letter.innerText(), /вручную/);
    await letter.getByRole('button').click();
    await letter.getByText('Добрый день! Счёт во вложении к следующему письму.').waitFor();
    await shot(page, 'e2e-mailings-card-1366');

    // The unsubscribed client: nothing goes, and the dialog says why.
    await page.goto(`${baseUrl}/clients/${optedOut.id}`);
    await page.getByRole('tab', { name: 'Сообщения' }).click();
    await page.getByRole('button', { name: 'Написать' }).click();
    await dialog.getByLabel('Эл. почта').check();
    await dialog.getByLabel('Шаблон', { exact: true }).selectOption({ label: 'Новинки' });
    await dialog.getByTestId('message-preview').waitFor();
    await dialog.getByRole('button', { name: 'Отправить' }).click();
    await dialog.getByRole('alert').filter({ hasText: 'Клиент отписался от этого канала' }).waitFor();
  } catch (err) {
    await shot(page, 'e2e-mailings-failed-card').catch(() => undefined);
    throw err;
  } finally {
    await context.close();
  }
});
