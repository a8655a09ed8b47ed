import type { BookingsResult } from '../scenarios/bookings.ts';
import type { CreateResult } from '../scenarios/create-schedule.ts';
import type { HttpLatencyResult } from '../scenarios/http-latency.ts';
import type { HttpResult } from '../scenarios/http-throughput.ts';
import type { RowCountResult } from '../scenarios/row-count.ts';
import type { ScaleLevel } from '../scenarios/scale-views.ts';
import type { WeekViewResult } from '../scenarios/week-view.ts';
import type { Ratio } from './ratios.ts';

/** Every number one dialect produced in a run. */
export interface DialectResult {
  readonly dialect: 'sqlite' | 'postgres';
  readonly database_version: string;
  readonly create: CreateResult;
  readonly week_view: WeekViewResult;
  readonly rows: RowCountResult;
  readonly scale: { readonly levels: ScaleLevel[] };
  readonly http: HttpResult;
  /** One server, one client: the read path over HTTP against `/health`, side by side. */
  readonly http_latency: HttpLatencyResult;
  readonly bookings: BookingsResult;
  readonly ratios: Record<string, Ratio>;
}

/** The content of `bench/results/latest.json`. */
export interface BenchResults {
  readonly generated_at: string;
  readonly mode: 'full' | 'quick';
  readonly wall_seconds: number;
  readonly machine: {
    readonly cpus: number;
    readonly cpu_model: string;
    readonly memory_gb: number;
    readonly platform: string;
    readonly node: string;
  };
  readonly versions: Record<string, string>;
  readonly plan: Record<string, unknown>;
  readonly dialects: DialectResult[];
}
