/** The sales and repeat-purchases reports as GET /api/reports/sales and /repeat-purchases answer them (see server/modules/reports). */
export type SalesFigures = {
  contacts: number;
  effective: number;
  sales: number;
  turnover: number;
  saleCalls: number;
  contactsPerSale: number | null;
  conversion: number | null;
  avgDeal: number | null;
};
export type SalesByOperator = SalesFigures & { operatorId: number; operatorName: string | null; teamId: number | null };
export type ParetoOperator = { operatorId: number; operatorName: string | null; turnover: number; share: number; cumulativeShare: number; top: boolean };
export type SalesReport = {
  from: string;
  to: string;
  range: { from: string; to: string };
  items: SalesByOperator[];
  total: SalesFigures;
  unattributed: { sales: number; turnover: number };
  pareto: { threshold: number; operators: number; topOperators: number; items: ParetoOperator[] };
};

export type DealsBucket = '1' | '2' | '3' | '4' | '5+';
export type RepeatClient = { clientId: number; clientName: string; organization: string | null; deals: number; turnover: number; firstPurchase: string; lastPurchase: string };
export type RepeatPurchasesReport = {
  from: string;
  to: string;
  buyers: number;
  repeatBuyers: number;
  repeatShare: number | null;
  deals: number;
  turnover: number;
  repeatTurnover: number;
  repeatTurnoverShare: number | null;
  distribution: { deals: DealsBucket; clients: number; turnover: number }[];
  intervals: { count: number; medianDays: number | null; averageDays: number | null; buckets: { upTo30: number; days31to90: number; days91to180: number; over180: number } };
  top: RepeatClient[];
};
