import type { Cell, ExportTable } from './report-export';
import type { RepeatPurchasesReport } from './repeat-purchases.report';
import type { SalesFigures, SalesReport } from './sales.report';

const SALES = ['contacts', 'effective', 'sales', 'turnover', 'saleCalls', 'contactsPerSale', 'conversion', 'avgDeal'] as const;
const sales = (f: SalesFigures): Cell[] => SALES.map((k) => f[k]);

/** The sales report as files: operators (with the total; CSV carries this one), then the Pareto. */
export function salesTables(r: SalesReport): ExportTable[] {
  const operators: Cell[][] = [...r.items.map((i) => [i.operatorId, i.operatorName, i.teamId, ...sales(i)]), [null, 'total', null, ...sales(r.total)]];
  if (r.unattributed.sales > 0) operators.push([null, 'unattributed', null, null, null, r.unattributed.sales, r.unattributed.turnover, null, null, null, null]);
  return [
    { name: 'operators', columns: ['operatorId', 'operatorName', 'teamId', ...SALES], rows: operators },
    { name: 'pareto', columns: ['rank', 'operatorId', 'operatorName', 'turnover', 'share', 'cumulativeShare', 'top80'], rows: r.pareto.items.map((p, i) => [i + 1, p.operatorId, p.operatorName, p.turnover, p.share, p.cumulativeShare, p.top ? 1 : 0]) },
  ];
}

/** The repeat-purchases report as files: the repeat clients (CSV), then the summary, distribution and intervals. */
export function repeatPurchasesTables(r: RepeatPurchasesReport): ExportTable[] {
  const b = r.intervals.buckets;
  return [
    { name: 'repeat-clients', columns: ['clientId', 'clientName', 'organization', 'deals', 'turnover', 'firstPurchase', 'lastPurchase'], rows: r.top.map((c) => [c.clientId, c.clientName, c.organization, c.deals, c.turnover, c.firstPurchase, c.lastPurchase]) },
    {
      name: 'summary',
      columns: ['figure', 'value'],
      rows: [
        ['buyers', r.buyers], ['repeatBuyers', r.repeatBuyers], ['repeatShare', r.repeatShare], ['deals', r.deals], ['turnover', r.turnover], ['repeatTurnover', r.repeatTurnover], ['repeatTurnoverShare', r.repeatTurnoverShare],
        ['intervals', r.intervals.count], ['medianDays', r.intervals.medianDays], ['averageDays', r.intervals.averageDays], ['upTo30', b.upTo30], ['days31to90', b.days31to90], ['days91to180', b.days91to180], ['over180', b.over180],
      ],
    },
    { name: 'distribution', columns: ['deals', 'clients', 'turnover'], rows: r.distribution.map((d) => [d.deals, d.clients, d.turnover]) },
  ];
}
