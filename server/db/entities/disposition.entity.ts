import { EntitySchema } from 'typeorm';

/** A call result the manager keeps (code stable, names per language) and what picking it does. */
export type DispositionRow = {
  code: string;
  nameRu: string;
  nameUk: string;
  nameEn: string;
  position: number;
  /** Retired codes stay on old calls but are not offered at wrap-up. */
  active: boolean;
  /** Counts as an effective contact (KPIs, reports). */
  effective: boolean;
  /** Closes the client's pending callbacks. */
  closesCallback: boolean;
  /** The wrap-up asks for a time and promises a callback. */
  opensCallback: boolean;
  /** Moves the client's funnel stage to `lost`. */
  marksLost: boolean;
  /** Counts as a sale (reports) and makes the client a `customer`. */
  marksSale: boolean;
  createdAt: Date;
  updatedAt: Date;
};

export const DispositionEntity = new EntitySchema<DispositionRow>({
  name: 'Disposition',
  tableName: 'dispositions',
  columns: {
    code: { type: 'varchar', length: 32, primary: true },
    nameRu: { name: 'name_ru', type: 'varchar', length: 100 },
    nameUk: { name: 'name_uk', type: 'varchar', length: 100 },
    nameEn: { name: 'name_en', type: 'varchar', length: 100 },
    position: { type: 'integer' },
    active: { type: 'boolean' },
    effective: { type: 'boolean' },
    closesCallback: { name: 'closes_callback', type: 'boolean' },
    opensCallback: { name: 'opens_callback', type: 'boolean' },
    marksLost: { name: 'marks_lost', type: 'boolean' },
    marksSale: { name: 'marks_sale', type: 'boolean' },
    createdAt: { name: 'created_at', type: 'datetime', precision: 3 },
    updatedAt: { name: 'updated_at', type: 'datetime', precision: 3 },
  },
});
