import { Table, TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { bool, id, int, str, text, time } from './columns';

const quoteName = (q: QueryRunner, name: string) => (q.connection.options.type === 'mysql' ? `\`${name}\`` : `"${name}"`);
/** Now as both drivers bind it: SQLite takes TypeORM's UTC date strings. */
const dbNow = (q: QueryRunner) => (q.connection.options.type === 'mysql' ? new Date() : new Date().toISOString().replace('T', ' ').replace('Z', ''));

/** The two "nobody answered" results a campaign's retry ladder starts from, after the seeded codes. */
const NOBODY = [
  { code: 'busy', ru: 'Занято', uk: 'Зайнято', en: 'Busy' },
  { code: 'no_answer', ru: 'Не отвечает', uk: 'Не відповідає', en: 'No answer' },
];

/**
 * Campaign results as data: one row per attempt (who called whom, with what result, on which call), so
 * progress per operator and the results' distribution are counted, not guessed from each client's last
 * result. Calls carry the campaign they were made for; a campaign is worked by preview or progressive
 * dialling. The result list gains "busy" and "no answer" (the retry ladder's first rungs) where missing.
 */
export class CampaignAttempts1795500000320 implements MigrationInterface {
  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'campaign_attempts',
        columns: [
          id(), int('campaign_id'), int('entry_id'), int('client_id'), int('operator_id'), str('disposition', 64),
          bool('reached'), bool('effective'), bool('sale'), bool('ended'), int('call_id', true), time('created_at'),
        ],
        indices: [
          { name: 'ix_campaign_attempts_operator', columnNames: ['campaign_id', 'operator_id'] },
          { name: 'ix_campaign_attempts_entry', columnNames: ['entry_id'] },
        ],
      }),
    );
    await q.addColumn('campaigns', new TableColumn({ ...str('mode', 16), default: "'preview'" }));
    await q.addColumn('campaign_entries', new TableColumn(time('dialed_at', true)));
    // The zones a campaign's clients live in, noted once when it is made (read at every "Next").
    await q.addColumn('campaigns', new TableColumn(text('zones')));
    // "Next" claims in one zone at a time, the first row of the index being the answer: only due entries
    // are 'pending' (a retry or a skipped client waits as 'waiting' until its time), and the zone is in the
    // index, so neither parked retries nor sleeping zones are walked past. 'waiting' rows come due by
    // (campaign, state, next_at).
    await q.dropIndex('campaign_entries', 'ix_campaign_entries_next');
    await q.createIndex('campaign_entries', new TableIndex({ name: 'ix_campaign_entries_claim', columnNames: ['campaign_id', 'state', 'tz', 'rank', 'next_at', 'id'] }));
    await q.createIndex('campaign_entries', new TableIndex({ name: 'ix_campaign_entries_due', columnNames: ['campaign_id', 'state', 'next_at'] }));
    await q.query(`UPDATE ${quoteName(q, 'campaign_entries')} SET ${quoteName(q, 'state')} = 'waiting' WHERE ${quoteName(q, 'state')} = 'pending' AND ${quoteName(q, 'next_at')} > ?`, [dbNow(q)]);
    await q.addColumn('calls', new TableColumn(int('campaign_id', true)));
    await q.createIndex('calls', new TableIndex({ name: 'ix_calls_campaign', columnNames: ['campaign_id'] }));

    const quote = (c: string) => quoteName(q, c);
    const at = dbNow(q);
    const [{ last }] = (await q.query(`SELECT COALESCE(MAX(${quote('position')}), 0) AS last FROM ${quote('dispositions')}`)) as [{ last: number }];
    let position = Number(last);
    const cols = ['code', 'name_ru', 'name_uk', 'name_en', 'position', 'active', 'effective', 'closes_callback', 'opens_callback', 'marks_lost', 'marks_sale', 'created_at', 'updated_at'];
    for (const d of NOBODY) {
      const [{ n }] = (await q.query(`SELECT COUNT(*) AS n FROM ${quote('dispositions')} WHERE ${quote('code')} = ?`, [d.code])) as [{ n: number }];
      if (Number(n) > 0) continue; // a manager made it already: theirs stands
      await q.query(`INSERT INTO ${quote('dispositions')} (${cols.map(quote).join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`, [d.code, d.ru, d.uk, d.en, ++position, 1, 0, 0, 0, 0, 0, at, at]);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`UPDATE ${quoteName(q, 'campaign_entries')} SET ${quoteName(q, 'state')} = 'pending' WHERE ${quoteName(q, 'state')} = 'waiting'`);
    await q.dropIndex('campaign_entries', 'ix_campaign_entries_due');
    await q.dropIndex('campaign_entries', 'ix_campaign_entries_claim');
    await q.createIndex('campaign_entries', new TableIndex({ name: 'ix_campaign_entries_next', columnNames: ['campaign_id', 'state', 'rank', 'next_at', 'id'] }));
    await q.dropColumn('campaigns', 'zones');
    await q.dropIndex('calls', 'ix_calls_campaign');
    await q.dropColumn('calls', 'campaign_id');
    await q.dropColumn('campaign_entries', 'dialed_at');
    await q.dropColumn('campaigns', 'mode');
    await q.dropTable('campaign_attempts');
  }
}
