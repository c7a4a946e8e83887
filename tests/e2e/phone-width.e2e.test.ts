/**
 * Every page on a phone (390×844) and on a laptop (1366×768), in Russian, as the role that uses it, against
 * the product as `npm start` runs it (SQLite, demo data, demo PBX): nothing may scroll the page sideways
 * (wide tables scroll inside their own box). Then the audit log as a manager: objects by name, actions in
 * words, the export entry without a broken link, and the filters.
 *
 * Run (after `npm run build`): node --import tsx --test tests/e2e/phone-width.e2e.test.ts
 * Needs Chromium at /usr/bin/chromium; screenshots go to tests/artifacts/ (phone-*.png, laptop-*.png).
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { ARTIFACTS, DEMO_PASSWORD, eventually as poll, launchChromium, sideways, startDemoServer, type DemoServer } from '../helpers/e2e';

/** Ceiling for one step to show in the browser (a hung page fails instead of waiting forever). */
const STEP_LIMIT_MS = 30_000;

let server: DemoServer | undefined;
let base = '';
let browser: Browser | undefined;

/** Retries an assertion until it holds (the page updates asynchronously); gives up after `limitMs`. */
const eventually = <T>(check: () => Promise<T>, limitMs = STEP_LIMIT_MS) => poll(check, limitMs);

before(async () => {
  // The demo, as a new user meets it: nothing configured (demo data as `auto` decides, the demo PBX on).
  server = await startDemoServer('phone', { DEMO_DATA: 'auto', DEMO_PBX: '1' });
  base = server.baseUrl;
  browser = await launchChromium();
});

after(async () => {
  await browser?.close().catch(() => undefined);
  await server?.stop();
});

async function signedIn(login: string | null, width: number, height: number): Promise<BrowserContext> {
  const context = await browser!.newContext({ locale: 'ru-RU', viewport: { width, height }, deviceScaleFactor: 1, hasTouch: width < 500 });
  if (login) {
    const res = await context.request.post(`${base}/api/auth/login`, { data: { login, password: DEMO_PASSWORD } });
    assert.equal(res.status(), 200, `${login} signs in`);
    // The UI's language follows the user's; the demo users have none set, so the browser's (Russian) applies.
  }
  return context;
}

type PageCase = { name: string; login: string | null; path: string; ready: (page: Page) => Promise<unknown> };

/** The first client with a history: the card then has calls, deals and notes to lay out. */
async function clientWithHistory(context: BrowserContext): Promise<number> {
  const res = await context.request.get(`${base}/api/clients?limit=1&sort=revenue&order=desc`);
  return ((await res.json()) as { items: { id: number }[] }).items[0]!.id;
}

const PAGES: PageCase[] = [
  { name: 'login', login: null, path: '/login', ready: (p) => p.getByRole('button', { name: 'Войти' }).waitFor() },
  { name: 'console', login: 'operator1', path: '/console', ready: (p) => p.locator('h1').first().waitFor() },
  { name: 'clients', login: 'operator1', path: '/clients', ready: (p) => p.locator('table tbody tr').first().waitFor() },
  { name: 'client-card', login: 'operator1', path: '', ready: (p) => p.locator('h1').first().waitFor() },
  { name: 'wallboard', login: 'supervisor', path: '/wallboard', ready: (p) => p.getByTestId('teams-table').waitFor() },
  { name: 'rules', login: 'manager', path: '/rules', ready: (p) => p.locator('h1').first().waitFor() },
  { name: 'audit', login: 'manager', path: '/audit', ready: (p) => p.getByTestId('audit-row').first().waitFor() },
  { name: 'admin-users', login: 'manager', path: '/admin', ready: (p) => p.locator('tr[data-user-login="operator1"]').waitFor() },
  { name: 'admin-teams', login: 'manager', path: '/admin?tab=teams', ready: (p) => p.getByRole('table', { name: 'Команды' }).waitFor() },
];

