import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expandBusyOccurrences } from '../../../src/domain/busy-time/busy-occurrences.ts';
import { LIMITS, WINDOW } from './busy-window.ts';
import { spans } from './ics-builder.ts';

/** The text of a feed under test/busy-time/fixtures. */
export function readFixture(name: string): string {
  return readFileSync(resolve(import.meta.dirname, '../fixtures', name), 'utf8');
}

/** The blocking occurrences of one UID of a feed in the pinned window, as ISO spans. */
export function occurrencesOf(text: string, uid: string): string[] {
  const { occurrences } = expandBusyOccurrences(text, WINDOW, LIMITS);
  return spans(occurrences.filter((o) => o.uid === uid));
}
