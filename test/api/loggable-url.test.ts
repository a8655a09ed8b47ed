import { describe, expect, it } from 'vitest';
import { loggableUrl } from '../../src/http/loggable-url.ts';

describe('URLs in log lines', () => {
  it.each([
    ['/specialist/1/calendar.ics?token=rcf_secret', '/specialist/1/calendar.ics?token=[redacted]'],
    [
      '/specialist/1/bookings/2?x=1&cancel_token=rcb_secret&y=2',
      '/specialist/1/bookings/2?x=1&cancel_token=[redacted]&y=2',
    ],
    ['/specialist/1/holds/3?hold_token=rch_secret', '/specialist/1/holds/3?hold_token=[redacted]'],
    [
      '/specialist/1/holds/3?hold%5Ftoken=rch_secret',
      '/specialist/1/holds/3?hold%5Ftoken=[redacted]',
    ],
    [
      '/specialist/1/calendar-instances?start_date=2027-01-04',
      '/specialist/1/calendar-instances?start_date=2027-01-04',
    ],
    ['/health', '/health'],
    ['/x?%E0%A4%A=1', '/x?%E0%A4%A=1'],
  ])('%s → %s', (url, logged) => {
    expect(loggableUrl(url)).toBe(logged);
  });
});
