/**
 * Parent side of bench/lib/ami-flood-child.ts: forks the simulator into its own process and asks it to
 * flood whichever session logged in last. The child is killed on close(), on an error, and when this
 * process exits.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { FloodReport } from '../../telephony/simulator';
import type { FeederMode } from './ami-flood-child';

export type Chunk = 'small' | 'large' | number;

export class FloodFeeder {
  private constructor(
    private readonly child: ChildProcess,
    readonly port: number,
  ) {}

  static async start(): Promise<FloodFeeder> {
    const script = fileURLToPath(new URL('./ami-flood-child.ts', import.meta.url));
    const child = fork(script, [], {
      execArgv: ['--import', 'tsx'],
      env: { ...process.env, AMI_FLOOD_CHILD: '1' },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const killChild = () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    };
    process.once('exit', killChild);
    child.once('exit', () => process.off('exit', killChild));
    const port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => {
        killChild();
        reject(new Error('flood child did not start within 30 s'));
      }, 30_000);
      child.once('error', (err) => (clearTimeout(timer), reject(err)));
      child.once('exit', (code, sig) => (clearTimeout(timer), reject(new Error(`flood child exited early (${code ?? sig})`))));
      child.on('message', (m: { type: string; port?: number }) => {
        if (m.type === 'ready') {
          clearTimeout(timer);
          resolve(m.port!);
        }
      });
    });
    return new FloodFeeder(child, port);
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Floods the session that logged in last; resolves once every byte (and the sentinel) is written. */
  flood(events: number, chunk: Chunk, opts: { concurrency?: number; seed?: number; feeder?: FeederMode; endOnIdle?: boolean } = {}): Promise<FloodReport> {
    return new Promise((resolve, reject) => {
      const onMessage = (m: { type: string; report?: FloodReport; message?: string }) => {
        if (m.type === 'flooded') done(() => resolve(m.report!));
        else if (m.type === 'error') done(() => reject(new Error(`flood child: ${m.message}`)));
      };
      const onExit = (code: number | null, sig: string | null) => done(() => reject(new Error(`flood child exited (${code ?? sig})`)));
      const done = (f: () => void) => {
        this.child.off('message', onMessage);
        this.child.off('exit', onExit);
        f();
      };
      this.child.on('message', onMessage);
      this.child.once('exit', onExit);
      this.child.send({ type: 'flood', events, chunk, ...opts });
    });
  }

  /** Asks the child to close its server and exit; kills it if it has not within 3 s. */
  async close(): Promise<void> {
    const child = this.child;
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    try {
      child.send({ type: 'close' });
    } catch {
      /* channel already closed */
    }
    const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
    await exited;
    clearTimeout(timer);
  }
}
