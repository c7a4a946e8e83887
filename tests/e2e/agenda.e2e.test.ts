/**
 * Tasks in a real browser against the real server (demo data, Russian): an operator plans a call from a
 * client's card (the card's "Задачи" tab), finds it on the agenda ("Дела") and in the calendar,
 * marks it done there, and the card shows it done. Screenshots at 1366 and 390 px go to tests/artifacts/.
 *
 * Run: flock /tmp/client-build.lock sh -c 'npm run --silent build >/dev/null && node --import tsx --test tests/e2e/agenda.e2e.test.ts'
 * Needs Chromium at /usr/bin/chromium. The limits below only stop a hung run.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { apiAs, ARTIFACTS, launchChromium, sideways, signIn, startDemoServer, type DemoServer } from '../helpers/e2e';

let server: DemoServer;
let browser: Browser | undefined;
const TITLE = 'Обсудить продление договора';

const shot = (page: Page, name: string) => page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
/** Today in the floor's zone (the demo's, Moscow) as the date part of a datetime-local value. */
const moscowToday = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Moscow', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());

before(async () => {
  server = await startDemoServer('agenda');
  browser = await launchChromium();
});

after(async () => {
  await browser?.close().catch(() => undefined);
  await server?.stop();
});

test('a task planned on the card is on the agenda and the calendar, and is marked done there', async () => {
  assert.ok(browser);
  const { api } = await apiAs(server.baseUrl, 'operator1');
  const clients = await api<{ items: { id: number; name: string }[] }>('GET', '/clients?limit=1&sort=name&order=asc');
  const client = clients.body.items[0]!;
  const context = await browser.newContext({ locale: 'ru-RU', timezoneId: 'Europe/Moscow', viewport: { width: 1366, height: 768 } });
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  try {
    await signIn(page, server.baseUrl, `/clients/${client.id}`, 'operator1');
    await page.getByRole('tab', { name: 'Задачи' }).click();
    await page.getByRole('button', { name: 'Новая задача' }).click();
    const form = page.getByTestId('task-form');
    await form.getByRole('button', { name: 'Встреча' }).click();
    await form.getByLabel('Что сделать').fill(TITLE);
    // Late today (in Moscow): on today's agenda (or overdue, run after 23:00) and on today's calendar cell.
    await form.getByLabel('Когда').fill(`${moscowToday()}T23:00`);
    await form.getByLabel('Длительность, мин').fill('45');
    await form.getByLabel('Напоминание').selectOption({ label: 'За 30 минут' });
    await form.getByRole('button', { name: 'Создать' }).click();
    const item = page.getByTestId('client-tasks').getByTestId('task-item').filter({ hasText: TITLE });
    await item.waitFor();
    const id = await item.getAttribute('data-task-id');
    assert.ok(id);
    assert.match(await item.innerText(), /45 мин[\s\S]*22:30/, 'the meeting’s length and its reminder half an hour before');
    await shot(page, 'agenda-card-1366');

    await page.getByRole('link', { name: 'Дела', exact: true }).click();
    const onAgenda = page.getByTestId('agenda').locator(`[data-task-id="${id}"]`);
    await onAgenda.waitFor();
    assert.match(await onAgenda.innerText(), /23:00/);
    await page.getByTestId('birthdays').waitFor();
    assert.equal((await sideways(page)).culprits.length, 0);
    await shot(page, 'agenda-1366');

    await page.getByRole('button', { name: 'Календарь' }).click();
    // Today's cell lists its first tasks (the demo's day is full: ours may be under "ещё N"); the day opens under the grid.
    await page.locator('.tk-cell.is-today .tk-cell-day').click();
    const inDay = page.getByTestId('calendar-day').locator(`[data-task-id="${id}"]`);
    await inDay.getByRole('button', { name: 'Выполнено' }).click();
    await page.getByTestId('calendar-day').locator(`[data-task-id="${id}"][data-state="done"]`).waitFor();
    // A chip opens its task in a dialog.
    await page.locator('.tk-cell.is-today [data-testid="calendar-task"]').first().click();
    await page.getByRole('dialog').getByTestId('task-item').waitFor();
    await page.getByRole('dialog').getByRole('button', { name: 'Закрыть' }).click();
    await shot(page, 'agenda-calendar-1366');

    // A phone: the month grid shows dots, the day's list opens under it.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByTestId('calendar-day').locator(`[data-task-id="${id}"][data-state="done"]`).waitFor();
    assert.equal((await sideways(page)).culprits.length, 0);
    await shot(page, 'agenda-calendar-390');

    await page.goto(`${server.baseUrl}/clients/${client.id}`);
    await page.getByRole('tab', { name: 'Задачи' }).click();
    await page.getByLabel('Показать выполненные и отменённые').check();
    await page.getByTestId('client-tasks').locator(`[data-task-id="${id}"][data-state="done"]`).waitFor();
    const task = await api<{ state: string; kind: string; durationMinutes: number; remindBeforeMinutes: number }>('GET', `/tasks/${id}`);
    assert.deepEqual([task.body.state, task.body.kind, task.body.durationMinutes, task.body.remindBeforeMinutes], ['done', 'meeting', 45, 30]);
  } finally {
    await context.close();
  }
});
