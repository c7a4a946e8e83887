/**
 * Presence in a real browser against the real server and a simulated Asterisk: the console's Available
 * unpauses the operator in the PBX queue; a pause made on the phone (another AMI client's QueuePause, as a
 * feature code or the PBX's panel would) shows in the console as Break and its end as Available; signing
 * out pauses them as Offline at once; a closed browser makes them offline after the grace.
 *
 * Run: flock /tmp/client-build.lock sh -c 'npm run --silent build >/dev/null && node --import tsx --test tests/e2e/presence.e2e.test.ts'
 * Needs Chromium at /usr/bin/chromium. A screenshot (Russian) goes to tests/artifacts/. Nothing here measures
 * time: the limits below only stop a hung run.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { chromium, type Browser, type Page } from 'playwright-core';
import { AmiServer, AmiTestClient, type AmiAction } from '../../telephony/simulator';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const ARTIFACTS = join(ROOT, 'tests', 'artifacts');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const PASSWORD = 'hotline-demo';
const READY_LIMIT_MS = 180_000;
const STEP_LIMIT_MS = 20_000;
const MEMBER = 'Local/101@queue-agents/n';

let tempDir: string | undefined;
let sim: AmiServer | undefined;
let amiPort = 0;
let server: ChildProcess | undefined;
let serverOutput = '';
let baseUrl = '';
let browser: Browser | undefined;
let managerToken = '';
const actions: AmiAction[] = [];

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

async function waitForReady(url: string) {
  const deadline = Date.now() + READY_LIMIT_MS;
  while (Date.now() < deadline) {
    if (server?.exitCode !== null) throw new Error(`the server exited (${server?.exitCode}) before it was ready:\n${serverOutput}`);
    const ok = await fetch(`${url}/readyz`).then(
      async (r) => r.ok && ((await r.json()) as { pbx?: { status?: string } }).pbx?.status === 'connected',
      () => false,
    );
    if (ok) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the server was not ready within ${READY_LIMIT_MS / 1000}s:\n${serverOutput}`);
}

async function stopServer() {
  const child = server;
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const forced = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(forced);
}

async function eventually(check: () => Promise<void> | void, limitMs = STEP_LIMIT_MS): Promise<void> {
  const deadline = Date.now() + limitMs;
  for (;;) {
    try {
      await check();
      return;
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/** The CRM's QueuePause actions for operator 101, as "Paused Reason". */
const pausesOf101 = () => actions.filter((a) => a.name === 'QueuePause' && a.message.get('Interface') === MEMBER && a.sessionId !== phoneSession).map((a) => `${a.message.get('Paused')}${a.message.get('Reason') ? ` ${a.message.get('Reason')}` : ''}`);
let phoneSession = -1;

async function floorStateOf(ext: string): Promise<string | undefined> {
  const res = await fetch(`${baseUrl}/api/floor`, { headers: { Authorization: `Bearer ${managerToken}` } });
  assert.equal(res.status, 200);
  const body = (await res.json()) as { agents: { extension: string | null; state: string }[] };
  return body.agents.find((a) => a.extension === ext)?.state;
}

const stateIs = (page: Page, state: string) => page.locator(`[data-testid="agent-state"][data-state="${state}"]`).waitFor({ timeout: STEP_LIMIT_MS });

