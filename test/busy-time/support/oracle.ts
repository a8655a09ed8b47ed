import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

/** One occurrence as the oracle reports it (clipped to the window). */
export interface OracleOccurrence {
  readonly uid: string;
  readonly startMs: number;
  readonly endMs: number;
}

export interface OracleAnswer {
  readonly occurrences: OracleOccurrence[];
  readonly intervals: Array<{ startMs: number; endMs: number }>;
}

export const ORACLE_PYTHON = '/usr/bin/python3';
const SCRIPT = resolve(import.meta.dirname, '../oracle/busy_oracle.py');

/**
 * Busy intervals of `ics` in the window according to Debian's python3-icalendar +
 * python3-recurring-ical-events (run by /usr/bin/python3; see oracle/busy_oracle.py for the rules
 * it applies and its one known difference, folds). Throws with an install hint when missing.
 */
export function runOracle(ics: string, window: { fromMs: number; toMs: number }): OracleAnswer {
  const run = spawnSync(ORACLE_PYTHON, [SCRIPT, '-', String(window.fromMs), String(window.toMs)], {
    input: ics,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (run.error || run.status !== 0) {
    throw new Error(
      `the busy-calendar oracle did not run (${run.error?.message ?? run.stderr.trim().split('\n').at(-1)}); ` +
        'install it with: apt-get install -y python3-icalendar python3-recurring-ical-events',
    );
  }
  return JSON.parse(run.stdout) as OracleAnswer;
}
