import type { ReactNode } from 'react';

export type EmptyStateProps = {
  title: ReactNode;
  text?: ReactNode;
  children?: ReactNode;
};

export function EmptyState({ title, text, children }: EmptyStateProps) {
  return (
    <div className="empty-state">
      <p className="empty-title">{title}</p>
      {text && <p className="empty-text">{text}</p>}
      {children}
    </div>
  );
}
