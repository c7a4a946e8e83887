/**
 * Organizations in a real browser against the real server (demo data, Russian) and a simulated Asterisk:
 * the manager links people who only had a company typed to a new organization card, the organization's
 * card opens on its contact people and lists their calls beside the switchboard's, a contact person is
 * added from the card, a person is linked with the organization picker, and the switchboard's call pops
 * the organization with who to ask for. Screenshots at 1366 and 390 px go to tests/artifacts/.
 *
 * Run: flock /tmp/client-build.lock sh -c 'npm run --silent build >/dev/null && node --import tsx --test tests/e2e/organizations.e2e.test.ts'
 * Needs Chromium at /usr/bin/chromium. The limits below only stop a hung run.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { AmiServer, inboundCall } from '../../telephony/simulator';
import { apiAs, ARTIFACTS, deleteRoutingRules, eventually, getOk, launchChromium, sideways, signIn, startDemoServer, type Api, type DemoServer } from '../helpers/e2e';

type Phone = { e164: string | null; raw: string };
type Client = { id: number; name: string; kind: string; organization: string | null; organizationId: number | null; position: string | null; phones: Phone[] };
type Unlinked = { organization: string; people: number; match: { id: number; name: string } | null };

const STEP_LIMIT_MS = 20_000;
let sim: AmiServer | undefined;
let server: DemoServer;
let baseUrl = '';
let browser: Browser | undefined;
let managerApi: Api;
let api: ReturnType<typeof getOk>;

const shot = (page: Page, name: string) => page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });

before(async () => {
  sim = new AmiServer({ username: 'crm', secret: 'e2e', speed: 1 });
  const amiPort = await sim.listen(0);
  server = await startDemoServer('organizations', { AMI_URL: `ami://crm:e2e@127.0.0.1:${amiPort}` }, { pbxConnected: true });
  baseUrl = server.baseUrl;
  ({ api: managerApi } = await apiAs(baseUrl, 'manager'));
  api = getOk(managerApi);
  await deleteRoutingRules(managerApi);
  browser = await launchChromium();
});

after(async () => {
  await browser?.close().catch(() => undefined);
  await server?.stop();
  await sim?.close().catch(() => undefined);
});

/** A demo organization with contact people (the demo links people to half of them). */
async function organizationWithPeople(): Promise<{ org: Client; people: Client[] }> {
  const orgs = await api<{ items: Client[] }>('/clients?kind=organization&limit=200');
  for (const org of orgs.items) {
    const people = await api<{ items: Client[] }>(`/clients?organizationId=${org.id}`);
    if (people.items.length >= 2 && org.phones[0]?.e164) return { org, people: people.items };
  }
  throw new Error('the demo has no organization with two contact people');
}

