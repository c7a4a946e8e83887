import { createHash } from 'node:crypto';
import { link, mkdir, open, readdir, readFile, rename, rm, stat, writeFile, type FileHandle } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import type { CallEvent } from '../../../telephony/call-event';
import type { Logger } from '../../logging/logger';

// A spooled line is our own file read back after a crash: the last line may be torn, and anything else
// that does not parse is skipped, never trusted.
const base = { pbx: z.string().min(1).max(64), callId: z.string().min(1).max(200), at: z.coerce.date() };
const ext = z.string().max(32).nullable();
const eventSchema = z.discriminatedUnion('type', [
  z.object({ ...base, type: z.literal('started'), direction: z.enum(['inbound', 'outbound', 'internal']), externalNumber: z.string().max(64).nullable(), externalName: z.string().max(200).nullable(), extension: ext }),
  z.object({ ...base, type: z.literal('queued'), queue: z.string().max(200) }),
  z.object({ ...base, type: z.literal('ringing'), extension: ext }),
  z.object({ ...base, type: z.literal('ring_stopped'), extension: ext }),
  z.object({ ...base, type: z.literal('answered'), extension: ext }),
  z.object({ ...base, type: z.literal('transferred'), from: ext, to: z.string().max(32), kind: z.enum(['blind', 'attended']) }),
  z.object({ ...base, type: z.literal('ended'), cause: z.enum(['answered', 'missed', 'abandoned', 'busy', 'no_answer', 'failed']) }),
]);
/** `h`: the call's whole history so far (it replaces what came before); without it, events that follow. */
const lineSchema = z.object({ h: z.literal(1).optional(), e: z.array(eventSchema).min(1) });

const FILE = 'calls.jsonl';
/** Where a spool being replayed waits until its calls are safe in the new one. */
const REPLAYING = 'calls.replaying.jsonl';
const COMPACTING = 'calls.compacting.jsonl';

export type CallSpoolOptions = {
  /** A spool past this size is rewritten with only the calls not yet written (default 8 MiB). */
  compactBytes?: number;
};

/**
 * The call log's durable spool: an append-only file of JSON lines in which every call event is written
 * (fsync'd, a batch per write) before the call log may lose it, so calls held while the database is down
 * survive the node stopping. The call log truncates it whenever everything in it is committed, and a
 * spool grown past `compactBytes` is rewritten with only the calls still unwritten.
 *
 * Writes are group commits: events appended while one write and fsync run go out together in the next,
 * so the hot path only serializes a line and pushes it. Lines carry a call's whole history the first time
 * the call appears after a truncation (a generation), so replaying any spool rebuilds whole calls.
 */
export class CallSpool {
  /** Bumped on every truncation or compaction: a call not written in this generation writes its history. */
  generation = 0;
  private fh: FileHandle | undefined;
  /** Lines not yet written: serialized by the writer, in one go per batch, not on the hot path. */
  private queued: { h: boolean; e: readonly CallEvent[] }[] = [];
  /** A batch that failed to write, kept for the next try. */
  private unwritten = '';
  private truncate = false;
  private replacement: string | null = null;
  private writing: Promise<void> | undefined;
  private bytes = 0;
  private compactedAt = 0;
  private failing = false;
  /** The slot this process locked: one node per slot, a dead node's slot is replayed by the next one. */
  private slotDir = '';
  private lockPath = '';
  /** The mark this node made taking a dead node's slot over (removed at a clean close). */
  private takeoverMark = '';
  /** Other free slots whose calls this node replays (released once they are spooled again here). */
  private readonly adopted: { dir: string; lock: string; mark: string }[] = [];
  private failedAt = 0;
  private readonly compactBytes: number;

  constructor(
    readonly dir: string,
    private readonly logger: Logger,
    opts: CallSpoolOptions = {},
  ) {
    this.compactBytes = opts.compactBytes ?? 8 * 1024 * 1024;
  }

