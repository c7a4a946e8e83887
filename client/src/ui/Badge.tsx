import type { ReactNode } from 'react';

export type BadgeTone = 'neutral' | 'blue' | 'green' | 'amber' | 'red' | 'violet' | 'slate';

export type BadgeProps = {
  tone?: BadgeTone;
  title?: string;
  children: ReactNode;
};

export function Badge({ tone = 'neutral', title, children }: BadgeProps) {
  return (
    <span className={`badge badge-${tone}`} title={title}>
      {children}
    </span>
  );
}
