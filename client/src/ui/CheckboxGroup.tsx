import type { ReactNode } from 'react';
import './checkbox-group.css';

export type CheckboxOption<V extends string | number> = { value: V; label: string; title?: string };

export type CheckboxGroupProps<V extends string | number> = {
  legend: ReactNode;
  options: readonly CheckboxOption<V>[];
  value: readonly V[];
  /** The ticked values, in the order of the options. */
  onChange: (value: V[]) => void;
  hint?: ReactNode;
  disabled?: boolean;
};

/** A labelled group of checkboxes drawn as pills: for picking several of a short list. */
export function CheckboxGroup<V extends string | number>({ legend, options, value, onChange, hint, disabled = false }: CheckboxGroupProps<V>) {
  const toggle = (v: V, on: boolean) => {
    const next = new Set(value);
    if (on) next.add(v);
    else next.delete(v);
    onChange(options.map((o) => o.value).filter((o) => next.has(o)));
  };
  return (
    <fieldset className="checkbox-group" disabled={disabled}>
      <legend className="field-label">{legend}</legend>
      <div className="check-pills">
        {options.map((o) => (
          <label key={o.value} className="check-pill" title={o.title}>
            <input type="checkbox" checked={value.includes(o.value)} onChange={(e) => toggle(o.value, e.target.checked)} />
            <span>{o.label}</span>
          </label>
        ))}
      </div>
      {hint && <p className="field-hint">{hint}</p>}
    </fieldset>
  );
}
