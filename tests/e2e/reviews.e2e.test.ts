/**
 * Call reviews in a real browser against the real server (demo data, Russian): a supervisor opens a
 * client's card, presses "Оценить" on operator1's call, scores the demo checklist (the running total in
 * %), comments and saves; operator1 sees the review under "Мои оценки" in the console; the reviews report
 * shows operator1 with the review counted. Screenshots of the review dialog at 1366 and 390 px go to
 * tests/artifacts/ (and /tmp/shots-reviews/ when it exists).
 *
 * Run: flock /tmp/client-build.lock sh -c 'npm run --silent build >/dev/null && node --import tsx --test tests/e2e/reviews.e2e.test.ts'
 * Needs Chromium at /usr/bin/chromium. The limits below only stop a hung run.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { apiAs, ARTIFACTS, eventually, launchChromium, sideways, signIn, startDemoServer, type Api, type DemoServer } from '../helpers/e2e';

type Call = { id: number; clientId: number | null; operatorId: number | null; startedAt: string };
type Review = { id: number; reviewer: { id: number }; percent: number; comment: string | null };

let server: DemoServer;
let baseUrl = '';
let browser: Browser | undefined;
let supervisorApi: Api;
let operator: { id: number; name: string };
let target: Call;
const SHOTS = '/tmp/shots-reviews';
const STEP_LIMIT_MS = 20_000;

/** A dialog is shot as the viewport shows it (a full-page shot would stretch the page behind it). */
const shot = async (page: Page, name: string, fullPage = false) => {
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage });
  if (existsSync(SHOTS)) await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage });
};

before(async () => {
  server = await startDemoServer('reviews');
  baseUrl = server.baseUrl;
  ({ api: supervisorApi } = await apiAs(baseUrl, 'supervisor'));
  const { api: operatorApi } = await apiAs(baseUrl, 'operator1');
  operator = (await operatorApi<{ user: { id: number; name: string } }>('GET', '/auth/me')).body.user;
  const me = (await supervisorApi<{ user: { id: number } }>('GET', '/auth/me')).body.user;
  // An answered call of operator1's with a client, on the first page of that client's history, that the supervisor has not reviewed.
  const calls = (await supervisorApi<{ items: Call[] }>('GET', `/calls?operatorId=${operator.id}&outcome=answered&limit=100`)).body.items;
  for (const call of calls) {
    if (call.clientId === null) continue;
    const history = (await supervisorApi<{ items: Call[] }>('GET', `/calls?clientId=${call.clientId}&limit=20`)).body.items;
    if (!history.some((c) => c.id === call.id)) continue;
    const reviews = (await supervisorApi<{ items: Review[] }>('GET', `/calls/${call.id}/reviews`)).body.items;
    if (reviews.some((r) => r.reviewer.id === me.id)) continue;
    target = call;
    break;
  }
  assert.ok(target, 'no demo call of operator1 to review');
  browser = await launchChromium();
});

after(async () => {
  await browser?.close().catch(() => undefined);
  await server?.stop();
});

test('a supervisor reviews a call in Russian; the operator sees it under My reviews; the report counts it', { timeout: 180_000 }, async () => {
  assert.ok(browser);
  const context = await browser.newContext({ locale: 'ru-RU', timezoneId: 'Europe/Moscow', viewport: { width: 1366, height: 900 } });
  const page = await context.newPage();
  page.setDefaultTimeout(STEP_LIMIT_MS);
  let saved: Review;
  try {
    await signIn(page, baseUrl, `/clients/${target.clientId}`, 'supervisor');
    const button = page.getByTestId(`review-call-${target.id}`);
    await button.waitFor();
    assert.equal(await button.innerText(), 'Оценить');
    await button.click();
    const dialog = page.getByRole('dialog', { name: /Оценка звонка/ });
    await dialog.waitFor();
    const form = dialog.getByTestId('review-form');
    await form.waitFor();
    // The demo checklist, in the manager's order.
    const items = dialog.locator('li[data-review-item]');
    assert.equal(await items.count(), 5);
    assert.match(await items.nth(0).innerText(), /Приветствие по скрипту/);
    assert.match(await items.nth(4).innerText(), /Завершение и договорённость/);

    // Scores: 10/10, 20/25, 15/25, 10/25, 15/15 = 70 of 100.
    for (const [name, points] of [['Приветствие по скрипту', '10'], ['Выявление потребности', '20'], ['Презентация', '15'], ['Работа с возражениями', '10'], ['Завершение и договорённость', '15']] as const) {
      await dialog.getByLabel(name, { exact: true }).fill(points);
    }
    await dialog.getByRole('button', { name: 'Комментарий к «Работа с возражениями»', expanded: false }).click();
    await dialog.getByRole('textbox', { name: 'Комментарий к «Работа с возражениями»' }).fill('На «дорого» — сначала ценность, потом скидка.');
    await dialog.getByLabel('Общий комментарий').fill('Хороший разговор, не хватило работы с возражением по цене.');
    await eventually(async () => assert.match(await dialog.getByTestId('review-total').innerText(), /70 из 100\s*70 %/));
    await shot(page, 'reviews-dialog-1366');

    await dialog.getByRole('button', { name: 'Сохранить оценку' }).click();
    // Once in a full run (two browsers and the demo servers' SQLite beside it) the dialog was still open after
    // 20 s; alone it closes in about a second. Not reproduced: a slow save is the likely cause, so it waits longer.
    await dialog.waitFor({ state: 'detached', timeout: 60_000 });
    saved = await eventually(async () => {
      const reviews = (await supervisorApi<{ items: Review[] }>('GET', `/calls/${target.id}/reviews`)).body.items;
      const mine = reviews.find((r) => r.comment?.startsWith('Хороший разговор'));
      assert.ok(mine);
      return mine;
    });
    assert.equal(saved.percent, 70);

    // Opened again, the dialog shows the saved review to edit.
    await button.click();
    await dialog.getByTestId('review-form').waitFor();
    assert.equal(await dialog.getByLabel('Презентация', { exact: true }).inputValue(), '15');
    await dialog.getByRole('button', { name: 'Отмена' }).click();

    // The report: operator1 with the review counted, the same figures as the API.
    await page.goto(`${baseUrl}/reports?report=reviews`);
    const table = page.getByTestId('reviews-report-table');
    await table.waitFor();
    const api = (await supervisorApi<{ items: { operatorId: number; reviews: number; avgPercent: number }[] }>('GET', '/reports/reviews')).body.items.find((o) => o.operatorId === operator.id);
    assert.ok(api && api.reviews >= 1);
    const row = table.locator(`tr[data-operator="${operator.id}"]`);
    const cells = await row.locator('td').allInnerTexts();
    assert.equal(cells[0], operator.name);
    assert.equal(cells[1], String(api.reviews));
    assert.equal(cells[2]!.replace(/\s/g, ' ').replace(',', '.'), `${api.avgPercent} %`.replace(/\s/g, ' '));
    await page.getByTestId('reviews-chart').waitFor();
    await shot(page, 'reviews-report-1366', true);
  } finally {
    await context.close();
  }

  // The operator sees the review of their call in the console.
  const opContext = await browser.newContext({ locale: 'ru-RU', timezoneId: 'Europe/Moscow', viewport: { width: 1366, height: 900 } });
  const opPage = await opContext.newPage();
  opPage.setDefaultTimeout(STEP_LIMIT_MS);
  try {
    await signIn(opPage, baseUrl, '/console', 'operator1');
    const panel = opPage.getByTestId('my-reviews');
    await panel.getByRole('heading', { name: 'Мои оценки' }).waitFor();
    const review = panel.locator(`li[data-review="${saved.id}"]`);
    await review.waitFor();
    assert.match(await review.innerText(), /70 %[\s\S]*Хороший разговор, не хватило работы с возражением по цене\./);
    await review.locator('summary').click();
    assert.match(await review.innerText(), /Работа с возражениями\s*10 \/ 25[\s\S]*На «дорого» — сначала ценность/);
    await panel.scrollIntoViewIfNeeded();
    await shot(opPage, 'reviews-mine-1366');
  } finally {
    await opContext.close();
  }
});

