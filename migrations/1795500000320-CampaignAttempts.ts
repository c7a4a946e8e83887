import { Table, TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { bool, id, int, str, time } from './columns';

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
    await q.addColumn('calls', new TableColumn(int('campaign_id', true)));
    await q.createIndex('calls', new TableIndex({ name: 'ix_calls_campaign', columnNames: ['campaign_id'] }));

    const mysql = q.connection.options.type === 'mysql';
    const quote = (c: string) => (mysql ? `\`${c}\`` : `"${c}"`);
    const at = mysql ? new Date() : new Date().toISOString().replace('T', ' ').replace('Z', '');
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
    await q.dropIndex('calls', 'ix_calls_campaign');
    await q.dropColumn('calls', 'campaign_id');
    await q.dropColumn('campaign_entries', 'dialed_at');
    await q.dropColumn('campaigns', 'mode');
    await q.dropTable('campaign_attempts');
  }
}
