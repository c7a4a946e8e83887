export type FieldErrorProps = { id: string; text: string | undefined };

/** The server's (or the form's) word on one field, under it; referenced by the control's aria-describedby. */
export function FieldError({ id, text }: FieldErrorProps) {
  if (!text) return null;
  return (
    <p className="admin-field-error" id={id}>
      {text}
    </p>
  );
}