test('a manager links typed company names, works an organization’s card and its people, and the switchboard pops who to ask for', async (t) => {
  assert.ok(browser);
  const context = await browser.newContext({ locale: 'ru-RU', timezoneId: 'Europe/Moscow', viewport: { width: 1366, height: 900 } });
  const page = await context.newPage();
  try {
    await t.test('the clients page offers the typed company names for linking; one becomes a card with its people', async () => {
      const offer = await api<{ items: Unlinked[]; total: number }>('/organizations/unlinked?limit=50');
      assert.ok(offer.total > 0, 'the demo has people with a company typed only');
      const first = offer.items[0]!;
      await signIn(page, baseUrl, '/clients', 'manager');
      const panel = page.getByTestId('unlinked-organizations');
      await panel.getByRole('button', { name: /Проверить компании/ }).click();
      const row = panel.getByRole('row').filter({ hasText: first.organization });
      await shot(page, 'e2e-organizations-unlinked');
      await row.getByRole('button', { name: first.match ? 'Привязать к этой карточке' : 'Создать карточку и привязать' }).click();
      await panel.getByText(`привязан`, { exact: false }).first().waitFor({ timeout: STEP_LIMIT_MS });
      await panel.getByRole('link', { name: 'Открыть карточку' }).click();
      await page.getByRole('heading', { level: 1, name: first.organization }).waitFor({ timeout: STEP_LIMIT_MS });
      const people = page.getByRole('table', { name: 'Контактные лица организации' }).locator('tbody tr');
      await eventually(async () => assert.equal(await people.count(), first.people));
    });

    const { org, people } = await organizationWithPeople();
    await t.test('an organization’s card opens on its people; its calls list who talked', async () => {
      await page.goto(`${baseUrl}/clients/${org.id}`);
      await page.getByRole('heading', { level: 1, name: org.name }).waitFor({ timeout: STEP_LIMIT_MS });
      assert.equal(await page.getByRole('tab', { name: 'Контактные лица' }).getAttribute('aria-selected'), 'true');
      const rows = page.getByRole('table', { name: 'Контактные лица организации' }).locator('tbody tr');
      await eventually(async () => assert.equal(await rows.count(), people.length));
      assert.ok((await rows.first().innerText()).includes(people[0]!.name));
      await shot(page, 'e2e-organization-card');
      await page.getByRole('tab', { name: 'Звонки' }).click();
      await page.getByRole('columnheader', { name: 'Контакт' }).waitFor({ timeout: STEP_LIMIT_MS });
    });

    await t.test('a contact person is added from the card and shows the organization and position', async () => {
      await page.goto(`${baseUrl}/clients/${org.id}`);
      await page.getByRole('button', { name: 'Добавить контактное лицо' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByLabel('Имя *').fill('Зоя Лебедева');
      await dialog.getByLabel('Должность').fill('Коммерческий директор');
      await dialog.getByRole('button', { name: 'Создать клиента' }).click();
      await page.getByRole('heading', { level: 1, name: 'Зоя Лебедева' }).waitFor({ timeout: STEP_LIMIT_MS });
      const meta = await page.locator('.summary-meta').innerText();
      assert.match(meta, /Коммерческий директор/);
      assert.ok(meta.includes(org.name));
      await page.locator('.summary-meta').getByRole('link', { name: org.name }).waitFor();
    });

    await t.test('the picker links a person to an organization card', async () => {
      const created = await managerApi<Client>('POST', '/clients', { name: 'Глеб Соколов' });
      assert.equal(created.status, 201);
      await page.goto(`${baseUrl}/clients/${created.body.id}`);
      await page.getByRole('button', { name: 'Изменить' }).first().click();
      const picker = page.getByTestId('organization-picker');
      await picker.fill(org.name.slice(0, 6));
      // The datalist offers the cards; choosing one is typing its exact name.
      await eventually(async () => assert.ok((await page.locator('datalist option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value))).includes(org.name)));
      await picker.fill(org.name);
      await page.getByText(`Привязан к карточке «${org.name}»`).waitFor({ timeout: STEP_LIMIT_MS });
      await page.getByRole('button', { name: 'Сохранить' }).click();
      await eventually(async () => assert.equal((await api<Client>(`/clients/${created.body.id}`)).organizationId, org.id));
    });

    await t.test('the organization card at phone width', async () => {
      await page.setViewportSize({ width: 390, height: 844 });
      await page.goto(`${baseUrl}/clients/${org.id}`);
      await page.getByRole('table', { name: 'Контактные лица организации' }).waitFor({ timeout: STEP_LIMIT_MS });
      await shot(page, 'e2e-organization-card-phone');
      const wide = await sideways(page);
      assert.ok(wide.scrollWidth <= wide.innerWidth, `no sideways scroll at 390 px: ${wide.culprits.join(', ')}`);
      await page.setViewportSize({ width: 1366, height: 900 });
    });

    await t.test('the switchboard rings: the pop shows the organization and who to ask for', async () => {
      const opContext = await browser!.newContext({ locale: 'ru-RU', timezoneId: 'Europe/Moscow', viewport: { width: 1366, height: 900 } });
      const op = await opContext.newPage();
      await signIn(op, baseUrl, '/console', 'operator1');
      await op.getByRole('group', { name: 'Сменить статус' }).getByRole('button', { name: 'Доступен' }).click();
      await op.locator('[data-testid="agent-state"][data-state="available"]').waitFor({ timeout: STEP_LIMIT_MS });
      const playing = sim!.play(inboundCall(sim!.pbx, { caller: { number: org.phones[0]!.e164!, name: '' }, attempts: [{ ext: '101', ringMs: 4_000, answered: false }], talkMs: 0 }, sim!.clock.now()));
      await op.getByTestId('pop-people').waitFor({ timeout: STEP_LIMIT_MS });
      assert.equal(await op.getByTestId('pop-client-name').innerText(), org.name);
      const listed = await op.getByTestId('pop-people').innerText();
      for (const p of people) assert.ok(listed.includes(p.name), `${p.name} in the pop`);
      await shot(op, 'e2e-organization-pop');
      await playing;
      await opContext.close();
    });
  } finally {
    await context.close();
  }
});
