import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Field } from '../../../ui/Field';
import { formatPhone } from '../../../ui/format-phone';
import { useCurrentUser } from '../../auth/hooks/use-session';
import { hasRole } from '../../auth/roles';
import { OrganizationPicker, type OrganizationChoice } from '../../organizations/components/OrganizationPicker';
import { useUsers } from '../../users/hooks/use-users';
import { CLIENT_LANGUAGES, KNOWN_SOURCES, POTENTIALS, STAGES, TIERS, type Client, type ClientPatch } from '../api/client.types';
import { useUpdateClient } from '../hooks/use-client';
import { useSourceLabel } from '../hooks/use-source-label';
import { ClientKindField } from './ClientKindField';
import { FormError } from './FormError';
import { UnparsedPhoneWarning } from './UnparsedPhoneWarning';
import { splitList } from './split-list';

export type ClientEditFormProps = {
  client: Client;
  onDone: () => void;
};

type Draft = {
  name: string;
  kind: Client['kind'];
  organization: OrganizationChoice;
  position: string;
  phones: string;
  emails: string;
  birthday: string;
  source: string;
  ownerId: string;
  stage: Client['stage'];
  tier: string;
  potential: string;
  tags: string;
  timezone: string;
  language: string;
};

const draftOf = (c: Client): Draft => ({
  name: c.name,
  kind: c.kind,
  organization: { text: c.organization ?? '', organizationId: c.organizationId },
  position: c.position ?? '',
  phones: c.phones.map((p) => (p.e164 ? formatPhone(p.e164) : p.raw)).join(', '),
  emails: c.emails.join(', '),
  birthday: c.birthday ?? '',
  source: c.source ?? '',
  ownerId: c.ownerId ? String(c.ownerId) : '',
  stage: c.stage,
  tier: c.tier ?? '',
  potential: c.potential ?? '',
  tags: c.tags.join(', '),
  timezone: c.timezone ?? '',
  language: c.language ?? '',
});

const orNull = (s: string) => (s.trim() === '' ? null : s.trim());
const sameList = (a: string[], b: string[]) => a.join('\n') === b.join('\n');

/** Only what changed goes to the server, so a field the user may not set is never sent unchanged. */
function patchOf(before: Client, d: Draft): ClientPatch {
  const p: ClientPatch = {};
  const initial = draftOf(before);
  if (d.name.trim() !== before.name) p.name = d.name.trim();
  if (d.kind !== before.kind) p.kind = d.kind;
  // An organization's text is its name (the server keeps it so); a person's is a card or a typed name.
  if (d.kind === 'person') {
    if (d.organization.organizationId !== before.organizationId) p.organizationId = d.organization.organizationId;
    if (d.organization.organizationId === null && (before.organizationId !== null || orNull(d.organization.text) !== before.organization)) p.organization = orNull(d.organization.text);
    if (orNull(d.position) !== before.position) p.position = orNull(d.position);
  }
  if (d.phones !== initial.phones) p.phones = splitList(d.phones);
  if (!sameList(splitList(d.emails), before.emails)) p.emails = splitList(d.emails);
  if (orNull(d.birthday) !== before.birthday) p.birthday = orNull(d.birthday);
  if (orNull(d.source) !== before.source) p.source = orNull(d.source);
  if ((Number(d.ownerId) || null) !== before.ownerId) p.ownerId = Number(d.ownerId) || null;
  if (d.stage !== before.stage) p.stage = d.stage;
  if (orNull(d.tier) !== before.tier) p.tier = TIERS.find((x) => x === d.tier) ?? null;
  if (orNull(d.potential) !== before.potential) p.potential = POTENTIALS.find((x) => x === d.potential) ?? null;
  if (!sameList(splitList(d.tags.toLowerCase()), before.tags)) p.tags = splitList(d.tags);
  if (orNull(d.timezone) !== before.timezone) p.timezone = orNull(d.timezone);
  if ((orNull(d.language) ?? null) !== (before.language ?? null)) p.language = CLIENT_LANGUAGES.find((x) => x === d.language) ?? null;
  return p;
}