  /**
   * Opens the spool and hands back what a previous run left in it: every call's events, in order. The old
   * file is kept aside until `replayed()` (after the caller has spooled those calls again in the new one).
   */
  async open(): Promise<CallEvent[][]> {
    this.slotDir = await this.lockSlot();
    const at = (name: string) => join(this.slotDir, name);
    const texts: string[] = [];
    // A replay that did not finish (the node stopped again) comes first, then what was written after it.
    for (const name of [REPLAYING, FILE]) texts.push(await readFile(at(name), 'utf8').catch(() => ''));
    await rm(at(COMPACTING), { force: true });
    const others = await this.adoptOthers();
    const calls = new Map<string, CallEvent[]>();
    let skipped = 0;
    for (const text of [...others, ...texts]) {
      for (const raw of text.split('\n')) {
        if (!raw) continue;
        let line: z.infer<typeof lineSchema>;
        try {
          line = lineSchema.parse(JSON.parse(raw));
        } catch {
          skipped++; // a torn last line after a crash, or damage: the rest still counts
          continue;
        }
        const key = `${line.e[0]!.pbx}\u0000${line.e[0]!.callId}`;
        const events = line.h ? [] : (calls.get(key) ?? []);
        events.push(...(line.e as CallEvent[]));
        calls.set(key, events);
      }
    }
    if (skipped > 0) this.logger.warn({ dir: this.slotDir, skipped }, 'call spool: unreadable lines skipped');
    // What was read stays on disk, as one file, until it is spooled again; the new file starts empty.
    if (texts[0] && texts[1]) {
      const merged = at(COMPACTING);
      const fh = await open(merged, 'w');
      try {
        await fh.write(texts[0] + texts[1]);
        await fh.datasync();
      } finally {
        await fh.close();
      }
      await rename(merged, at(REPLAYING));
      await rm(at(FILE), { force: true });
    } else if (texts[1]) await rename(at(FILE), at(REPLAYING));
    this.fh = await open(at(FILE), 'a');
    this.bytes = (await this.fh.stat()).size;
    this.kick(); // events that came before the spool was open
    return [...calls.values()].filter((events) => events.length > 0);
  }

  /**
   * Takes the first slot (dir/0, dir/1, …) no live process holds: a lock file with our pid and host. A
   * slot whose holder is dead (same host, no such process) is taken over, and its calls replayed.
   */
  private async lockSlot(): Promise<string> {
    for (let slot = 0; slot < 64; slot++) {
      const dir = join(this.dir, String(slot));
      const got = await tryLock(dir);
      if (!got) continue;
      this.lockPath = got.lock;
      this.takeoverMark = got.mark;
      return dir;
    }
    throw new Error(`CALL_SPOOL_DIR ${this.dir}: every slot is held by a running process`);
  }

  /**
   * The other slots no running node holds (nodes that ran beside this one and stopped): locked too, their
   * calls replayed with ours, their files removed by replayed().
   */
  private async adoptOthers(): Promise<string[]> {
    const texts: string[] = [];
    const names = await readdir(this.dir).catch(() => [] as string[]);
    for (const name of names.filter((n) => /^\d+$/.test(n)).sort((a, b) => Number(a) - Number(b))) {
      const dir = join(this.dir, name);
      if (dir === this.slotDir) continue;
      const got = await tryLock(dir);
      if (!got) continue;
      this.adopted.push({ dir, ...got });
      for (const file of [REPLAYING, FILE]) texts.push(await readFile(join(dir, file), 'utf8').catch(() => ''));
    }
    return texts;
  }

  /** The calls read by open() are in the new spool (synced) or committed: the old file may go. */
  async replayed(): Promise<void> {
    await this.synced();
    await rm(join(this.slotDir, REPLAYING), { force: true });
    for (const slot of this.adopted.splice(0)) {
      for (const file of [REPLAYING, FILE, COMPACTING]) await rm(join(slot.dir, file), { force: true });
      if (slot.mark) await rm(slot.mark, { recursive: true, force: true });
      held.delete(slot.lock);
      await rm(slot.lock, { force: true });
    }
  }

