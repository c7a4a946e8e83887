/**
 * Duplicates in a real browser against the real server: the card's "Possible duplicates" with the merge
 * confirmation (who stays, what moves), the merge itself, the duplicates page reached from the clients list,
 * an operator who sees duplicates but cannot merge, and a phone-sized screen.
 *
 * Run: flock /tmp/client-build.lock sh -c 'npm run --silent build >/dev/null && node --import tsx --test tests/e2e/duplicates.e2e.test.ts'
 * Screenshots (Russian, 1366×768 and 390×844) go to tests/artifacts/duplicates-*.png. Nothing here
 * measures time: the limits only stop a hung run.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { apiAs, ARTIFACTS, eventually, getOk, launchChromium, sideways, signIn, startDemoServer, type DemoServer } from '../helpers/e2e';

type Client = { id: number; name: string; phones: { e164: string | null; raw: string }[]; emails: string[] };

let server: DemoServer;
let browser: Browser | undefined;
let api: ReturnType<typeof getOk>;
let seq = 0;

/** A valid Russian mobile, and the same number as an old import kept it (a trunk "0": it does not normalize). */
function number() {
  const d = `916${String(7_100_000 + ++seq * 37 + (process.pid % 1000) * 1000).slice(-7)}`;
  return { e164: `+7${d}`, raw: `(0${d.slice(0, 3)}) ${d.slice(3, 6)}-${d.slice(6, 8)}-${d.slice(8)}` };
}

async function pair(name: string, swapped: string) {
  const n = number();
  const manager = post;
  const a = await manager<Client>('/clients', { name, phones: [n.e164], emails: [`${seq}.keep@example.ru`], tags: ['vip'] });
  const b = await manager<Client>('/clients', { name: swapped, phones: [n.raw, number().e164], emails: [`dup${seq}@example.ru`], source: 'выставка', birthday: '1985-03-08' });
  await manager(`/clients/${b.id}/notes`, { body: 'Звонила с домашнего' });
  await manager(`/clients/${b.id}/deals`, { title: 'Подписка', amount: 12000, closedAt: '2026-11-02' });
  return { a, b };
}

/** POST as the manager, expecting 200 or 201. */
let post: <T = unknown>(path: string, body: unknown) => Promise<T>;

const shot = (page: Page, name: string, fullPage = true) => page.screenshot({ path: join(ARTIFACTS, `duplicates-${name}.png`), fullPage });

async function managerPage(width: number, height: number): Promise<Page> {
  assert.ok(browser);
  const context = await browser.newContext({ locale: 'ru-RU', viewport: { width, height } });
  return context.newPage();
}