before(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  assert.ok(existsSync(CHROMIUM), `Chromium not found at ${CHROMIUM}`);
  assert.ok(existsSync(join(ROOT, 'client', 'dist', 'index.html')), 'build the client first (npm run build)');
  sim = new AmiServer({ username: 'crm', secret: 'e2e', speed: 1 });
  amiPort = await sim.listen(0);
  sim.on('action', (a) => actions.push(a));
  tempDir = mkdtempSync(join(tmpdir(), 'hotline-presence-e2e-'));
  const port = await freePort();
  baseUrl = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: `sqlite:${join(tempDir, 'crm.sqlite')}`,
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    DEMO_DATA: '1',
    DEMO_PBX: '0',
    AMI_URL: `ami://crm:e2e@127.0.0.1:${amiPort}`,
    // The simulator's queue members are FreePBX-style Local channels.
    AMI_QUEUE_INTERFACE: 'Local/{extension}@queue-agents/n',
    OFFLINE_GRACE_SECONDS: '2',
    CALL_SPOOL_DIR: join(tempDir, 'spool'),
  };
  for (const key of ['REDIS_URL', 'TWILIO_ACCOUNT_SID', 'TWILIO_AUTH_TOKEN', 'PUBLIC_URL', 'ADMIN_LOGIN', 'ADMIN_PASSWORD', 'AMI_QUEUE_PRESENCE', 'AMI_QUEUES']) delete env[key];
  server = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  server.stdout?.on('data', (b: Buffer) => (serverOutput += b.toString()));
  server.stderr?.on('data', (b: Buffer) => (serverOutput += b.toString()));
  await waitForReady(baseUrl);
  const res = await fetch(`${baseUrl}/api/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ login: 'manager', password: PASSWORD }) });
  assert.equal(res.status, 200);
  managerToken = ((await res.json()) as { token: string }).token;
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
});

after(async () => {
  await browser?.close().catch(() => undefined);
  await stopServer();
  await sim?.close().catch(() => undefined);
  if (tempDir) rmSync(tempDir, { recursive: true, force: true });
});

test('the console follows the PBX queue both ways; sign-out and a closed browser make the operator offline', async () => {
  assert.ok(browser && sim);
  const ctx = await browser.newContext({ locale: 'ru-RU', viewport: { width: 1366, height: 900 } });
  const page = await ctx.newPage();
  const phone = await AmiTestClient.connect(amiPort);
  try {
    await page.goto(`${baseUrl}/console`);
    await page.getByLabel('Логин').fill('operator1');
    await page.getByLabel('Пароль').fill(PASSWORD);
    await page.getByRole('button', { name: 'Войти' }).click();
    await page.waitForURL(/\/console$/);
    await page.locator('[data-testid="connection-status"][data-status="live"]').waitFor({ timeout: STEP_LIMIT_MS });
    const buttons = page.getByRole('group', { name: 'Сменить статус' });

    // Available in the console: unpaused in the queue.
    await buttons.getByRole('button', { name: 'Перерыв' }).click();
    await stateIs(page, 'break');
    await eventually(() => assert.equal(pausesOf101().at(-1), 'true Break'));
    await buttons.getByRole('button', { name: 'Доступен' }).click();
    await stateIs(page, 'available');
    await eventually(() => assert.equal(pausesOf101().at(-1), 'false'));
    assert.ok(!sim.queueMembers.isAway('101'));

    // Paused on the phone: the console shows the break; unpaused there: available again.
    await phone.login('crm', 'e2e');
    phoneSession = sim.sessionList().at(-1)!.id;
    const sentBefore = pausesOf101().length;
    assert.equal((await phone.action('QueuePause', { Interface: MEMBER, Paused: 'true', Reason: 'Lunch' })).get('Response'), 'Success');
    await stateIs(page, 'break');
    await eventually(async () => assert.equal(await floorStateOf('101'), 'break'));
    await page.screenshot({ path: join(ARTIFACTS, 'presence-phone-pause.png'), fullPage: true });
    await phone.action('QueuePause', { Interface: MEMBER, Paused: 'false' });
    await stateIs(page, 'available');
    assert.deepEqual(pausesOf101().slice(sentBefore), [], 'the CRM sent nothing for what the phone did');

    // A closed browser: offline once the grace is over, and paused in the queue.
    await ctx.close();
    await eventually(async () => assert.equal(await floorStateOf('101'), 'offline'));
    await eventually(() => assert.equal(pausesOf101().at(-1), 'true Offline'));
    assert.ok(sim.queueMembers.isAway('101'));

    // Signing out from the menu: offline at once.
    const ctx2 = await browser.newContext({ locale: 'ru-RU', viewport: { width: 1366, height: 900 } });
    const page2 = await ctx2.newPage();
    await page2.goto(`${baseUrl}/console`);
    await page2.getByLabel('Логин').fill('operator2');
    await page2.getByLabel('Пароль').fill(PASSWORD);
    await page2.getByRole('button', { name: 'Войти' }).click();
    await page2.waitForURL(/\/console$/);
    await page2.locator('[data-testid="connection-status"][data-status="live"]').waitFor({ timeout: STEP_LIMIT_MS }).catch(async (err: Error) => {
      await page2.screenshot({ path: join(ARTIFACTS, 'presence-failed.png'), fullPage: true });
      throw new Error(`${err.message}\n${serverOutput.slice(-3000)}`);
    });
    const buttons2 = page2.getByRole('group', { name: 'Сменить статус' });
    await buttons2.getByRole('button', { name: 'Доступен' }).click();
    await stateIs(page2, 'available');
    await page2.getByRole('button', { name: 'Выйти' }).click();
    await page2.waitForURL(/\/login$/);
    // Agent states are saved in short batches: the floor shows it within moments, not within the click.
    await eventually(async () => assert.equal(await floorStateOf('102'), 'offline'));
    await ctx2.close();
  } finally {
    phone.close();
    await ctx.close().catch(() => undefined);
  }
});