for (const [label, width, height] of [
  ['phone', 390, 844],
  ['laptop', 1366, 768],
] as const) {
  test(`every page fits the screen sideways on a ${label} (${width}×${height}), in Russian`, async (t) => {
    for (const pc of PAGES) {
      await t.test(pc.name, async () => {
        const context = await signedIn(pc.login, width, height);
        try {
          const page = await context.newPage();
          const errors: string[] = [];
          page.on('pageerror', (err) => errors.push(err.message));
          const path = pc.name === 'client-card' ? `/clients/${await clientWithHistory(context)}` : pc.path;
          await page.goto(`${base}${path}`);
          await pc.ready(page).catch(async (err: Error) => {
            await page.screenshot({ path: join(ARTIFACTS, `${label}-${pc.name}-failed.png`) });
            throw err;
          });
          await page.locator('.spinner').first().waitFor({ state: 'detached', timeout: STEP_LIMIT_MS }).catch(() => undefined);
          await page.screenshot({ path: join(ARTIFACTS, `${label}-${pc.name}.png`), fullPage: true });
          const o = await sideways(page);
          assert.equal(o.innerWidth, width);
          assert.ok(o.scrollWidth <= o.innerWidth, `${pc.name}: the page scrolls sideways (${o.scrollWidth} > ${o.innerWidth}): ${o.culprits.join(', ')}`);
          assert.deepEqual(errors, [], 'no script errors');
          if (width < 500 && pc.login) {
            // The navigation folds away behind a menu button and still reaches every page of the role.
            const toggle = page.getByRole('button', { name: 'Меню' });
            await toggle.click();
            await page.getByRole('navigation').getByRole('link').first().waitFor();
            await page.screenshot({ path: join(ARTIFACTS, `${label}-${pc.name}-menu.png`) });
            const open = await sideways(page);
            assert.ok(open.scrollWidth <= open.innerWidth, `${pc.name} with the menu open: ${open.culprits.join(', ')}`);
          }
        } finally {
          await context.close();
        }
      });
    }
  });
}

test('the audit log names its objects, says its actions in words, and filters by user, object and date', async () => {
  const context = await signedIn('manager', 1366, 900);
  try {
    // A manager exports the base: the entry is about the whole base, not a client "NaN".
    assert.equal((await context.request.get(`${base}/api/clients/export?stage=customer`)).status(), 200);
    const page = await context.newPage();
    await page.goto(`${base}/audit`);
    const rows = page.getByTestId('audit-row');
    await rows.first().waitFor();
    const exp = page.locator('[data-testid="audit-row"][data-action^="export"]').first();
    await exp.waitFor();
    const text = await exp.innerText();
    assert.match(text, /Выгрузка/, 'the action in words');
    assert.match(text, /вся база/);
    assert.doesNotMatch(text, /export|NaN/);
    assert.equal(await page.locator('a[href*="NaN"]').count(), 0, 'no link to /clients/NaN');
    assert.equal(await page.locator('[data-testid="audit-row"] td:nth-child(3)').evaluateAll((tds) => tds.filter((td) => /^[a-z_]+$/.test(td.textContent?.trim() ?? '')).length), 0, 'no action shown as its key');

    // By object: the callbacks the router moved at start, by the client's name, with before → after.
    await page.getByTestId('audit-filter-entity').selectOption('callback');
    await page.locator('[data-testid="audit-row"][data-entity="callback"]').first().waitFor();
    await page.waitForURL(/entity=callback/);
    await eventually(async () => {
      const entities = await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-entity')));
      assert.ok(entities.length > 0 && entities.every((e) => e === 'callback'), 'only callbacks');
    });
    const moved = page.locator('[data-testid="audit-row"][data-action="reassign"]').first();
    assert.match(await moved.innerText(), /Передача[\s\S]*Перезвон:\s*\S+[\s\S]*Исполнитель: .+ → .+/);
    assert.ok((await moved.getByRole('link').count()) === 1, 'the callback links to its client card');
    await page.screenshot({ path: join(ARTIFACTS, 'audit-callbacks.png'), fullPage: false });

    // By object id and by user.
    const id = await page.locator('[data-testid="audit-row"][data-entity="callback"]').first().getAttribute('data-entity-id');
    if (id) {
      await page.getByTestId('audit-filter-id').fill(id);
      await page.waitForURL(new RegExp(`id=${id}`));
    }
    await page.getByTestId('audit-filter-entity').selectOption('');
    await page.getByTestId('audit-filter-actor').selectOption({ label: 'Светлана Орлова' });
    await page.waitForURL(/actor=\d+/);
    await eventually(async () => {
      const actors = await page.locator('[data-testid="audit-row"] td:nth-child(2)').allInnerTexts();
      assert.ok(actors.length > 0 && actors.every((a) => a === 'Светлана Орлова'), 'only the manager’s entries');
    });

    // By date: tomorrow has nothing yet; today has the export.
    const day = (offset: number) => {
      const d = new Date(Date.now() + offset * 86400_000);
      return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
    };
    await page.getByTestId('audit-filter-from').fill(day(1));
    await page.getByText('Журнал аудита пуст.').waitFor();
    await page.getByTestId('audit-filter-from').fill(day(0));
    await page.getByTestId('audit-filter-to').fill(day(0));
    await page.locator('[data-testid="audit-row"][data-action^="export"]').first().waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'audit-filtered.png'), fullPage: false });
  } finally {
    await context.close();
  }
});
