import type { TFunction } from 'i18next';

/** A campaign's filter in words ("Class: A, B · Tag: vip"), with the client list's field names. */
export function describeFilter(filter: Record<string, string>, t: TFunction): string {
  const label: Record<string, string> = { class: t('field.class'), stage: t('field.stage'), tier: t('field.tier'), source: t('field.source'), tag: t('field.tags'), q: '🔍' };
  return Object.entries(filter)
    .map(([k, v]) => `${label[k] ?? k}: ${v.split(',').join(', ')}`)
    .join(' · ');
}
