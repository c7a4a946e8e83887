import type { DataSource } from 'typeorm';
import { CallEntity } from '../../db/entities';
import type { Logger } from '../../logging/logger';

/** A recording's callback usually comes after the call's row is written; if not, it is tried again this often, this many times. */
const RETRY_MS = 2000;
const TRIES = 10;

/**
 * Puts a recording's link on its call row (`calls.recording_url`), found by the PBX and its call id. The
 * call log writes rows in batches, so a recording that arrives first waits for its row.
 */
export class CallRecordings {
  constructor(
    private readonly ds: DataSource,
    private readonly logger: Logger,
    private readonly retryMs = RETRY_MS,
  ) {}

  attach(pbx: string, pbxCallId: string, url: string): void {
    void this.tryAttach(pbx, pbxCallId, url, 1);
  }

  private async tryAttach(pbx: string, pbxCallId: string, url: string, attempt: number): Promise<void> {
    try {
      const result = await this.ds.createQueryBuilder().update(CallEntity).set({ recordingUrl: url }).where('pbx = :pbx AND pbx_call_id = :pbxCallId', { pbx, pbxCallId }).execute();
      if ((result.affected ?? 0) > 0) return;
    } catch (err) {
      this.logger.warn({ err: (err as Error).message, pbx, pbxCallId }, 'recording link not saved yet');
    }
    if (attempt >= TRIES) return void this.logger.warn({ pbx, pbxCallId }, 'a recording came for a call that was never written; its link is dropped');
    setTimeout(() => void this.tryAttach(pbx, pbxCallId, url, attempt + 1), this.retryMs).unref();
  }
}
