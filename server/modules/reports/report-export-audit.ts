import type { RequestHandler } from 'express';
import type { AuditService } from '../audit/audit.service';

const FILE_FORMATS = new Set(['csv', 'xlsx']);

/**
 * Every report taken out as a file is in the audit log: who, which report, with which filters. Mounted
 * before the report routes, so a report added later is covered without a line of its own. The entry is
 * written once the file went out whole (status 200); a refused or failed request leaves none.
 */
export function auditReportFiles(audit: AuditService): RequestHandler {
  return (req, res, next) => {
    const format = req.query.format;
    if (req.method === 'GET' && req.path.startsWith('/reports/') && typeof format === 'string' && FILE_FORMATS.has(format)) {
      res.once('finish', () => {
        const actor = req.session?.actor;
        if (res.statusCode !== 200 || !actor) return;
        const report = req.path.slice('/reports/'.length);
        void audit.recordAlone(actor, 'export', 'report', report, { format, query: req.query }).catch((err: unknown) => req.log?.error({ err }, 'could not audit a report export'));
      });
    }
    next();
  };
}
