import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseRule } from '../../src/domain/recurrence/parse-rule.ts';
import { Recurrence } from '../../src/domain/recurrence/recurrence.ts';
import { epochMsToLocal, formatInstant, localToEpochMs } from '../../src/domain/time/date-time.ts';
import { DIALECTS } from '../support/databases.ts';
import { duplicateOccurrences, instancesPath } from '../support/fixtures.ts';
import { NOW, startTestServer, type TestServer } from '../support/test-server.ts';
import { scheduleCaseArb, windowArb } from './arbitraries.ts';
import { HOUR_MS, seriesOf, windowMs, type ScheduleCase } from './support.ts';

const DAY_MS = 86_400_000;
const HORIZON_MS = 730 * DAY_MS; // the default materialization horizon around NOW

interface View {
  readonly w: { start: string; end: string };
  readonly concurrent: boolean;
}

/** Sparse COUNT rules are refused with a 400 (sparse-count-rule.test.ts); not this property's subject. */
function endOverflows(c: ScheduleCase): boolean {
  try {
    seriesOf(c).lifetime();
    return false;
  } catch (err) {
    return /too sparse/.test(String(err));
  }
}

const caseArb = scheduleCaseArb.chain((c) =>
  fc
    .array(
      windowArb(c.dtstart).chain((w) =>
        fc.boolean().map((concurrent): View => ({ w, concurrent })),
      ),
      { minLength: 2, maxLength: 6 },
    )
    .map((views) => ({ ...c, views })),
);

/** Runs the views in their random order; consecutive "concurrent" ones together, each twice. */
async function runViews(
  server: TestServer,
  sp: number,
  views: readonly View[],
): Promise<Array<{ view: View; body: { instances: Array<Record<string, unknown>> } }>> {
  const out: Array<{ view: View; body: { instances: Array<Record<string, unknown>> } }> = [];
  const get = async (view: View) => {
    const res = await server.request('GET', instancesPath(sp, view.w.start, view.w.end));
    expect(res.status).toBe(200);
    out.push({ view, body: res.body });
  };
  for (let i = 0; i < views.length;) {
    const batch = [views[i] as View];
    while (batch[0]?.concurrent && views[i + batch.length]?.concurrent)
      batch.push(views[i + batch.length] as View);
    await Promise.all(batch.flatMap((v) => (v.concurrent ? [get(v), get(v)] : [get(v)])));
    i += batch.length;
  }
  return out;
}

describe.each(DIALECTS)('viewing windows over HTTP on %s', (dialect) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(dialect);
  });
  afterAll(async () => server.close());

  it('in any order and concurrently: every answer is the expansion, and one row per occurrence is stored', async () => {
    let returned = 0;
    await fc.assert(
      fc.asyncProperty(caseArb, async (c) => {
        fc.pre(!endOverflows(c));
        const sp = (await server.request('POST', '/specialist', { name: 'Prop', timezone: c.zone }))
          .body.id as number;
        const startMs = localToEpochMs(c.dtstart, c.zone);
        const created = await server.request(
          'POST',
          `/specialist/${sp}/schedules?allow_overlap=true`,
          {
            title: 'Prop',
            start_datetime: c.dtstart,
            end_datetime: formatInstant(startMs + HOUR_MS, c.zone),
            recurrence_rule: c.rule.object,
          },
        );
        expect(created.status).toBe(201);
        // What the server stored: DTSTART (a gap time moved forward) and the canonical rule.
        const series = new Recurrence({
          rule: parseRule(created.body.recurrence_rule as string),
          dtstart: epochMsToLocal(startMs, c.zone),
          timeZone: c.zone,
          durationMs: HOUR_MS,
        });

        const answers = await runViews(server, sp, c.views);
        const stored = new Set<number>();
        for (const { view, body } of answers) {
          returned += body.instances.length;
          const [fromMs, toMs] = windowMs(c.zone, view.w);
          const expected = series.overlapping(fromMs, toMs, 100_000);
          expect(
            body.instances.map((i) => [
              Date.parse(i.start_datetime as string),
              Date.parse(i.end_datetime as string),
            ]),
          ).toEqual(expected.map((o) => [o.startMs, o.endMs]));
          const storeFrom = Math.max(fromMs, NOW - HORIZON_MS);
          const storeTo = Math.min(toMs, NOW + HORIZON_MS);
          if (storeFrom < storeTo)
            for (const o of series.overlapping(storeFrom, storeTo, 100_000)) stored.add(o.startMs);
        }
        const rows = await server.db.storage.db
          .selectFrom('instances')
          .select('original_start')
          .where('specialist_id', '=', sp)
          .orderBy('original_start')
          .execute();
        expect(rows.map((r) => Number(r.original_start))).toEqual(
          [...stored].sort((a, b) => a - b),
        );
      }),
      { numRuns: 50 },
    );
    expect(returned).toBeGreaterThan(0);
    expect(await duplicateOccurrences(server.db.storage)).toBe(0);
  });
});
