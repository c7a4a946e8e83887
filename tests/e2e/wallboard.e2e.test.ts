/**
 * The supervisor wallboard in a real browser against the real server and a simulated Asterisk: the
 * simulator plays a known sequence (two inbound calls answered by 101 and 102, one caller who gives up
 * in the queue, one outbound call by 103 that the client answers). While it plays, the board shows the
 * operators on their calls and the caller waiting; once it is over, the floor's numbers on the board are
 * the API's, and the API's are what was there before plus the sequence. Then full screen, the other
 * languages, the history; and a manager's target (the long-call limit) highlights a long call.
 *
 * Run: flock /tmp/client-build.lock sh -c 'npm run --silent build >/dev/null && node --import tsx --test tests/e2e/wallboard.e2e.test.ts'
 * Needs Chromium at /usr/bin/chromium (Debian: apt-get install -y chromium); screenshots go to
 * tests/artifacts/. Nothing here measures time: the limits below only stop a hung run. The simulator
 * runs 5x faster than the wall clock, so a "60 s" call takes 12 s.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { AmiServer, inboundCall, outboundCall } from '../../telephony/simulator';
import { apiAs, ARTIFACTS, eventually as poll, getOk, launchChromium, signIn, startDemoServer, type DemoServer } from '../helpers/e2e';

/** Ceiling for one step to show in the browser. */
const STEP_LIMIT_MS = 30_000;
const SPEED = 5;

type Kpis = { calls: number; inbound: number; outbound: number; answered: number; missed: number; abandoned: number; abandonRate: number | null; avgTalkSeconds: number | null; serviceLevel: number | null };
type KpiSnapshot = { at: string; floor: Kpis; operators: (Kpis & { id: number; name: string })[] };
type FloorAgent = { id: number; name: string; extension: string | null; state: string };

let sim: AmiServer | undefined;
let server: DemoServer;
let baseUrl = '';
let browser: Browser | undefined;
let api: ReturnType<typeof getOk>;

// ---------- API and page helpers ----------

/** Retries an assertion until it holds (the UI and the KPIs update asynchronously); gives up after `limitMs`. */
const eventually = <T>(check: () => Promise<T> | T, limitMs = STEP_LIMIT_MS) => poll(check, limitMs);

async function screenshot(page: Page, name: string, fullPage = false) {
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage });
}

async function newContext(): Promise<BrowserContext> {
  assert.ok(browser);
  // A Russian browser, on a big screen on the floor's wall.
  return browser.newContext({ locale: 'ru-RU', viewport: { width: 1600, height: 900 } });
}

/** Opens the wallboard as `login` (through the sign-in page) and waits for the live link and the floor. */
async function openWallboard(page: Page, login: string) {
  await signIn(page, baseUrl, '/wallboard', login);
  await page.waitForURL(/\/wallboard$/);
  await page.getByRole('heading', { level: 1, name: 'Табло' }).waitFor();
  await page.locator('[data-testid="connection-status"][data-status="live"]').waitFor({ timeout: STEP_LIMIT_MS });
  await eventually(async () => assert.equal(await page.getByTestId('floor-agent').count(), 8));
}

const tile = (page: Page, ext: string) => page.locator(`[data-testid="floor-agent"][data-ext="${ext}"]`);
const digitsOf = (s: string) => s.replace(/\D/g, '');

/** A KPI tile's raw value (its data-value), as a number. */
async function tileValue(page: Page, scope: string, key: string): Promise<number | null> {
  const v = await page.getByTestId(`kpi-${scope}-${key}`).getAttribute('data-value');
  return v === null || v === '' ? null : Number(v);
}

const FLOOR_KEYS = ['calls', 'inbound', 'outbound', 'answered', 'missed', 'abandoned', 'avgTalkSeconds', 'serviceLevel'] as const;

// ---------- lifecycle ----------

before(async () => {
  // The PBX: the AMI simulator in this process, so the test decides which call happens and when.
  sim = new AmiServer({ username: 'crm', secret: 'wb', speed: SPEED });
  const amiPort = await sim.listen(0);

  server = await startDemoServer('wallboard', { AMI_URL: `ami://crm:wb@127.0.0.1:${amiPort}` }, { pbxConnected: true });
  baseUrl = server.baseUrl;
  api = getOk((await apiAs(baseUrl, 'supervisor')).api);
  browser = await launchChromium();
});

