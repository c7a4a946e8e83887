/**
 * What every browser test needs: the real server on the demo floor in a temp directory, Chromium, a
 * signed-in API client and a signed-in page. The SPA build is shared by all browser suites: run them
 * under `flock /tmp/client-build.lock` after `npm run build`, as tests/run.sh does.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import { chromium, type Browser, type Page } from 'playwright-core';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const ARTIFACTS = join(ROOT, 'tests', 'artifacts');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** The demo users' published password (manager, supervisor, operator1…). */
export const DEMO_PASSWORD = 'hotline-demo';
const READY_LIMIT_MS = 180_000;
/** Settings a developer's shell may carry that would take the server out of demo mode. */
const NOT_DEMO = ['REDIS_URL', 'AMI_URL', 'TWILIO_ACCOUNT_SID', 'TWILIO_AUTH_TOKEN', 'PUBLIC_URL', 'ADMIN_LOGIN', 'ADMIN_PASSWORD'];

export function freePort(): Promise<number> {
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

export type DemoServer = {
  baseUrl: string;
  /** Everything the server printed so far, for assertion messages. */
  output: () => string;
  stop: () => Promise<void>;
};

export type DemoServerOptions = {
  /** Wait for /readyz to report the PBX link connected too (a test's own simulator given as AMI_URL). */
  pbxConnected?: boolean;
  /** More settings to drop from the developer's shell, beyond those that would end demo mode. */
  unset?: string[];
};

/**
 * Starts `server/main.ts` on SQLite in a fresh temp directory with the demo's data and no demo PBX
 * (the floor stays still unless a test asks for `DEMO_PBX: '1'`); resolves once /readyz answers.
 * `extraEnv` adds or overrides settings: a test's simulated Asterisk (`AMI_URL`), a real install
 * (`DEMO_DATA: '0'` with `ADMIN_LOGIN`/`ADMIN_PASSWORD`), limits and switches.
 */
export async function startDemoServer(name: string, extraEnv: Record<string, string> = {}, options: DemoServerOptions = {}): Promise<DemoServer> {
  assert.ok(existsSync(join(ROOT, 'client', 'dist', 'index.html')), 'build the SPA first (npm run build)');
  const dir = mkdtempSync(join(tmpdir(), `hotline-e2e-${name}-`));
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env, DATABASE_URL: `sqlite:${join(dir, 'crm.sqlite')}`, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn',
    DEMO_DATA: '1', DEMO_PBX: '0', CALL_SPOOL_DIR: join(dir, 'spool'), ...extraEnv,
  };
  for (const key of [...NOT_DEMO, ...(options.unset ?? [])]) if (!(key in extraEnv)) delete env[key];
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (b: Buffer) => (output += b.toString()));
  child.stderr?.on('data', (b: Buffer) => (output += b.toString()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      const forced = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(forced);
    }
    rmSync(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + READY_LIMIT_MS;
  let last = '';
  for (;;) {
    if (child.exitCode !== null) {
      await stop();
      throw new Error(`the server exited (${child.exitCode}) before it was ready:\n${output}`);
    }
    const readiness = await fetch(`${baseUrl}/readyz`).then(
      async (r) => (r.ok ? ((await r.json()) as { pbx?: { status?: string } }) : null),
      () => null,
    );
    if (readiness && (!options.pbxConnected || readiness.pbx?.status === 'connected')) break;
    if (readiness) last = JSON.stringify(readiness);
    if (Date.now() > deadline) {
      await stop();
      const what = options.pbxConnected ? 'ready with the PBX connected' : 'ready';
      throw new Error(`the server was not ${what} within ${READY_LIMIT_MS / 1000}s${last && ` (last: ${last})`}:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return { baseUrl, output: () => output, stop };
}

export function launchChromium(): Promise<Browser> {
  mkdirSync(ARTIFACTS, { recursive: true });
  assert.ok(existsSync(CHROMIUM), `Chromium not found at ${CHROMIUM}`);
  return chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
}

export type Api = <T = any>(method: string, path: string, body?: unknown) => Promise<{ status: number; body: T }>;

/** A caller that fails the test unless the answer is 2xx, and returns the answer's body. */
export function okApi(api: Api): <T = any>(method: string, path: string, body?: unknown) => Promise<T> {
  return async (method, path, body) => {
    const res = await api(method, path, body);
    assert.ok(res.status >= 200 && res.status < 300, `${method} ${path} answered ${res.status}: ${JSON.stringify(res.body)}`);
    return res.body;
  };
}

/** A GET that fails the test unless the answer is 200, and returns the answer's body. */
export function getOk(api: Api): <T = any>(path: string) => Promise<T> {
  return async (path) => {
    const res = await api('GET', path);
    assert.equal(res.status, 200, `GET ${path} answered ${res.status}`);
    return res.body;
  };
}

/** Signs in through the API and returns a caller for `/api` paths with that user's token. */
export async function apiAs(baseUrl: string, login: string, password = DEMO_PASSWORD): Promise<{ token: string; api: Api }> {
  const res = await fetch(`${baseUrl}/api/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ login, password }) });
  assert.equal(res.status, 200, `sign-in as ${login}: ${res.status}`);
  const { token } = (await res.json()) as { token: string };
  const api: Api = async (method, path, body) => {
    const r = await fetch(`${baseUrl}/api${path}`, {
      method,
      headers: { Authorization: `Bearer ${token}`, ...(body !== undefined && { 'Content-Type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await r.text();
    return { status: r.status, body: text ? JSON.parse(text) : undefined };
  };
  return { token, api };
}

/** Fills and sends the Russian login form the page shows now. */
export async function submitSignIn(page: Page, login: string, password = DEMO_PASSWORD): Promise<void> {
  await page.getByLabel('Логин').fill(login);
  await page.getByLabel('Пароль').fill(password);
  await page.getByRole('button', { name: 'Войти' }).click();
}

/** Opens `path` and signs in on the Russian login form that it leads to. */
export async function signIn(page: Page, baseUrl: string, path: string, login: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto(`${baseUrl}${path}`);
  await submitSignIn(page, login, password);
}

/**
 * Retries a check until it holds (the page and the server update asynchronously) and returns what it
 * returned; after `limitMs` the last failure is thrown. The limit only stops a hung step.
 */
export async function eventually<T>(check: () => Promise<T> | T, limitMs = 15_000): Promise<T> {
  const deadline = Date.now() + limitMs;
  for (;;) {
    try {
      return await check();
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/** How far the page scrolls sideways (0 when the layout fits the viewport). */
export const sidewaysOverflow = (page: Page): Promise<number> => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

/**
 * The page's width against the viewport's, with up to 8 elements that stick out past the right edge
 * (outside boxes that scroll or clip by themselves, where sticking out is what they are for), for a
 * failure message that names the culprits.
 */
export async function sideways(page: Page): Promise<{ scrollWidth: number; innerWidth: number; culprits: string[] }> {
  return page.evaluate(() => {
    const innerWidth = window.innerWidth;
    const culprits: string[] = [];
    for (const el of Array.from(document.querySelectorAll('body *'))) {
      const r = el.getBoundingClientRect();
      if (r.right <= innerWidth + 1 || culprits.length >= 8) continue;
      let clipped = false;
      for (let p = el.parentElement; p; p = p.parentElement) {
        const o = getComputedStyle(p).overflowX;
        if (o === 'auto' || o === 'scroll' || o === 'hidden' || o === 'clip') {
          clipped = true;
          break;
        }
      }
      if (!clipped) culprits.push(`${el.tagName.toLowerCase()}.${String(el.className).split(' ').join('.')} → ${Math.round(r.right)}`);
    }
    return { scrollWidth: document.documentElement.scrollWidth, innerWidth, culprits };
  });
}

/**
 * Deletes every routing rule (the demo floor ships some that hand late callbacks of silver+ clients to
 * a colleague), for stories whose callbacks must stay where they put them. `api` must be a manager's.
 */
export async function deleteRoutingRules(api: Api): Promise<void> {
  const rules = await api<{ items: { id: number }[] }>('GET', '/routing-rules');
  assert.equal(rules.status, 200, `GET /routing-rules answered ${rules.status}`);
  for (const rule of rules.body.items) assert.equal((await api('DELETE', `/routing-rules/${rule.id}`)).status, 204);
}
