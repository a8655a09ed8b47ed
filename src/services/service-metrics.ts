/** What the services report for monitoring; the Prometheus adapter implements it. */
export interface ServiceMetrics {
  /** Seconds spent expanding rules for one materialization. */
  observeExpansion(seconds: number): void;
  /** Seconds one database call of a kind took (`find_templates`, `insert_instances`, `read_window`…). */
  observeQuery(kind: string, seconds: number): void;
  /** Rows a maintenance task touched (`prewarm`, `cleanup`, `expire`). */
  countMaintenance(task: string, rows: number): void;
}

export const noMetrics: ServiceMetrics = {
  observeExpansion: () => undefined,
  observeQuery: () => undefined,
  countMaintenance: () => undefined,
};

/** Runs `work`, reporting its duration as a query of `kind`. */
export async function timed<T>(
  metrics: ServiceMetrics,
  kind: string,
  work: () => Promise<T>,
): Promise<T> {
  const started = performance.now();
  try {
    return await work();
  } finally {
    metrics.observeQuery(kind, (performance.now() - started) / 1000);
  }
}
