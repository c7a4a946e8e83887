/**
 * Contact-length bands, written once: the contact-length report, the operator's own figures and their
 * charts all read these. The floor's rule of thumb at the first funnel stages: 1–1.5 min is an operator
 * who is not prepared, 2–3 min a well-prepared one.
 */
export const TALK_BANDS = [
  { key: 'under60', fromSeconds: 0, toSeconds: 60 },
  { key: 's60to90', fromSeconds: 60, toSeconds: 90 },
  { key: 's90to120', fromSeconds: 90, toSeconds: 120 },
  { key: 's120to180', fromSeconds: 120, toSeconds: 180 },
  { key: 'over180', fromSeconds: 180, toSeconds: null },
] as const;

export type TalkBand = (typeof TALK_BANDS)[number]['key'];
export type TalkBandCounts = Record<TalkBand, number>;

/** How a band reads at the first funnel stages (lead, contacted): the default targets the colours say. */
export const TALK_BAND_VERDICT: Record<TalkBand, 'short' | 'unprepared' | 'neutral' | 'prepared' | 'long'> = {
  under60: 'short',
  s60to90: 'unprepared',
  s90to120: 'neutral',
  s120to180: 'prepared',
  over180: 'long',
};

export const zeroBands = (): TalkBandCounts => ({ under60: 0, s60to90: 0, s90to120: 0, s120to180: 0, over180: 0 });

/**
 * One `SUM(CASE …)` column per band over `talkColumn` (seconds, NULL counts nowhere), aliased `band_<key>`:
 * select them beside a GROUP BY and read them back with `bandsOf`.
 */
export function bandSelects(talkColumn: string): { sql: string; alias: string }[] {
  return TALK_BANDS.map((b) => ({
    alias: `band_${b.key}`,
    sql: `SUM(CASE WHEN ${talkColumn} >= ${b.fromSeconds}${b.toSeconds === null ? '' : ` AND ${talkColumn} < ${b.toSeconds}`} THEN 1 ELSE 0 END)`,
  }));
}

/** The band counts of one raw result row selected with `bandSelects`. */
export function bandsOf(row: Record<string, unknown>): TalkBandCounts {
  const out = zeroBands();
  for (const b of TALK_BANDS) out[b.key] = Number(row[`band_${b.key}`] ?? 0);
  return out;
}

/** The band a talk time falls in. */
export function bandOf(seconds: number): TalkBand {
  for (const b of TALK_BANDS) if (b.toSeconds === null || seconds < b.toSeconds) return b.key;
  return 'over180';
}
