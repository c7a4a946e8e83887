/** The A/B/C settings and reports as the server sends them (server/modules/abc). */
export type AbcClass = 'A' | 'B' | 'C';
export type Potential = 'low' | 'medium' | 'high';
export type AbcShares = [number, number, number];
export type AbcSettings = { shares: AbcShares; periodDays: number };

export type AbcClassRow = { class: AbcClass; clients: number; turnover: number; share: number; avgPerClient: number };
export type AbcSummary = AbcSettings & {
  from: string;
  to: string;
  classes: AbcClassRow[];
  unclassified: number;
  turnover: number;
  pareto: { clients: number; turnover: number }[];
  recomputedAt: string | null;
};
export type AbcMatrixCell = { class: AbcClass | null; potential: Potential | null; clients: number; turnover: number };
export type AbcMatrix = { from: string; to: string; cells: AbcMatrixCell[] };
export type DayRange = { from: string; to: string };
export type AbcMovement = {
  period1: DayRange;
  period2: DayRange;
  pairs: { from: AbcClass | null; to: AbcClass | null; clients: number }[];
  fellOutOfA: { total: number; items: { clientId: number; name: string; turnover1: number; class2: AbcClass | null; turnover2: number }[] };
};
export type AbcReportKind = 'summary' | 'matrix' | 'movement';