test('the review dialog fits a 390 px phone', { timeout: 120_000 }, async () => {
  assert.ok(browser);
  const context = await browser.newContext({ locale: 'ru-RU', timezoneId: 'Europe/Moscow', viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  page.setDefaultTimeout(STEP_LIMIT_MS);
  try {
    await signIn(page, baseUrl, `/clients/${target.clientId}`, 'supervisor');
    await page.getByTestId(`review-call-${target.id}`).click();
    const dialog = page.getByRole('dialog', { name: /Оценка звонка/ });
    await dialog.getByTestId('review-form').waitFor();
    const box = await dialog.boundingBox();
    assert.ok(box && box.width <= 390, `the dialog is ${box?.width}px wide`);
    const over = await sideways(page);
    assert.equal(over.scrollWidth - over.innerWidth, 0, `sideways scroll: ${JSON.stringify(over)}`);
    await shot(page, 'reviews-dialog-390');
  } finally {
    await context.close();
  }
});

test('a manager keeps the checklist in Administration → Оценки: adds an item with its points, sees it last, retires it', { timeout: 120_000 }, async () => {
  assert.ok(browser);
  const context = await browser.newContext({ locale: 'ru-RU', timezoneId: 'Europe/Moscow', viewport: { width: 1366, height: 900 } });
  const page = await context.newPage();
  page.setDefaultTimeout(STEP_LIMIT_MS);
  try {
    await signIn(page, baseUrl, '/admin?tab=reviews', 'manager');
    const panel = page.getByTestId('review-checklist-panel');
    await panel.getByRole('heading', { name: 'Чек-лист оценки звонков' }).waitFor();
    const rows = panel.locator('tr[data-review-item]');
    await eventually(async () => assert.equal(await rows.count(), 5));
    await panel.getByRole('button', { name: '+ Добавить пункт' }).click();
    const dialog = page.getByRole('dialog', { name: 'Новый пункт чек-листа' });
    await dialog.getByLabel('Текст по-русски *').fill('Вежливость и тон');
    await dialog.getByLabel('Текст по-украински *').fill('Ввічливість і тон');
    await dialog.getByLabel('Текст по-английски *').fill('Courtesy and tone');
    await dialog.getByLabel('Максимум баллов *').fill('5');
    await dialog.getByRole('button', { name: 'Сохранить' }).click();
    await dialog.waitFor({ state: 'detached' });
    await eventually(async () => assert.equal(await rows.count(), 6));
    const added = rows.nth(5);
    assert.match(await added.innerText(), /Вежливость и тон[\s\S]*Ввічливість і тон · Courtesy and tone[\s\S]*5[\s\S]*Используется/);
    await added.getByRole('button', { name: 'Вывести: Вежливость и тон' }).click();
    await eventually(async () => assert.match(await added.innerText(), /Выведен/));
    assert.equal((await sideways(page)).scrollWidth, 1366, 'the administration tabs fit at 1366 px');
    await shot(page, 'reviews-checklist-1366');
  } finally {
    await context.close();
  }
});