  /** Queues a line (a call's events); it is on disk once `synced()` resolves. */
  append(events: readonly CallEvent[], history: boolean): void {
    // A copy of the list: the call's own array grows with later events, which get their own lines.
    this.queued.push({ h: history, e: history ? events.slice() : events });
    this.kick();
  }

  /**
   * Everything spooled so far is committed to the database: the file is emptied (after the write in
   * progress, whose lines are committed too) and a new generation begins.
   */
  committedAll(): void {
    this.generation++;
    this.queued = [];
    this.unwritten = '';
    this.replacement = null;
    if (this.bytes > 0 || this.writing) this.truncate = true;
    this.kick();
  }

  /** Past `compactBytes` (and twice what the last compaction kept): time to call compact(). */
  get wantsCompaction(): boolean {
    return this.bytes > this.compactBytes && this.bytes > 2 * this.compactedAt;
  }

  /**
   * Rewrites the spool with only `histories` (the whole events of every call not yet committed): lines
   * queued so far are theirs or committed ones, so they go; a new generation begins.
   */
  compact(histories: readonly (readonly CallEvent[])[]): void {
    this.generation++;
    this.queued = [];
    this.unwritten = '';
    this.truncate = false;
    this.replacement = histories.map((e) => serialize(true, e)).join('\n');
    this.kick();
  }

  /** Resolves when every line appended so far is on disk (or the spool cannot write: logged). */
  async synced(): Promise<void> {
    while (this.writing || (this.fh && !this.failing && (this.queued.length > 0 || this.unwritten || this.truncate || this.replacement !== null))) {
      this.kick();
      await this.writing;
    }
  }

  /** Syncs and closes; the slot is released (what is left in it is replayed by the next node to take it). */
  async close(): Promise<void> {
    await this.synced();
    await this.fh?.close();
    this.fh = undefined;
    if (this.lockPath) {
      held.delete(this.lockPath);
      if (this.takeoverMark) await rm(this.takeoverMark, { recursive: true, force: true });
      await rm(this.lockPath, { force: true });
    }
  }

  /** Bytes in the spool file now (tests, metrics). */
  get size(): number {
    return this.bytes;
  }

  private kick(): void {
    if (this.writing || !this.fh) return;
    if (this.failing) {
      if (Date.now() - this.failedAt < 1000) return; // a broken disk is tried again once a second, not per event
      this.failedAt = Date.now();
    }
    this.writing = this.drain().finally(() => (this.writing = undefined));
  }

  private async drain(): Promise<void> {
    let data = '';
    try {
      while (this.fh && (this.queued.length > 0 || this.unwritten || this.truncate || this.replacement !== null)) {
        if (this.replacement !== null) {
          await this.replace(this.replacement);
          this.replacement = null;
        }
        if (this.truncate) {
          await this.fh.truncate(0);
          this.truncate = false;
          this.bytes = 0;
          this.compactedAt = 0;
        }
        if (this.queued.length === 0 && !this.unwritten) continue;
        data = this.unwritten;
        for (const line of this.queued) data += `${serialize(line.h, line.e)}\n`;
        this.queued = [];
        this.unwritten = '';
        await this.fh.write(data);
        await this.fh.datasync();
        this.bytes += Buffer.byteLength(data);
        data = '';
      }
      if (this.failing) this.logger.info({ dir: this.slotDir }, 'call spool writes resumed');
      this.failing = false;
    } catch (err) {
      // Kept for the next try (the next event or sync). The call log keeps the calls in memory and writes
      // them to the database regardless; only the protection against this node stopping is lost meanwhile.
      if (data) this.unwritten = data;
      if (!this.failing) this.logger.error({ err: (err as Error).message, dir: this.slotDir }, 'call spool write failed: calls held in memory are not protected against a stop');
      this.failing = true;
      this.failedAt = Date.now();
    }
  }

