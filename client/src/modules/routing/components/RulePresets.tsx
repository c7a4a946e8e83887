import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useErrorText } from '../../../i18n/error-text';
import { Alert } from '../../../ui/Alert';
import type { Rule } from '../api/routing.types';
import { useCreateRule } from '../hooks/use-rules';
import { PRESET_KEYS, RULE_PRESETS, type PresetKey } from './rule-presets';

export type RulePresetsProps = {
  /** The rules as they are: a preset whose name is already taken shows as added. */
  rules: readonly Rule[];
};

/** One-click presets: each creates an ordinary rule (POST /api/routing-rules) named in the manager's language. */
export function RulePresets({ rules }: RulePresetsProps) {
  const { t } = useTranslation('routing');
  const errorText = useErrorText();
  const create = useCreateRule();
  const [adding, setAdding] = useState<PresetKey | null>(null);
  const [added, setAdded] = useState<string | null>(null);
  const names = new Set(rules.map((r) => r.name));

  const add = (key: PresetKey) => {
    setAdding(key);
    setAdded(null);
    create.mutate({ ...RULE_PRESETS[key], name: t(`presets.${key}.name`) }, { onSuccess: (rule) => setAdded(rule.name), onSettled: () => setAdding(null) });
  };

  return (
    <section className="panel" aria-labelledby="rule-presets-title">
      <div className="panel-header panel-header-wrap">
        <div>
          <h2 className="panel-title" id="rule-presets-title">
            {t('presets.title')}
          </h2>
          <p className="panel-note">{t('presets.hint')}</p>
        </div>
      </div>
      <div className="stack-sm">
        <ul className="rule-presets">
          {PRESET_KEYS.map((key) => {
            const name = t(`presets.${key}.name`);
            const exists = names.has(name);
            return (
              <li key={key} className="rule-preset" data-preset={key}>
                <div className="rule-preset-text">
                  <span className="strong">{name}</span>
                  <span className="field-hint">{t(`presets.${key}.text`)}</span>
                </div>
                <button type="button" className="btn btn-secondary btn-sm" disabled={exists || create.isPending} aria-label={`${t('presets.add')}: ${name}`} onClick={() => add(key)}>
                  {exists ? `✓ ${t('presets.added')}` : adding === key ? '…' : `+ ${t('presets.add')}`}
                </button>
              </li>
            );
          })}
        </ul>
        <p className="field-hint">{t('presets.orderNote')}</p>
        {added && <Alert tone="success">{t('presets.done', { name: added })}</Alert>}
        {create.error && <Alert>{errorText(create.error)}</Alert>}
      </div>
    </section>
  );
}
