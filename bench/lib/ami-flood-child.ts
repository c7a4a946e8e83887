/**
 * The feeding side of the AMI benchmarks, run in its own process (bench/lib/flood-feeder.ts forks it with
 * `--import tsx`) so that the reader under test has a core to itself.
 *
 * An AmiServer (the simulator) on an ephemeral port; over IPC:
 *   child → parent  { type: 'ready', port }
 *   parent → child  { type: 'flood', events, chunk, concurrency?, seed? }
 *                   floods the session that logged in last, then writes one sentinel
 *                   "Event: UserEvent / UserEvent: BenchEnd" (not noise: every reader sees it)
 *   child → parent  { type: 'flooded', report } | { type: 'error', message }
 *   parent → child  { type: 'close' }   closes the server and exits
 * The child exits by itself if the parent goes away (IPC disconnect).
 */
import { AmiServer, flood, type AmiSession } from '../../telephony/simulator';

export const BENCH_USER = 'bench';
export const BENCH_SECRET = 'bench-secret';
export const SENTINEL = 'Event: UserEvent\r\nPrivilege: user,all\r\nUserEvent: BenchEnd\r\n\r\n';

type FloodRequest = { type: 'flood'; events: number; chunk: 'small' | 'large' | number; concurrency?: number; seed?: number };
type Request = FloodRequest | { type: 'close' };

async function main(): Promise<void> {
  const send = (msg: object) => process.send?.(msg);
  const server = new AmiServer({ username: BENCH_USER, secret: BENCH_SECRET });
  let last: AmiSession | undefined;
  server.on('login', (s) => (last = s));
  const port = await server.listen(0, '127.0.0.1');

  const shutdown = async (code: number) => {
    await server.close().catch(() => undefined);
    process.exit(code);
  };
  process.on('disconnect', () => void shutdown(0));

  process.on('message', (msg: Request) => {
    if (msg.type === 'close') return void shutdown(0);
    if (msg.type !== 'flood') return;
    void (async () => {
      try {
        const session = last;
        if (!session?.open) throw new Error('no logged-in session to flood');
        const report = await flood(session, { events: msg.events, chunk: msg.chunk, concurrency: msg.concurrency, seed: msg.seed });
        session.socket.write(SENTINEL);
        send({ type: 'flooded', report });
      } catch (err) {
        send({ type: 'error', message: (err as Error).message });
      }
    })();
  });
  send({ type: 'ready', port });
}

// Only as a forked child; importing this file (for the constants) starts nothing.
if (process.send && process.env.AMI_FLOOD_CHILD === '1') void main();