  /** Writes the compacted spool beside the old one, syncs it, and renames it over (atomic). */
  private async replace(text: string): Promise<void> {
    const tmp = join(this.slotDir, COMPACTING);
    const next = await open(tmp, 'w');
    try {
      if (text) await next.write(`${text}\n`);
      await next.datasync();
    } finally {
      await next.close();
    }
    await rename(tmp, join(this.slotDir, FILE));
    const old = this.fh;
    this.fh = await open(join(this.slotDir, FILE), 'a');
    await old?.close();
    this.bytes = (await stat(join(this.slotDir, FILE))).size;
    this.compactedAt = this.bytes;
  }
}

/** One line; times as epoch ms (an ISO string per event costs more than the rest of the line). */
function serialize(history: boolean, events: readonly CallEvent[]): string {
  const e = events.map((ev) => ({ ...ev, at: ev.at.getTime() }));
  return JSON.stringify(history ? { h: 1, e } : { e });
}

/**
 * Locks a slot directory for this process: a new lock file, or the lock of a dead holder (same host, no
 * such process; or a torn lock file). Two nodes starting at once may both judge a holder dead: the one that
 * creates the takeover mark for that holder takes the slot. Null when a live process holds it.
 */
async function tryLock(dir: string): Promise<{ lock: string; mark: string } | null> {
  await mkdir(dir, { recursive: true });
  const lock = join(dir, 'lock');
  if (held.has(lock)) return null; // another spool of this process has it
  const me = JSON.stringify({ pid: process.pid, host: hostname() });
  // The lock file appears whole (written aside, then linked or renamed in): a node reading it meanwhile
  // never sees it empty, takes it for a torn lock and takes the slot too.
  const fresh = `${lock}.${process.pid}.${Math.random().toString(36).slice(2)}`;
  await writeFile(fresh, me);
  try {
    await link(fresh, lock);
    held.add(lock); // in the same tick as the link: a reader of this process that sees our pid finds it held
    return { lock, mark: '' };
  } catch {
    const holder = await readFile(lock, 'utf8').then((t) => JSON.parse(t) as { pid?: number; host?: string }).catch(() => ({}) as { pid?: number; host?: string });
    if (holder.host !== undefined && holder.host !== hostname()) return null;
    if (typeof holder.pid === 'number' && (holder.pid === process.pid ? held.has(lock) : alive(holder.pid))) return null;
    const mark = join(dir, `takeover-${holder.pid ?? `torn-${(await stat(lock).catch(() => null))?.mtimeMs ?? 0}`}`);
    if (!(await mkdir(mark).then(() => true, () => false))) return null;
    held.add(lock); // before the lock names us (a reader of this process seeing our pid must find it held)
    await rename(fresh, lock);
    return { lock, mark };
  } finally {
    await rm(fresh, { force: true });
  }
}

/** Slots this process holds (a lock file with our own pid is free only when we no longer hold it). */
const held = new Set<string>();

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'; // exists, someone else's
  }
}

/**
 * The spool of one database under CALL_SPOOL_DIR: its calls may only ever be replayed into that database
 * (another install, or a test, sharing the directory has its own).
 */
export function spoolDirFor(root: string, database: { type: 'sqlite'; path: string } | { type: 'mysql'; url: string; database: string }): string {
  // By database name, not address: a database reached through another host name or port is the same one.
  const where = database.type === 'sqlite' ? `sqlite:${database.path}` : `mysql:${database.database}`;
  const name = (database.type === 'sqlite' ? 'sqlite' : database.database).replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 40);
  return join(root, `${name}-${createHash('sha256').update(where).digest('hex').slice(0, 8)}`);
}