export function ClientEditForm({ client, onDone }: ClientEditFormProps) {
  const { t } = useTranslation();
  const { t: to } = useTranslation('organizations');
  const { t: tm } = useTranslation('messaging');
  const me = useCurrentUser();
  const { users } = useUsers();
  const sourceLabel = useSourceLabel();
  const update = useUpdateClient(client.id);
  const [draft, setDraft] = useState<Draft>(() => draftOf(client));
  const set = (patch: Partial<Draft>) => setDraft((d) => ({ ...d, ...patch }));
  const isManager = hasRole(me.role, 'manager');
  const mayReassign = hasRole(me.role, 'supervisor');
  const sources = client.source && !(KNOWN_SOURCES as readonly string[]).includes(client.source) ? [...KNOWN_SOURCES, client.source] : KNOWN_SOURCES;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const patch = patchOf(client, draft);
    if (Object.keys(patch).length === 0) return onDone();
    update.mutate(patch, { onSuccess: onDone });
  };

  return (
    <form className="form" onSubmit={submit} aria-label={t('card.editTitle')}>
      {update.isError && <FormError error={update.error} />}
      <Field label={`${t('field.name')} *`}>{(id) => <input id={id} required maxLength={200} value={draft.name} onChange={(e) => set({ name: e.target.value })} />}</Field>
      <div className="form-row">
        <ClientKindField value={draft.kind} onChange={(kind) => set({ kind })} />
        <Field label={t('field.stage')}>
          {(id) => (
            <select id={id} value={draft.stage} onChange={(e) => set({ stage: STAGES.find((s) => s === e.target.value) ?? draft.stage })}>
              {STAGES.map((s) => (
                <option key={s} value={s}>
                  {t(`stage.${s}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      {draft.kind === 'person' && (
        <div className="form-row">
          <OrganizationPicker value={draft.organization} onChange={(organization) => set({ organization })} />
          <Field label={to('position')}>{(id) => <input id={id} maxLength={200} value={draft.position} onChange={(e) => set({ position: e.target.value })} />}</Field>
        </div>
      )}
      <Field label={t('field.phones')} hint={t('common.listHint')}>
        {(id, hint) => <input id={id} aria-describedby={hint} inputMode="tel" value={draft.phones} onChange={(e) => set({ phones: e.target.value })} />}
      </Field>
      <UnparsedPhoneWarning phones={draft.phones} />
      <Field label={t('field.emails')} hint={t('common.listHint')}>
        {(id, hint) => <input id={id} aria-describedby={hint} inputMode="email" value={draft.emails} onChange={(e) => set({ emails: e.target.value })} />}
      </Field>
      <div className="form-row">
        <Field label={t('field.source')}>
          {(id) => (
            <select id={id} value={draft.source} onChange={(e) => set({ source: e.target.value })}>
              <option value="">{t('common.empty')}</option>
              {sources.map((s) => (
                <option key={s} value={s}>
                  {sourceLabel(s)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('field.owner')}>
          {(id) => (
            <select id={id} value={draft.ownerId} disabled={!mayReassign} onChange={(e) => set({ ownerId: e.target.value })}>
              <option value="">{t('card.noOwner')}</option>
              {users
                .filter((u) => u.active || String(u.id) === draft.ownerId)
                .map((u) => (
                  <option key={u.id} value={u.id}>
                    {u.name}
                  </option>
                ))}
              {draft.ownerId && !users.some((u) => String(u.id) === draft.ownerId) && <option value={draft.ownerId}>{t('common.userNumber', { id: draft.ownerId })}</option>}
            </select>
          )}
        </Field>
      </div>
      <div className="form-row">
        <Field label={t('field.tier')} hint={isManager ? undefined : t('card.managerOnly')}>
          {(id, hint) => (
            <select id={id} aria-describedby={hint} value={draft.tier} disabled={!isManager} onChange={(e) => set({ tier: e.target.value })}>
              <option value="">{t('common.empty')}</option>
              {TIERS.map((x) => (
                <option key={x} value={x}>
                  {t(`tier.${x}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('field.potential')} hint={isManager ? undefined : t('card.managerOnly')}>
          {(id, hint) => (
            <select id={id} aria-describedby={hint} value={draft.potential} disabled={!isManager} onChange={(e) => set({ potential: e.target.value })}>
              <option value="">{t('common.empty')}</option>
              {POTENTIALS.map((x) => (
                <option key={x} value={x}>
                  {t(`potential.${x}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <div className="form-row">
        <Field label={t('field.birthday')}>{(id) => <input id={id} type="date" value={draft.birthday} onChange={(e) => set({ birthday: e.target.value })} />}</Field>
        <Field label={t('field.timezone')}>{(id) => <input id={id} placeholder="Europe/Moscow" value={draft.timezone} onChange={(e) => set({ timezone: e.target.value })} />}</Field>
      </div>
      <Field label={tm('clientLanguage.label')} hint={tm('clientLanguage.hint')}>
        {(id, hint) => (
          <select id={id} aria-describedby={hint} value={draft.language} onChange={(e) => set({ language: e.target.value })}>
            <option value="">{tm('clientLanguage.auto')}</option>
            {CLIENT_LANGUAGES.map((l) => (
              <option key={l} value={l}>
                {tm(`language.${l}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label={t('field.tags')} hint={t('common.listHint')}>
        {(id, hint) => <input id={id} aria-describedby={hint} value={draft.tags} onChange={(e) => set({ tags: e.target.value })} />}
      </Field>
      <div className="form-actions">
        <button type="button" className="btn btn-secondary" onClick={onDone}>
          {t('common.cancel')}
        </button>
        <button type="submit" className="btn btn-primary" disabled={update.isPending}>
          {update.isPending ? t('common.saving') : t('common.save')}
        </button>
      </div>
    </form>
  );
}
