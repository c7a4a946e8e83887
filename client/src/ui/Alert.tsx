import type { ReactNode } from 'react';

export type AlertProps = {
  tone?: 'error' | 'success' | 'info';
  children: ReactNode;
  /** A button such as "Try again". */
  action?: ReactNode;
};

export function Alert({ tone = 'error', children, action }: AlertProps) {
  return (
    <div className={`alert alert-${tone}`} role={tone === 'error' ? 'alert' : 'status'}>
      <div className="alert-body">{children}</div>
      {action}
    </div>
  );
}
