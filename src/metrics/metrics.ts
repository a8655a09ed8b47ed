import { Counter, Histogram, Registry, Gauge, collectDefaultMetrics } from 'prom-client';
import type { ServiceMetrics } from '../services/service-metrics.ts';

/** Counts the gauges read when Prometheus scrapes. */
export interface RowCounter {
  countSchedules(): Promise<number>;
  countInstances(): Promise<number>;
}

/**
 * Recurra's Prometheus metrics, on a registry of their own (one per app, so tests and several
 * apps in one process never collide).
 */
export class Metrics {
  readonly registry = new Registry();
  readonly instancesCreated = new Counter({
    name: 'recurra_instances_created_total',
    help: 'Instance rows created by lazy materialization',
    registers: [this.registry],
  });
  readonly rangeRequests = new Counter({
    name: 'recurra_range_requests_total',
    help: 'calendar-instances requests; cache="hit" when the request created no row',
    labelNames: ['cache'] as const,
    registers: [this.registry],
  });
  readonly httpDuration = new Histogram({
    name: 'recurra_http_request_duration_seconds',
    help: 'HTTP request duration by route',
    labelNames: ['route', 'method', 'status'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });
  readonly instancesPerRequest = new Histogram({
    name: 'recurra_instances_created_per_request',
    help: 'Instance rows created by one calendar-instances request',
    buckets: [0, 1, 2, 5, 10, 25, 50, 100, 250, 1000],
    registers: [this.registry],
  });

  readonly expansionSeconds = new Histogram({
    name: 'recurra_expansion_duration_seconds',
    help: 'Time spent expanding recurrence rules for one materialization',
    buckets: [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5],
    registers: [this.registry],
  });
  readonly querySeconds = new Histogram({
    name: 'recurra_db_query_duration_seconds',
    help: 'Database call duration by kind of query',
    labelNames: ['kind'] as const,
    buckets: [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5, 1],
    registers: [this.registry],
  });
  readonly maintenanceRows = new Counter({
    name: 'recurra_maintenance_rows_total',
    help: 'Instance rows created (prewarm) or deleted (cleanup, expire) by maintenance tasks',
    labelNames: ['task'] as const,
    registers: [this.registry],
  });

  readonly bookingsTotal = new Counter({
    name: 'recurra_bookings_total',
    help: 'Booking attempts by result (created, conflict, replayed)',
    labelNames: ['result'] as const,
    registers: [this.registry],
  });
  readonly holdsTotal = new Counter({
    name: 'recurra_holds_total',
    help: 'Holds by result (created, conflict, released)',
    labelNames: ['result'] as const,
    registers: [this.registry],
  });
  readonly slotComputation = new Histogram({
    name: 'recurra_slot_computation_duration_seconds',
    help: 'Time to compute one slots answer (materialization included)',
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
    registers: [this.registry],
  });

  readonly webhookDeliveries = new Counter({
    name: 'recurra_webhook_deliveries_total',
    help: 'Webhook delivery attempts by result (succeeded, retried, failed: given up)',
    labelNames: ['result'] as const,
    registers: [this.registry],
  });
  readonly webhookLag = new Histogram({
    name: 'recurra_webhook_delivery_lag_seconds',
    help: 'From a change committing to its webhook delivery succeeding',
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 120, 600, 3600, 21_600, 86_400],
    registers: [this.registry],
  });

  /** What the webhook dispatcher reports. */
  readonly webhooks = {
    attempt: (result: 'succeeded' | 'retried' | 'failed') => this.webhookDeliveries.inc({ result }),
    lag: (seconds: number) => this.webhookLag.observe(seconds),
  };
  readonly busyFetchTotal = new Counter({
    name: 'recurra_busy_fetch_total',
    help: 'Busy-calendar fetches by result (ok, not_modified, error)',
    labelNames: ['result'] as const,
    registers: [this.registry],
  });
  /** What the busy-calendar refresher reports. */
  readonly busyFetch = (result: 'ok' | 'not_modified' | 'error') =>
    this.busyFetchTotal.inc({ result });

  /** What the booking paths report. */
  readonly bookings = {
    booking: (result: 'created' | 'conflict' | 'replayed') => this.bookingsTotal.inc({ result }),
    hold: (result: 'created' | 'conflict' | 'released') => this.holdsTotal.inc({ result }),
  };

  private readonly boundQueries = new Map<string, { observe(v: number): void }>();

  /** The port the services report through. */
  readonly service: ServiceMetrics = {
    observeExpansion: (s) => this.expansionSeconds.observe(s),
    observeQuery: (kind, s) => {
      let bound = this.boundQueries.get(kind);
      if (!bound) this.boundQueries.set(kind, (bound = this.querySeconds.labels({ kind })));
      bound.observe(s);
    },
    countMaintenance: (task, n) => this.maintenanceRows.inc({ task }, n),
  };

  constructor(rows: RowCounter, options: { defaultMetrics?: boolean } = {}) {
    new Gauge({
      name: 'recurra_rows',
      help: 'Rows in the database by kind, counted when scraped',
      labelNames: ['kind'] as const,
      registers: [this.registry],
      async collect() {
        const [schedules, instances] = await Promise.all([
          rows.countSchedules(),
          rows.countInstances(),
        ]);
        // The contract names the schedule row kind "template" (the seed's word for it).
        this.set({ kind: 'template' }, schedules);
        this.set({ kind: 'instance' }, instances);
      },
    });
    if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: this.registry });
  }

  private readonly boundDurations = new Map<string, { observe(v: number): void }>();

  /** Records one HTTP request's duration; label sets are bound once (no per-request label objects). */
  observeRequest(labels: { route: string; method: string }, status: number, seconds: number): void {
    const key = `${labels.method} ${labels.route} ${status}`;
    let bound = this.boundDurations.get(key);
    if (!bound) {
      bound = this.httpDuration.labels({ ...labels, status: String(status) });
      this.boundDurations.set(key, bound);
    }
    bound.observe(seconds);
  }

  // Bound once: a label object per view showed in the server profile (prom-client hashes it).
  private readonly viewHits = this.rangeRequests.labels({ cache: 'hit' });
  private readonly viewMisses = this.rangeRequests.labels({ cache: 'miss' });

  /** Records one calendar view: how many rows it created, and whether that made it a cache hit. */
  recordView(created: number): void {
    if (created === 0) {
      this.viewHits.inc();
      this.instancesPerRequest.observe(0);
      return;
    }
    this.instancesCreated.inc(created);
    this.viewMisses.inc();
    this.instancesPerRequest.observe(created);
  }
}
