/**
 * Saved segments in a real browser against the real server (demo data, Russian): a manager filters the
 * client list, saves the filters as a segment and sees its count in the picker; applies it again from the
 * picker (the list shows the segment's clients); then creates and starts a campaign "from a segment".
 * Screenshots at 1366 and 390 px go to /tmp/segments-*.png.
 *
 * Run: flock /tmp/client-build.lock sh -c 'npm run --silent build >/dev/null && node --import tsx --test tests/e2e/segments.e2e.test.ts'
 * Needs Chromium at /usr/bin/chromium. The limits below only stop a hung run.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { apiAs, eventually, launchChromium, sidewaysOverflow, signIn, startDemoServer, type Api, type DemoServer } from '../helpers/e2e';

let server: DemoServer;
let browser: Browser | undefined;
let managerApi: Api;

const shot = (page: Page, name: string) => page.screenshot({ path: `/tmp/segments-${name}.png`, fullPage: true });

before(async () => {
  server = await startDemoServer('segments');
  ({ api: managerApi } = await apiAs(server.baseUrl, 'manager'));
  browser = await launchChromium();
});

after(async () => {
  await browser?.close().catch(() => undefined);
  await server?.stop();
});

test('a manager saves the list’s filters as a segment, sees its count, applies it, and starts a campaign from it', { timeout: 90_000 }, async () => {
  assert.ok(browser);
  const tag = 'wholesale';
  const total = (await managerApi<{ total: number }>('GET', `/clients?tag=${tag}&class=B&limit=1`)).body.total;
  assert.ok(total > 0, 'demo clients tagged wholesale in class B');
  const name = 'Оптовики B — декабрь';

  const context = await browser.newContext({ locale: 'ru-RU', timezoneId: 'Europe/Moscow', viewport: { width: 1366, height: 768 } });
  const page = await context.newPage();
  try {
    await signIn(page, server.baseUrl, '/clients', 'manager');
    const picker = page.getByLabel('Сегмент', { exact: true });
    // The demo's segments with their counts, once they have arrived.
    await picker.locator('option', { hasText: /^Ключевые клиенты A · \d/ }).waitFor({ state: 'attached' });

    // Filter the list, then save the filters as a segment.
    await page.getByRole('button', { name: 'B', exact: true }).click();
    await page.getByRole('searchbox', { name: 'Метки' }).fill(tag);
    await page.getByTestId('clients-total').filter({ hasText: String(total) }).waitFor();
    await page.getByRole('button', { name: 'Сохранить как сегмент' }).click();
    const dialog = page.getByRole('dialog', { name: 'Сохранить фильтры как сегмент' });
    await dialog.getByLabel('Название сегмента *').fill(name);
    await dialog.getByText(`Клиентов сейчас: ${total}`).waitFor();
    await shot(page, 'save-1366');
    await dialog.getByRole('button', { name: 'Сохранить' }).click();
    await dialog.waitFor({ state: 'detached' });
    const option = `${name} · ${total}`;
    await eventually(async () => assert.equal(await picker.locator('option:checked').textContent(), option));
    const saved = (await managerApi<{ items: { id: number; name: string; filter: Record<string, string>; count: number }[] }>('GET', '/segments')).body.items.find((s) => s.name === name);
    assert.deepEqual(saved && { filter: saved.filter, count: saved.count }, { filter: { class: 'B', tag }, count: total });

    // Back to every client; the picker applies the segment again.
    await picker.selectOption({ label: 'Все клиенты — без сегмента' });
    await page.getByTestId('clients-total').filter({ hasNotText: new RegExp(`^\\D*${total}\\D*$`) }).waitFor();
    await picker.selectOption({ label: option });
    await page.getByTestId('clients-total').filter({ hasText: String(total) }).waitFor();
    assert.match(page.url(), new RegExp(`segment=${saved!.id}`));
    assert.equal(await page.getByRole('searchbox', { name: 'Метки' }).inputValue(), tag, 'the filter bar shows the segment’s filters');
    assert.match((await page.getByTestId('clients-export').getAttribute('href')) ?? '', new RegExp(`segmentId=${saved!.id}`), 'the export takes the segment');
    await shot(page, 'applied-1366');
    await page.getByRole('button', { name: 'Сегменты…' }).click();
    await page.getByRole('dialog', { name: 'Сохранённые сегменты' }).getByText(name).waitFor();
    await shot(page, 'manage-1366');
    await page.keyboard.press('Escape');

    await page.setViewportSize({ width: 390, height: 844 });
    await picker.waitFor();
    assert.ok((await sidewaysOverflow(page)) <= 0, 'the list with its segment bar fits 390 px');
    await shot(page, 'applied-390');
    await page.getByRole('button', { name: 'Сегменты…' }).click();
    await page.getByRole('dialog', { name: 'Сохранённые сегменты' }).getByText(name).waitFor();
    await page.screenshot({ path: '/tmp/segments-manage-390.png' });
    await page.keyboard.press('Escape');
    await page.setViewportSize({ width: 1366, height: 768 });

    // A campaign from the segment (Administration → Обзвоны → Новый обзвон → Из сохранённого сегмента).
    await page.goto(`${server.baseUrl}/admin?tab=campaigns`);
    await page.getByRole('button', { name: 'Новый обзвон' }).click();
    const form = page.getByRole('dialog', { name: 'Новый обзвон' });
    await form.getByLabel('Название *').fill('Обзвон оптовиков B');
    await form.getByRole('button', { name: 'Из сохранённого сегмента' }).click();
    await form.getByLabel('Сегмент', { exact: true }).selectOption({ label: option });
    await form.getByText(`Клиентов сейчас: ${total}`).waitFor();
    await form.getByLabel('Звонить с').selectOption('00:00');
    await form.getByLabel('до', { exact: true }).selectOption('24:00');
    await shot(page, 'campaign-1366');
    await form.getByRole('button', { name: 'Создать' }).click();
    const card = page.locator('li.campaign-card').filter({ hasText: 'Обзвон оптовиков B' });
    await card.getByRole('button', { name: 'Запустить' }).click();
    await card.getByText('Идёт').waitFor();
    const campaignId = Number(await card.getAttribute('data-campaign-id'));
    const campaign = (await managerApi<{ filter: Record<string, string>; segment: { id: number; name: string } | null; status: string; progress: { total: number } }>('GET', `/campaigns/${campaignId}`)).body;
    assert.deepEqual(campaign.segment, { id: saved!.id, name });
    assert.deepEqual(campaign.filter, { class: 'B', tag });
    assert.equal(campaign.status, 'running');
    assert.equal(campaign.progress.total, total);
  } finally {
    await context.close();
  }
});
