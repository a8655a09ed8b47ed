import { describe, expect, it } from 'vitest';
import { mergeIntervals } from '../../src/domain/busy-time/merge-intervals.ts';

const i = (startMs: number, endMs: number) => ({ startMs, endMs });

describe('mergeIntervals', () => {
  it('sorts, merges overlapping and touching intervals, keeps gaps', () => {
    expect(mergeIntervals([i(50, 60), i(10, 20), i(15, 30), i(30, 40), i(41, 45)], 0, 100)).toEqual(
      [i(10, 40), i(41, 45), i(50, 60)],
    );
  });

  it('clips to the window and drops what falls outside or is empty', () => {
    expect(mergeIntervals([i(-10, 5), i(95, 120), i(120, 130), i(50, 50)], 0, 100)).toEqual([
      i(0, 5),
      i(95, 100),
    ]);
  });

  it('absorbs intervals contained in others and does not modify its input', () => {
    const input = [i(10, 90), i(20, 30), i(5, 8)];
    const copy = structuredClone(input);
    expect(mergeIntervals(input, 0, 100)).toEqual([i(5, 8), i(10, 90)]);
    expect(input).toEqual(copy);
  });
});
