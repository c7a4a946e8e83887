/** The charts' colours: the same tones as the badges and states in ui/styles.css. */
export const CHART_COLORS = {
  grid: '#e2e8f0',
  muted: '#64748b',
  untracked: '#f1f5f9',
  answered: '#16a34a',
  abandoned: '#dc2626',
  unanswered: '#f59e0b',
  avgTalk: '#2563eb',
  avgTalkRed: '#dc2626',
  longest: '#94a3b8',
  longestLong: '#d97706',
} as const;

/** Tick and legend size: bigger on the full-screen board, read from across the room. */
export const chartFont = (large: boolean) => (large ? 16 : 12);
