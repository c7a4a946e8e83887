/**
 * Replays AMI traffic recorded from a real Asterisk (`NAME.jsonl` fixtures: one `{"t", "data"}` per
 * message, t = ms since connect) to a session, byte for byte: with the original timing, faster, or
 * as fast as the socket drains, optionally cut into writes at chosen byte boundaries so a test can
 * split the stream anywhere, even inside a UTF-8 character.
 */
import { readFileSync } from 'node:fs';
import type { Writable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { AmiSession } from './ami-session';

export type FixtureMessage = { readonly t: number; readonly data: string };

/** Reads a `.jsonl` fixture. */
export function loadFixture(path: string): FixtureMessage[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line, i) => {
      const parsed: unknown = JSON.parse(line);
      if (!isFixtureMessage(parsed)) throw new Error(`${path}:${i + 1}: not a {"t": number, "data": string} line`);
      return parsed;
    });
}

function isFixtureMessage(v: unknown): v is FixtureMessage {
  return typeof v === 'object' && v !== null && typeof (v as FixtureMessage).t === 'number' && typeof (v as FixtureMessage).data === 'string';
}

/**
 * The recorded messages after the login: drops the banner and everything up to and including the
 * `Authentication accepted` response (the simulator sends its own banner and login response).
 * A recording without a successful login is returned without its banner.
 */
export function afterLogin(messages: readonly FixtureMessage[]): FixtureMessage[] {
  const start = messages[0]?.data.startsWith('Asterisk Call Manager/') ? 1 : 0;
  const login = messages.findIndex((m) => m.data.startsWith('Response: Success\r\n') && m.data.includes('\r\nMessage: Authentication accepted\r\n'));
  return messages.slice(login >= 0 ? login + 1 : start);
}

export type ReplayOptions = {
  /** 'max' (default): as fast as the target drains. A number: original timing sped up that much (1 = as recorded). */
  speed?: number | 'max';
  /**
   * Size of each write, given the byte offset reached in the whole replayed stream and the bytes
   * left in the current stretch; a result < 1 counts as 1. Default: whole stretches (all messages due
   * at one moment; with speed 'max', 64 KiB).
   */
  chunkSize?: (offset: number, remaining: number) => number;
  /** Real ms to wait between two writes, so the peer most likely reads them apart. Default 0. */
  gapMs?: number;
  signal?: AbortSignal;
};

export type ReplayReport = { messages: number; bytes: number; writes: number; complete: boolean };

/**
 * Writes `messages` (usually `afterLogin(loadFixture(path))`) to a session or socket. Resolves when
 * all is written, or early with `complete: false` if the target closed or `signal` aborted.
 */
export async function replay(target: AmiSession | Writable, messages: readonly FixtureMessage[], options: ReplayOptions = {}): Promise<ReplayReport> {
  const out = target instanceof AmiSession ? target.socket : target;
  const speed = options.speed ?? 'max';
  const report: ReplayReport = { messages: 0, bytes: 0, writes: 0, complete: false };
  const alive = (): boolean => !out.destroyed && out.writable && !options.signal?.aborted;
  let offset = 0;

  const writeStretch = async (buf: Buffer, defaultChunk: number): Promise<boolean> => {
    let at = 0;
    while (at < buf.length) {
      if (!alive()) return false;
      const wanted = options.chunkSize ? options.chunkSize(offset, buf.length - at) : defaultChunk;
      const size = Math.min(buf.length - at, Math.max(1, Math.floor(wanted)));
      const more = out.write(buf.subarray(at, at + size));
      at += size;
      offset += size;
      report.bytes += size;
      report.writes++;
      if (!more && !(await drained(out))) return false;
      if (options.gapMs && at < buf.length) await sleep(options.gapMs, undefined, { signal: options.signal }).catch(() => undefined);
    }
    return true;
  };

  if (speed === 'max') {
    const buf = Buffer.from(messages.map((m) => m.data).join(''), 'utf8');
    if (!(await writeStretch(buf, 64 * 1024))) return report;
    report.messages = messages.length;
  } else {
    if (!(speed > 0)) throw new RangeError(`speed must be positive or 'max', got ${speed}`);
    const t0 = messages[0]?.t ?? 0;
    const started = performance.now();
    let i = 0;
    while (i < messages.length) {
      const due = ((messages[i] as FixtureMessage).t - t0) / speed;
      const wait = due - (performance.now() - started);
      if (wait > 0) await sleep(wait, undefined, { signal: options.signal }).catch(() => undefined);
      if (!alive()) return report;
      // Everything due by now goes out together, like one read of a real socket would deliver it.
      const elapsed = performance.now() - started;
      let text = '';
      let n = 0;
      while (i < messages.length && ((messages[i] as FixtureMessage).t - t0) / speed <= elapsed) {
        text += (messages[i] as FixtureMessage).data;
        i++;
        n++;
      }
      if (n === 0) continue;
      const buf = Buffer.from(text, 'utf8');
      if (!(await writeStretch(buf, buf.length))) return report;
      report.messages += n;
    }
  }
  const flushed = await new Promise<boolean>((resolve) => {
    if (!alive()) return resolve(false);
    out.write('', (err) => resolve(!err));
  });
  report.complete = flushed;
  return report;
}

/** Resolves true on 'drain', false if the target closes first. */
function drained(out: Writable): Promise<boolean> {
  return new Promise((resolve) => {
    const onDrain = (): void => {
      out.off('close', onClose);
      resolve(true);
    };
    const onClose = (): void => {
      out.off('drain', onDrain);
      resolve(false);
    };
    out.once('drain', onDrain);
    out.once('close', onClose);
  });
}
