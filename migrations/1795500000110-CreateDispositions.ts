import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { bool, int, str, time } from './columns';

/** Today's codes, in their order, with what they did before the list became editable (only `effective`). */
const SEED = [
  { code: 'sale', ru: 'Продажа', uk: 'Продаж', en: 'Sale', effective: true, closesCallback: true, opensCallback: false, marksLost: false, marksSale: true },
  { code: 'callback_promised', ru: 'Обещан перезвон', uk: 'Обіцяно передзвонити', en: 'Callback promised', effective: true, closesCallback: false, opensCallback: true, marksLost: false, marksSale: false },
  { code: 'info_given', ru: 'Дана информация', uk: 'Надано інформацію', en: 'Information given', effective: true, closesCallback: false, opensCallback: false, marksLost: false, marksSale: false },
  { code: 'not_interested', ru: 'Не заинтересован', uk: 'Не зацікавлений', en: 'Not interested', effective: false, closesCallback: true, opensCallback: false, marksLost: false, marksSale: false },
  { code: 'wrong_number', ru: 'Ошибка номера', uk: 'Помилковий номер', en: 'Wrong number', effective: false, closesCallback: false, opensCallback: false, marksLost: false, marksSale: false },
  { code: 'no_decision_maker', ru: 'Нет ЛПР', uk: 'Немає ОПР', en: 'No decision maker', effective: false, closesCallback: false, opensCallback: false, marksLost: false, marksSale: false },
];

/** The manager's list of call results (dispositions) and what each does; seeded with the former fixed list. */
export class CreateDispositions1795500000110 implements MigrationInterface {
  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'dispositions',
        columns: [
          { ...str('code', 32), isPrimary: true },
          str('name_ru', 100),
          str('name_uk', 100),
          str('name_en', 100),
          int('position'),
          bool('active'),
          bool('effective'),
          bool('closes_callback'),
          bool('opens_callback'),
          bool('marks_lost'),
          bool('marks_sale'),
          time('created_at'),
          time('updated_at'),
        ],
        indices: [{ name: 'ix_dispositions_position', columnNames: ['position'] }],
      }),
    );
    // Plain parameters both drivers bind: SQLite takes 0/1 and TypeORM's UTC date strings.
    const mysql = q.connection.options.type === 'mysql';
    const now = new Date();
    const at = mysql ? now : now.toISOString().replace('T', ' ').replace('Z', '');
    const flag = (b: boolean) => (b ? 1 : 0);
    const cols = ['code', 'name_ru', 'name_uk', 'name_en', 'position', 'active', 'effective', 'closes_callback', 'opens_callback', 'marks_lost', 'marks_sale', 'created_at', 'updated_at'];
    const quote = (c: string) => (mysql ? `\`${c}\`` : `"${c}"`);
    for (const [i, d] of SEED.entries()) {
      await q.query(`INSERT INTO ${quote('dispositions')} (${cols.map(quote).join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`, [
        d.code, d.ru, d.uk, d.en, i + 1, 1, flag(d.effective), flag(d.closesCallback), flag(d.opensCallback), flag(d.marksLost), flag(d.marksSale), at, at,
      ]);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('dispositions');
  }
}
