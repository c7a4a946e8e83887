import { useTranslation } from 'react-i18next';
import { IMPORT_FIELDS, type ImportField, type Mapping } from '../api/imports.types';

export type ImportMappingTableProps = { columns: string[]; mapping: Mapping; disabled: boolean; onChange: (mapping: Mapping) => void };

/** Each column of the file and the field it goes to (or none); `phone` may be chosen for several columns. */
export function ImportMappingTable({ columns, mapping, disabled, onChange }: ImportMappingTableProps) {
  const { t } = useTranslation('imports');
  const set = (header: string, field: ImportField | '') => {
    const next: Mapping = {};
    for (const [h, f] of Object.entries(mapping)) if (h !== header && (field === 'phone' || f !== field)) next[h] = f;
    if (field) next[header] = field;
    onChange(next);
  };
  return (
    <div className="table-wrap">
      <table className="table import-mapping" data-testid="import-mapping">
        <thead>
          <tr>
            <th scope="col">{t('mapping.column')}</th>
            <th scope="col">{t('mapping.field')}</th>
          </tr>
        </thead>
        <tbody>
          {columns.map((c) => (
            <tr key={c}>
              <td className="import-column">{c}</td>
              <td>
                <select aria-label={c} value={mapping[c] ?? ''} disabled={disabled} onChange={(e) => set(c, e.target.value as ImportField | '')}>
                  <option value="">{t('mapping.skip')}</option>
                  {IMPORT_FIELDS.map((f) => (
                    <option key={f} value={f}>
                      {t(`fields.${f}`)}
                    </option>
                  ))}
                </select>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
