/** The reports' chart colours: the same tones as the badges in ui/styles.css. */
export const REPORT_COLORS = {
  grid: '#e2e8f0',
  good: '#16a34a',
  neutral: '#94a3b8',
  warn: '#f59e0b',
  bad: '#dc2626',
  primary: '#2563eb',
} as const;
