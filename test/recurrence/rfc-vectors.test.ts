import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expand } from './support.ts';

interface Vector {
  name: string;
  tz: string;
  dtstart: string;
  rrule: string;
  window: [string, string];
  expected?: string[];
  expected_full?: string[];
  time?: string;
}

// A copy of the shared test vectors, kept in the repository: a clone has nothing beside it.
const file = resolve(import.meta.dirname, 'vectors/rrule-vectors.json');
const { vectors } = JSON.parse(readFileSync(file, 'utf8')) as { vectors: Vector[] };

describe('RFC 5545 §3.8.5.3 examples and DST vectors (test/recurrence/vectors)', () => {
  it('has vectors to run', () => {
    expect(vectors.length).toBeGreaterThanOrEqual(15);
  });

  it.each(vectors)('$name', (v) => {
    const got = expand(v.tz, v.dtstart, v.rrule, v.window);
    if (v.expected_full) {
      expect(got).toEqual(v.expected_full);
    } else {
      expect(got.map((g) => g.slice(0, 19))).toEqual(
        (v.expected ?? []).map((d) => `${d}T${v.time}`),
      );
    }
  });
});
