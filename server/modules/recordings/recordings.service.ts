import { unlink } from 'node:fs/promises';
import { In, IsNull, LessThan, Not, type DataSource } from 'typeorm';
import { z } from 'zod';
import { CallEntity, CallLegEntity, SettingEntity, TeamEntity, UserEntity, type CallRow } from '../../db/entities';
import { transaction } from '../../db/transaction';
import { AppError, forbidden, notFound } from '../../http/errors';
import type { Logger } from '../../logging/logger';
import type { JobQueue } from '../../jobs/job-queue';
import type { AuditService } from '../audit/audit.service';
import { hasRole, type Actor } from '../auth/actor';
import { locateRecording, type RecordingLocation, type RecordingSources } from './recording-location';

export const recordingSettingsSchema = z.object({ retentionDays: z.number().int().min(1).max(3650).nullable() }).strict();
export type RecordingSettings = z.infer<typeof recordingSettingsSchema>;

const KEY = 'recordings';
const RETENTION_JOB = 'recordings-retention';
const RETENTION_EVERY_MS = 3600_000;
const BATCH = 500;

/**
 * Call recordings: who may hear which (the call's own operators; supervisors the calls of their teams;
 * managers and admins every call; downloads for supervisors and above), where each is, every listen and
 * download in the audit log, and the manager's retention: older recordings are deleted by an hourly job.
 */
export class RecordingsService {
  constructor(
    private readonly ds: DataSource,
    private readonly audit: AuditService,
    private readonly sources: RecordingSources,
    private readonly logger: Logger,
  ) {}

  /**
   * The call's recording for this user, or an error: 404 (no call, no recording), 403 (not theirs to hear,
   * or an operator asking to download). `first`: the start of a playback (not a seek), which is audited.
   */
  async open(actor: Actor, callId: number, opts: { download: boolean; first: boolean }): Promise<RecordingLocation> {
    const call = await this.ds.getRepository(CallEntity).findOneBy({ id: callId });
    if (!call) throw notFound('Call');
    if (opts.download && !hasRole(actor.role, 'supervisor')) throw forbidden('Downloading recordings is for supervisors and managers');
    if (!(await this.mayHear(actor, call))) throw forbidden('This call’s recording is not yours to hear');
    const where = locateRecording(call, this.sources);
    if (!where) throw new AppError(404, 'no_recording', 'This call has no recording');
    if (opts.first || opts.download) await this.audit.recordAlone(actor, opts.download ? 'download' : 'listen', 'recording', callId, { callId, clientId: call.clientId, operatorId: call.operatorId });
    return where;
  }

  private async mayHear(actor: Actor, call: CallRow): Promise<boolean> {
    if (hasRole(actor.role, 'manager')) return true;
    const legs = await this.ds.getRepository(CallLegEntity).find({ select: { operatorId: true }, where: { pbx: call.pbx, pbxCallId: call.pbxCallId } });
    const operators = new Set([call.operatorId, ...legs.map((l) => l.operatorId)].filter((id): id is number => id !== null));
    if (operators.has(actor.userId)) return true;
    if (!hasRole(actor.role, 'supervisor') || operators.size === 0) return false;
    const teams = (await this.ds.getRepository(TeamEntity).findBy({ supervisorId: actor.userId })).map((t) => t.id);
    if (teams.length === 0) return false;
    return this.ds.getRepository(UserEntity).existsBy({ id: In([...operators]), teamId: In(teams) });
  }

  async settings(): Promise<RecordingSettings> {
    const row = await this.ds.getRepository(SettingEntity).findOneBy({ key: KEY });
    return row ? (JSON.parse(row.value) as RecordingSettings) : { retentionDays: null };
  }

  async setSettings(actor: Actor, input: RecordingSettings): Promise<RecordingSettings> {
    await transaction(this.ds, async (em) => {
      const row = await em.getRepository(SettingEntity).findOneBy({ key: KEY });
      await em.getRepository(SettingEntity).save({ key: KEY, value: JSON.stringify(input), updatedAt: new Date(), updatedById: actor.userId });
      await this.audit.record(em, actor, 'update', 'setting', KEY, row ? JSON.parse(row.value) : null, input);
    });
    return input;
  }

  /** The retention job: hourly, one run at a time across the cluster. */
  async start(jobs: JobQueue): Promise<void> {
    jobs.process(RETENTION_JOB, async () => void (await this.sweep()));
    await jobs.repeat(RETENTION_JOB, RETENTION_EVERY_MS, {});
  }

  /**
   * Deletes the recordings of calls that started more than the retention's days ago: the file (from the
   * mounted directory), or Twilio's recording (its REST API); the call keeps no link. A recording served
   * by URL only is the PBX's to delete: the CRM drops its link. Idempotent (a file already gone is fine).
   */
  async sweep(now = new Date()): Promise<{ deleted: number; failed: number }> {
    const { retentionDays } = await this.settings();
    if (!retentionDays) return { deleted: 0, failed: 0 };
    const before = new Date(now.getTime() - retentionDays * 86400_000);
    let deleted = 0;
    let failed = 0;
    const skip = new Set<number>();
    for (;;) {
      const calls = await this.ds.getRepository(CallEntity).find({ where: { recordingUrl: Not(IsNull()), startedAt: LessThan(before), ...(skip.size > 0 && { id: Not(In([...skip])) }) }, order: { id: 'ASC' }, take: BATCH });
      if (calls.length === 0) break;
      for (const call of calls) {
        try {
          await this.remove(call);
          await this.ds.getRepository(CallEntity).update({ id: call.id }, { recordingUrl: null });
          deleted++;
        } catch (err) {
          failed++;
          skip.add(call.id); // tried again at the next run
          this.logger.warn({ callId: call.id, err: (err as Error).message }, 'recording not deleted; tried again at the next run');
        }
      }
    }
    if (deleted + failed > 0) this.logger.info({ deleted, failed, retentionDays, before: before.toISOString() }, 'recordings past their retention deleted');
    return { deleted, failed };
  }

  private async remove(call: CallRow): Promise<void> {
    const where = locateRecording(call, this.sources);
    if (!where) return;
    if (where.kind === 'file') return unlink(where.path).catch((err: NodeJS.ErrnoException) => { if (err.code !== 'ENOENT') throw err; });
    if (!where.authorization) return; // served by the PBX's web server: its rotation deletes it
    const res = await fetch(where.url.replace(/\.mp3$/, ''), { method: 'DELETE', headers: { authorization: where.authorization }, signal: AbortSignal.timeout(15_000) });
    if (!res.ok && res.status !== 404) throw new Error(`Twilio answered ${res.status} to the recording's deletion`);
  }
}