before(async () => {
  server = await startDemoServer('duplicates');
  const manager = await apiAs(server.baseUrl, 'manager');
  api = getOk(manager.api);
  post = async <T,>(path: string, body: unknown) => {
    const res = await manager.api<T>('POST', path, body);
    assert.ok(res.status === 200 || res.status === 201, `${path}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
  browser = await launchChromium();
});

after(async () => {
  await browser?.close().catch(() => undefined);
  await server?.stop();
});

test('the card shows the possible duplicate; the manager confirms a merge that shows who stays and what moves', async () => {
  const { a, b } = await pair('Анна Дубликатова', 'ДУБЛИКАТОВА, Анна');
  const page = await managerPage(1366, 768);
  await signIn(page, server.baseUrl, `/clients/${a.id}`, 'manager');
  const panel = page.getByTestId('duplicates-panel');
  await panel.getByRole('heading', { name: /Возможные дубли/ }).waitFor();
  const item = panel.getByTestId('duplicate-item').filter({ hasText: b.name });
  await item.getByText('тот же телефон').waitFor();
  await item.getByText('похожее имя').waitFor();
  await shot(page, 'card-1366');

  await item.getByRole('button', { name: 'Объединить…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Объединение клиентов' });
  await dialog.getByTestId('merge-moves').waitFor();
  assert.match(await dialog.getByRole('region', { name: 'Остаётся' }).innerText(), /Анна Дубликатова/);
  assert.match(await dialog.getByRole('region', { name: 'Вливается и удаляется' }).innerText(), /ДУБЛИКАТОВА, Анна/);
  const moves = await dialog.getByTestId('merge-moves').innerText();
  assert.match(moves, /сделки: 1/);
  assert.match(moves, /заметки: 1/);
  assert.match(moves, /телефоны: 1/, 'the number spelled twice is kept once, the other one moves');
  assert.match(await dialog.innerText(), /Заполнятся пустые поля: день рождения, источник/);
  await shot(page, 'merge-dialog-1366', false);

  await dialog.getByTestId('merge-confirm').click();
  await page.getByText(`«${b.name}» объединён с «${a.name}».`).waitFor();
  await eventually(async () => assert.equal(await page.getByTestId('duplicates-panel').count(), 0));
  const merged = await api<Client>(`/clients/${a.id}`);
  assert.equal(merged.phones.length, 2);
  assert.equal(merged.emails.length, 2);
  const deals = await api<{ items: unknown[] }>(`/clients/${a.id}/deals`);
  assert.equal(deals.items.length, 1);
  await page.context().close();
});

test('managers reach the duplicates page from the clients list, filter by reason and merge a group', async () => {
  const { a, b } = await pair('Борис Повторов', 'Повторов Борис');
  const page = await managerPage(1366, 768);
  await signIn(page, server.baseUrl, '/clients', 'manager');
  await page.getByTestId('clients-duplicates').click();
  await page.getByRole('heading', { name: 'Дубли', level: 1 }).waitFor();
  await page.getByTestId('duplicates-total').waitFor();
  await page.getByRole('tab', { name: 'тот же телефон' }).click();
  const group = page.getByTestId('duplicate-group').filter({ hasText: b.name }).filter({ hasText: 'тот же телефон' });
  await group.waitFor();
  await shot(page, 'page-1366');
  await group.getByRole('listitem').filter({ hasText: a.name }).getByRole('button', { name: 'Оставить этого' }).click();
  const dialog = page.getByRole('dialog', { name: 'Объединение клиентов' });
  await dialog.getByTestId('merge-moves').waitFor();
  await dialog.getByTestId('merge-confirm').click();
  await page.getByText(`«${b.name}» объединён с «${a.name}».`).waitFor();
  await eventually(async () => assert.equal(await page.getByTestId('duplicate-group').filter({ hasText: b.name }).count(), 0));
  const gone = await apiAs(server.baseUrl, 'manager').then((m) => m.api('GET', `/clients/${b.id}`));
  assert.equal(gone.status, 404);
  await page.context().close();
});

test('an operator sees a card’s possible duplicates but no merge, and no duplicates page', async () => {
  const { a, b } = await pair('Вера Двойникова', 'Двойникова Вера');
  const page = await managerPage(1366, 768);
  await signIn(page, server.baseUrl, `/clients/${a.id}`, 'operator1');
  const panel = page.getByTestId('duplicates-panel');
  await panel.getByText(b.name).waitFor();
  await panel.getByText('Объединить их может менеджер.').waitFor();
  assert.equal(await panel.getByRole('button', { name: 'Объединить…' }).count(), 0);
  await page.goto(`${server.baseUrl}/clients`);
  await page.getByRole('heading', { name: 'Клиенты', level: 1 }).waitFor();
  assert.equal(await page.getByTestId('clients-duplicates').count(), 0);
  await page.context().close();
});

test('on a phone (390 px) the card’s panel, the dialog and the page fit the width', async () => {
  const { a } = await pair('Галина Копиева', 'Копиева Галина');
  const page = await managerPage(390, 844);
  await signIn(page, server.baseUrl, `/clients/${a.id}`, 'manager');
  const panel = page.getByTestId('duplicates-panel');
  await panel.getByTestId('duplicate-item').first().waitFor();
  await shot(page, 'card-390');
  let wide = await sideways(page);
  assert.ok(wide.scrollWidth <= wide.innerWidth, JSON.stringify(wide));
  await panel.getByRole('button', { name: 'Объединить…' }).first().click();
  await page.getByRole('dialog', { name: 'Объединение клиентов' }).getByTestId('merge-moves').waitFor();
  await shot(page, 'merge-dialog-390', false);
  await page.getByRole('dialog').getByRole('button', { name: 'Отмена' }).click();
  await page.goto(`${server.baseUrl}/clients/duplicates`);
  await page.getByTestId('duplicate-group').first().waitFor();
  await shot(page, 'page-390', false);
  wide = await sideways(page);
  assert.ok(wide.scrollWidth <= wide.innerWidth, JSON.stringify(wide));
  await page.context().close();
});
