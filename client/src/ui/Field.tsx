import { useId, type ReactElement, type ReactNode } from 'react';

export type FieldProps = {
  label: ReactNode;
  hint?: ReactNode;
  /** Render prop: receives the id to put on the control, so the label points at it. */
  children: (id: string, describedBy: string | undefined) => ReactElement;
  className?: string;
};

/** A labelled form control with an optional hint under it. */
export function Field({ label, hint, children, className }: FieldProps) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  return (
    <div className={`field ${className ?? ''}`}>
      <label className="field-label" htmlFor={id}>
        {label}
      </label>
      {children(id, hintId)}
      {hint && (
        <p className="field-hint" id={hintId}>
          {hint}
        </p>
      )}
    </div>
  );
}