after(async () => {
  await browser?.close().catch(() => undefined);
  await server?.stop();
  await sim?.close().catch(() => undefined);
});

// ---------- the tests ----------

test('the board follows a known call sequence live and ends on the API’s numbers', async (t) => {
  assert.ok(sim);
  const s = sim;
  const context = await newContext();
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (err) => pageErrors.push(err.message));

  try {
    const agents = (await api<{ agents: FloorAgent[] }>('/floor')).agents;
    const byExt = new Map(agents.map((a) => [a.extension, a]));
    const op101 = byExt.get('101');
    const op103 = byExt.get('103');
    assert.ok(op101 && byExt.get('102') && op103, 'the demo floor has operators 101–103');

    await openWallboard(page, 'supervisor');
    // The demo seed writes past days only; whatever today holds already, the sequence adds to it.
    const before = await api<KpiSnapshot>('/kpis?window=today');
    await eventually(async () => assert.equal(await tileValue(page, 'floor', 'calls'), before.floor.calls));
    const opBefore = (id: number) => before.operators.find((o) => o.id === id) ?? { calls: 0, outbound: 0, answered: 0 };

    let played: Promise<unknown> | undefined;
    await t.test('while the calls play, the board shows who talks to whom and who waits', async () => {
      const now = s.clock.now();
      played = Promise.all([
        s.play(inboundCall(s.pbx, { caller: { number: '+79161110001', name: 'Первый Звонящий' }, attempts: [{ ext: '101', ringMs: 3_000, answered: true }], talkMs: 90_000 }, now)),
        s.play(inboundCall(s.pbx, { caller: { number: '+79161110002', name: 'Второй Звонящий' }, attempts: [{ ext: '102', ringMs: 2_000, answered: true }], talkMs: 45_000 }, now)),
        // Nobody is offered this caller: they wait in the queue, then give up.
        s.play(inboundCall(s.pbx, { caller: { number: '+79161110003', name: 'Нетерпеливый' }, attempts: [], abandonAfterMs: 50_000 }, now)),
        s.play(outboundCall(s.pbx, { ext: '103', number: '+79161110004', outcome: 'answered', ringMs: 5_000, talkMs: 60_000 }, now)),
      ]);

      await eventually(async () => {
        assert.equal(await tile(page, '101').getAttribute('data-state'), 'on_call');
        assert.match(digitsOf(await tile(page, '101').getByTestId('floor-agent-call').innerText()), /79161110001/);
      });
      await eventually(async () => assert.equal(await page.getByTestId('queue-waiting').innerText(), '1'));
      assert.match(digitsOf(await page.getByRole('list', { name: /Ожидающие/ }).innerText()), /79161110003/);
      await eventually(async () => {
        assert.equal(await tile(page, '103').getAttribute('data-state'), 'on_call');
        assert.match(digitsOf(await tile(page, '103').getByTestId('floor-agent-call').innerText()), /79161110004/);
      });
      assert.equal(await page.getByTestId('state-count-on_call').getAttribute('data-count'), '3');
      // The timers tick: the state time of 101 moves on by itself.
      const t1 = await tile(page, '101').locator('.wb-agent-timer').innerText();
      await eventually(async () => assert.notEqual(await tile(page, '101').locator('.wb-agent-timer').innerText(), t1), 5_000);
      await screenshot(page, 'e2e-wallboard-live');
    });

    await t.test('after the calls, the floor numbers are the API’s: before + the sequence', async () => {
      await played;
      let after: KpiSnapshot | undefined;
      await eventually(async () => {
        after = await api<KpiSnapshot>('/kpis?window=today');
        assert.equal(after.floor.calls, before.floor.calls + 4);
      });
      assert.ok(after);
      assert.equal(after.floor.inbound, before.floor.inbound + 3);
      assert.equal(after.floor.outbound, before.floor.outbound + 1);
      assert.equal(after.floor.answered, before.floor.answered + 3);
      assert.equal(after.floor.abandoned, before.floor.abandoned + 1);
      assert.equal(after.floor.missed, before.floor.missed);
      const opAfter = (id: number) => after!.operators.find((o) => o.id === id)!;
      assert.equal(opAfter(op101.id).calls, opBefore(op101.id).calls + 1);
      assert.equal(opAfter(op103.id).outbound, opBefore(op103.id).outbound + 1);

      // The board got there by the live updates alone (no reload).
      for (const key of FLOOR_KEYS) {
        await eventually(async () => assert.equal(await tileValue(page, 'floor', key), after!.floor[key], `floor ${key}`));
      }
      await eventually(async () => assert.equal(await page.getByTestId('kpi-floor-abandonRate').getAttribute('data-value'), String(after!.floor.abandonRate)));
      await eventually(async () => assert.equal(await page.getByTestId('queue-waiting').innerText(), '0'));
      await eventually(async () => assert.notEqual(await tile(page, '101').getAttribute('data-state'), 'on_call'));

      // The operators' table has the same figures; sorting by calls puts the busiest first.
      const table = page.getByRole('table', { name: 'Показатели по операторам' });
      const row101 = table.locator(`tr[data-id="${op101.id}"]`);
      await eventually(async () => assert.equal(await row101.locator('td[data-kpi="calls"]').getAttribute('data-value'), String(opAfter(op101.id).calls)));
      // Every operator on the floor has a row, those without calls today too.
      assert.equal(await table.locator('tbody tr').count(), agents.length);
      await table.getByRole('button', { name: /^Звонки/ }).click();
      const firstCalls = Number(await table.locator('tbody tr').first().locator('td[data-kpi="calls"]').getAttribute('data-value'));
      assert.equal(firstCalls, Math.max(...after.operators.map((o) => o.calls)));
      assert.equal(await table.getByRole('columnheader', { name: /^Звонки/ }).getAttribute('aria-sort'), 'descending');

      // The chart counted the four calls that ended while the board was open.
      assert.equal(await page.getByTestId('interval-chart').locator('.recharts-bar-rectangle').count() > 0, true);
      await screenshot(page, 'e2e-wallboard-after', true);

      // The whole-floor row is the team rows plus the "No team / queue" row (the caller who gave up in the queue is there).
      const teams = page.getByTestId('teams-table');
      for (const key of ['calls', 'inbound', 'outbound', 'answered', 'missed', 'abandoned']) {
        await eventually(async () => {
          const rows = await teams.locator(`tbody td[data-kpi="${key}"]`).evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-value'))));
          const rest = Number(await teams.getByTestId('kpi-remainder-row').locator(`td[data-kpi="${key}"]`).getAttribute('data-value'));
          const total = Number(await teams.getByTestId('kpi-total-row').locator(`td[data-kpi="${key}"]`).getAttribute('data-value'));
          assert.equal(rows.reduce((x, y) => x + y, 0) + rest, total, `teams + no team / queue = whole floor: ${key}`);
        });
      }
      assert.ok(Number(await teams.getByTestId('kpi-remainder-row').locator('td[data-kpi="abandoned"]').getAttribute('data-value')) >= 1);

      // A board opened now shows the last hour at once: the intervals come from the server.
      await page.reload();
      await page.getByTestId('interval-chart').waitFor();
      await eventually(async () => assert.ok((await page.getByTestId('interval-chart').locator('.recharts-bar-rectangle').count()) > 0, 'the chart is not empty when the board opens'));
    });

    await t.test('full screen, in large type', async () => {
      await page.getByTestId('fullscreen-toggle').click();
      await eventually(async () => assert.equal(await page.evaluate(() => document.fullscreenElement?.getAttribute('data-testid') ?? null), 'wallboard'));
      await page.locator('.wb-board.is-fullscreen').waitFor();
      const size = await page.locator('.wb-board.is-fullscreen .wb-tile-value').first().evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
      assert.ok(size >= 40, `the big numbers are big (${size}px)`);
      await screenshot(page, 'e2e-wallboard-fullscreen');
      await page.getByTestId('fullscreen-toggle').click();
      await eventually(async () => assert.equal(await page.evaluate(() => document.fullscreenElement), null));
    });

    await t.test('in English and in Ukrainian', async () => {
      await page.getByLabel('Язык', { exact: true }).selectOption('en');
      await page.getByRole('heading', { level: 1, name: 'Wallboard' }).waitFor();
      assert.match(await page.getByTestId('kpi-floor-calls').innerText(), /Calls/i);
      assert.match(await tile(page, '101').innerText(), /ext\. 101/);
      await page.getByRole('table', { name: 'KPIs per operator' }).waitFor();
      await screenshot(page, 'e2e-wallboard-english', true);

      await page.getByLabel('Language', { exact: true }).selectOption('uk');
      await page.getByRole('heading', { level: 1, name: 'Табло' }).waitFor();
      assert.match(await page.getByTestId('kpi-floor-abandoned').innerText(), /Покинуті/i);
      await page.getByRole('table', { name: 'Показники за операторами' }).waitFor();
      await screenshot(page, 'e2e-wallboard-ukrainian');
    });

    await t.test('the history shows the API’s figures for the period chosen', async () => {
      await page.getByRole('tab', { name: 'Історія' }).click();
      // Yesterday first, by default; then the last seven days.
      await page.getByTestId('history-period').waitFor();
      const response = page.waitForResponse((r) => r.url().includes('/api/kpis/history') && r.status() === 200);
      await page.getByRole('button', { name: 'Останні 7 днів' }).click();
      const body = (await (await response).json()) as { floor: Kpis; operators: (Kpis & { id: number })[] };
      assert.ok(body.floor.calls >= 4, 'the last seven days hold at least today’s sequence');
      for (const key of FLOOR_KEYS) {
        await eventually(async () => assert.equal(await tileValue(page, 'history', key), body.floor[key], `history ${key}`));
      }
      const rows = page.getByRole('table', { name: 'Показники за операторами' }).locator('tbody tr');
      // Those who worked in the period, and the other active operators with no calls.
      await eventually(async () => assert.equal(await rows.count(), new Set([...body.operators.map((o) => o.id), ...agents.map((a) => a.id)]).size));
      assert.match(await rows.first().innerText(), new RegExp(agents.map((a) => a.name).join('|')), 'operators are named from the directory');
      assert.match(new URL(page.url()).search, /view=history&from=\d{4}-\d{2}-\d{2}&to=\d{4}-\d{2}-\d{2}/);
      await screenshot(page, 'e2e-wallboard-history', true);
      await page.getByLabel('Мова', { exact: true }).selectOption('ru');
    });

    assert.deepEqual(pageErrors, [], 'no uncaught errors in the page');
  } finally {
    await context.close();
  }
});

