import type { NextFunction, Request, Response } from 'express';

/**
 * Answers 503 when a request has had no answer within `ms` (a hung database holds a query forever: the
 * pool neither fails nor times it out). Streams that have started (exports) are left to run.
 */
export function requestDeadline(ms: number) {
  return (req: Request, res: Response, next: NextFunction) => {
    const timer = setTimeout(() => {
      if (res.headersSent) return;
      req.log?.warn({ ms }, 'request deadline passed');
      res.status(503).set('Retry-After', '5').json({ error: { code: 'timeout', message: 'The server could not finish in time (the database may be slow or down); check before you retry' } });
    }, ms);
    timer.unref();
    const clear = () => clearTimeout(timer);
    res.on('finish', clear);
    res.on('close', clear);
    next();
  };
}
