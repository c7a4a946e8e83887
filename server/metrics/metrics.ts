import type { NextFunction, Request, Response } from 'express';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { CallEvent } from '../../telephony/call-event';
import type { Services } from '../services';

const JOB_NAMES = ['callback-remind', 'callback-route', 'callback-sweep', 'callback-replan'];
const PBX_STATES = ['connecting', 'connected', 'disconnected', 'auth_failed', 'stopped', 'standby', 'disabled'] as const;

/** What a connector may report beyond its status (the Asterisk connector counts its reconnects). */
type LinkFigures = { reconnects?: number; lastEventAt?: string | number | Date | null };

/**
 * Prometheus metrics of one node. Most figures are read from the services when scraped (nothing to keep in
 * step); the HTTP histogram and the AMI event lag are observed as they happen.
 */
export class Metrics {
  readonly registry = new Registry();
  private readonly httpDuration = new Histogram({
    name: 'hotline_http_request_duration_seconds',
    help: 'HTTP request latency by route',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });
  private readonly eventLag = new Histogram({
    name: 'hotline_pbx_event_lag_seconds',
    help: 'Time from a call event on the PBX to its handling here',
    buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30],
    registers: [this.registry],
  });
  private readonly events = new Counter({ name: 'hotline_pbx_events_total', help: 'Call events received from the PBX, by type', labelNames: ['type'], registers: [this.registry] });
  private sockets: () => number = () => 0;

  constructor(services: Services) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry, prefix: 'hotline_' });
    new Gauge({
      name: 'hotline_pbx_link',
      help: 'PBX link state (1 for the current state)',
      labelNames: ['mode', 'state'],
      registers,
      collect() {
        const pbx = services.health.pbxState();
        this.reset();
        for (const s of PBX_STATES) this.set({ mode: pbx.mode, state: s }, pbx.status === s ? 1 : 0);
      },
    });
    new Gauge({
      name: 'hotline_pbx_reconnects',
      help: 'Times the PBX link was re-established since start',
      registers,
      collect() {
        this.set((services.health.pbxState() as LinkFigures).reconnects ?? 0);
      },
    });
    new Gauge({
      name: 'hotline_pbx_last_event_age_seconds',
      help: 'Seconds since the PBX last sent an event (-1 when none yet)',
      registers,
      collect() {
        const at = (services.health.pbxState() as LinkFigures).lastEventAt;
        this.set(at ? (Date.now() - new Date(at).getTime()) / 1000 : -1);
      },
    });
    new Gauge({ name: 'hotline_calls_in_progress', help: 'Calls in progress on this node', registers, collect() {
      this.set(services.callLog.live().length);
    } });
    const pops = services.screenpops.stats;
    for (const [key, help] of [['sent', 'Screen-pops sent'], ['acknowledged', 'Screen-pops acknowledged by a browser'], ['resent', 'Screen-pops sent again after a reconnect']] as const) {
      new Gauge({ name: `hotline_screenpops_${key}`, help: `${help} since start`, registers, collect() {
        this.set(pops[key]);
      } });
    }
    new Gauge({ name: 'hotline_callback_sweep_age_seconds', help: 'Seconds since the last callback sweep finished on this node (-1 before the first)', registers, collect() {
      const at = services.callbacks.sweepStats.lastFinishedAt;
      this.set(at ? (Date.now() - at) / 1000 : -1);
    } });
    new Gauge({ name: 'hotline_callback_sweep_duration_seconds', help: 'How long the last callback sweep took', registers, collect() {
      this.set(services.callbacks.sweepStats.lastDurationMs / 1000);
    } });
    new Gauge({
      name: 'hotline_jobs_pending',
      help: 'Jobs waiting in the queue, by kind (callback timers and sweeps)',
      labelNames: ['job'],
      registers,
      async collect() {
        const counts = await Promise.all(JOB_NAMES.map((n) => services.jobs.pending(n).catch(() => -1)));
        JOB_NAMES.forEach((job, i) => this.set({ job }, counts[i]!));
      },
    });
    const sockets = () => this.sockets();
    new Gauge({ name: 'hotline_sockets_connected', help: 'Socket.IO connections on this node', registers, collect() {
      this.set(sockets());
    } });
  }

  /** Socket.IO exists after the services; main.ts hands over its connection count. */
  countSockets(count: () => number): void {
    this.sockets = count;
  }

  /** Observes a PBX event on its way into the call log. */
  pbxEvent(event: CallEvent): void {
    this.events.inc({ type: event.type });
    const lag = (Date.now() - event.at.getTime()) / 1000;
    if (lag >= 0) this.eventLag.observe(lag);
  }

  /** Express middleware timing every request by its route pattern (never the raw path: ids would explode the series). */
  http() {
    return (req: Request, res: Response, next: NextFunction) => {
      const end = this.httpDuration.startTimer();
      res.on('finish', () => {
        const route = req.route?.path ? `${req.baseUrl}${String(req.route.path)}` : req.path.startsWith('/api/') ? 'api_unmatched' : 'static';
        end({ method: req.method, route, status: String(res.statusCode) });
      });
      next();
    };
  }

  text(): Promise<string> {
    return this.registry.metrics();
  }
}
