import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../app/api-client';
import { useErrorText } from '../i18n/error-text';
import type { DuplicatePolicy, Mapping } from '../modules/imports/api/imports.types';
import { ImportMappingTable } from '../modules/imports/components/ImportMappingTable';
import { ImportReport } from '../modules/imports/components/ImportReport';
import { useImport, useImportStep, useUploadImport } from '../modules/imports/hooks/use-import';
import '../modules/imports/components/imports.css';
import { Alert } from '../ui/Alert';
import { PageHeader } from '../ui/PageHeader';
import { Spinner } from '../ui/Spinner';

const UPLOAD_CODES = ['not_a_spreadsheet', 'file_too_large', 'zip_bomb', 'too_many_columns', 'too_many_rows', 'no_rows', 'empty_file', 'merged_header', 'no_visible_sheet', 'bad_csv'] as const;

/** Office files in (managers): upload → columns and mapping → dry run → import, the import's id in the address. */
export function ImportsPage() {
  const { t } = useTranslation('imports');
  const errorText = useErrorText();
  const [params, setParams] = useSearchParams();
  const id = Number(params.get('id')) || null;
  const [file, setFile] = useState<File | null>(null);
  const [mapping, setMapping] = useState<Mapping | null>(null);
  const [duplicates, setDuplicates] = useState<DuplicatePolicy>('skip');
  const upload = useUploadImport();
  const current = useImport(id);
  const step = useImportStep(id);
  const state = current.data;

  // The mapping and policy as the server last kept them (after a reload too), until the user changes them.
  useEffect(() => {
    if (state && mapping === null) {
      setMapping(state.mapping);
      if (state.duplicates) setDuplicates(state.duplicates);
    }
  }, [state, mapping]);

  const uploadError = (err: unknown) => {
    const code = isApiError(err) ? err.code : '';
    return (UPLOAD_CODES as readonly string[]).includes(code) ? t(`upload.${code as (typeof UPLOAD_CODES)[number]}`) : errorText(err);
  };
  const send = () => {
    if (!file) return;
    upload.mutate(file, {
      onSuccess: (res) => {
        setMapping(res.mapping);
        setParams({ id: String(res.id) });
      },
    });
  };
  const restart = () => {
    setMapping(null);
    setFile(null);
    upload.reset();
    step.reset();
    setParams({});
  };

  const busy = state?.status === 'checking' || state?.status === 'running' || step.isPending;
  const locked = busy || state?.status === 'done';
  const hasName = mapping !== null && Object.values(mapping).includes('name');
  const run = (which: 'dry-run' | 'commit') => mapping && step.mutate({ step: which, mapping, duplicates });

  return (
    <div className="page imports-page">
      <PageHeader title={t('title')} subtitle={t('subtitle')} actions={id !== null ? <button type="button" className="btn btn-secondary" onClick={restart}>{t('file.another')}</button> : undefined} />
      {id === null && (
        <section className="panel import-upload">
          <label className="field">
            <span className="field-label">{t('file.label')}</span>
            <input type="file" accept=".csv,.txt,.xlsx,.ods,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,application/vnd.oasis.opendocument.spreadsheet" onChange={(e) => setFile(e.target.files?.[0] ?? null)} data-testid="import-file" />
            <span className="field-hint">{t('file.hint')}</span>
          </label>
          <button type="button" className="btn btn-primary" disabled={!file || upload.isPending} onClick={send} data-testid="import-upload">
            {upload.isPending ? t('file.uploading') : t('file.upload')}
          </button>
          {upload.isError && <Alert>{uploadError(upload.error)}</Alert>}
        </section>
      )}
      {id !== null && current.isPending && <Spinner />}
      {id !== null && current.isError && <Alert>{errorText(current.error)}</Alert>}
      {state && mapping && (
        <>
          <section className="panel">
            <h2 className="panel-title">
              {t('mapping.title')} · <span className="import-file-name">{state.fileName}</span>
            </h2>
            <ImportMappingTable columns={state.columns} mapping={mapping} disabled={locked} onChange={setMapping} />
            {!hasName && <p className="field-hint import-warning">{t('mapping.needName')}</p>}
            <fieldset className="import-duplicates" disabled={locked}>
              <legend>{t('duplicates.label')}</legend>
              {(['skip', 'fill', 'overwrite'] as const).map((p) => (
                <label key={p}>
                  <input type="radio" name="duplicates" value={p} checked={duplicates === p} onChange={() => setDuplicates(p)} /> {t(`duplicates.${p}`)}
                </label>
              ))}
            </fieldset>
            <div className="import-actions">
              <button type="button" className="btn btn-secondary" disabled={locked || !hasName} onClick={() => run('dry-run')} data-testid="import-dry-run">
                {t('actions.dryRun')}
              </button>
              <button type="button" className="btn btn-primary" disabled={locked || !hasName || state.status === 'failed'} onClick={() => run('commit')} data-testid="import-commit">
                {t('actions.commit')}
              </button>
            </div>
            {step.isError && <Alert>{errorText(step.error)}</Alert>}
          </section>
          {state.status !== 'analyzed' && <ImportReport state={state} />}
        </>
      )}
    </div>
  );
}