test('a manager sets the long-call limit, and a call over it is highlighted', async () => {
  assert.ok(sim);
  const s = sim;
  const context = await newContext();
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (err) => pageErrors.push(err.message));
  try {
    await openWallboard(page, 'manager');
    await page.getByRole('button', { name: 'Изменить цели' }).click();
    const dialog = page.getByRole('dialog', { name: 'Цели по показателям' });
    await dialog.getByLabel(/^Долгий звонок после/).fill('10');
    await dialog.getByRole('button', { name: 'Сохранить' }).click();
    await dialog.waitFor({ state: 'detached' });
    assert.equal(await page.getByTestId('target-longCallSeconds').innerText(), '0:10');
    assert.equal((await api<{ longCallSeconds: number }>('/kpis/targets')).longCallSeconds, 10);

    // A call of 150 simulated seconds: half a minute here, well over the 10 s limit.
    const played = s.play(inboundCall(s.pbx, { caller: { number: '+79161110005', name: 'Долгий Разговор' }, attempts: [{ ext: '104', ringMs: 2_000, answered: true }], talkMs: 150_000 }, s.clock.now()));
    await eventually(async () => assert.equal(await tile(page, '104').getAttribute('data-state'), 'on_call'));
    assert.equal(await tile(page, '104').getAttribute('data-long'), 'false');
    await eventually(async () => assert.equal(await tile(page, '104').getAttribute('data-long'), 'true'));
    assert.match(await tile(page, '104').innerText(), /Долгий звонок/i);
    await screenshot(page, 'e2e-wallboard-long-call');
    await played;
    await eventually(async () => assert.notEqual(await tile(page, '104').getAttribute('data-state'), 'on_call'));
    assert.deepEqual(pageErrors, [], 'no uncaught errors in the page');
  } finally {
    await context.close();
  }
});
