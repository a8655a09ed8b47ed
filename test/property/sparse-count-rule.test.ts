import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/databases.ts';
import { countRows, createSpecialist } from '../support/fixtures.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

/**
 * Found by the HTTP property test. A valid COUNT rule whose occurrences are years apart, e.g.
 * FREQ=DAILY;COUNT=10;BYMONTH=2;BYMONTHDAY=29 (ten leap days, 36 years), makes the series' end
 * computation (Recurrence.lifetime → rrule-temporal all()) throw "Maximum iterations (10000) exceeded
 * in all()", a plain Error, which the error handler answers as 500 internal_error. The contract:
 * never a 5xx for client input; either 201 (the end computed another way) or a 400 naming the rule.
 * Fixed: the library's iteration cap now surfaces as a 400 saying the rule is too sparse.
 */
describe.each(DIALECTS)('a sparse COUNT rule on %s', (dialect) => {
  let server: TestServer;
  let sp: number;
  beforeAll(async () => {
    server = await startTestServer(dialect);
    sp = await createSpecialist(server);
  });
  afterAll(async () => server.close());

  it.each([
    'FREQ=DAILY;COUNT=10;BYMONTH=2;BYMONTHDAY=29',
    'FREQ=DAILY;COUNT=6;BYMONTH=1;BYMONTHDAY=1;BYDAY=MO',
  ])('%s is answered 201 or 400, never 500', async (rule) => {
    const before = await countRows(server);
    const res = await server.request('POST', `/specialist/${sp}/schedules?allow_overlap=true`, {
      title: 'Leap day',
      start_datetime: '2028-02-29T09:00:00',
      end_datetime: '2028-02-29T10:00:00',
      recurrence_rule: rule,
    });
    expect([201, 400]).toContain(res.status);
    if (res.status === 400) {
      expect(res.body.error.code).toBe('validation_error');
      expect(await countRows(server)).toEqual(before);
    }
  });
});
