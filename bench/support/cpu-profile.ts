import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}

/** A V8 `.cpuprofile`: the call tree, and one sampled node per tick with its time delta (µs). */
export interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  samples?: number[];
  timeDeltas?: number[];
}

/** `name path:line`, the path relative to the repository. */
function labelOf(n: ProfileNode): string {
  const url = n.callFrame.url.replace(/^file:\/\//, '').replace(`${process.cwd()}/`, '');
  return `${n.callFrame.functionName || '(anonymous)'} ${url}:${n.callFrame.lineNumber + 1}`;
}

/**
 * Self and inclusive sample share per function (`name file:line`), descending. With `window`
 * (µs on the profile's monotonic clock, the same as `process.hrtime`), only the samples taken
 * inside it count: the load, not the server's start-up and module loading.
 */
export function summarizeProfile(profile: CpuProfile, window?: readonly [number, number]) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const hits = new Map<number, number>();
  if (window && profile.samples && profile.timeDeltas) {
    let t = profile.startTime;
    profile.samples.forEach((id, i) => {
      t += profile.timeDeltas?.[i] ?? 0;
      if (t >= window[0] && t <= window[1]) hits.set(id, (hits.get(id) ?? 0) + 1);
    });
  } else for (const n of profile.nodes) hits.set(n.id, n.hitCount ?? 0);
  const total = [...hits.values()].reduce((s, h) => s + h, 0);
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  const subtree = (n: ProfileNode): number =>
    (hits.get(n.id) ?? 0) +
    (n.children ?? []).reduce((s, c) => s + subtree(byId.get(c) as ProfileNode), 0);
  for (const n of profile.nodes) {
    const label = labelOf(n);
    self.set(label, (self.get(label) ?? 0) + (hits.get(n.id) ?? 0));
    inclusive.set(label, (inclusive.get(label) ?? 0) + subtree(n));
  }
  const pct = (x: number) => Math.round((x / Math.max(total, 1)) * 1000) / 10;
  return {
    total,
    self: [...self].sort((a, b) => b[1] - a[1]).map(([k, v]) => [k, pct(v)] as const),
    inclusive: [...inclusive].sort((a, b) => b[1] - a[1]).map(([k, v]) => [k, pct(v)] as const),
  };
}

/** The top self-time functions and Recurra's own frames of the `.cpuprofile` in `dir`, as text. */
export function profileReport(dir: string, window?: readonly [number, number], top = 25): string {
  const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
  if (!file) throw new Error(`no .cpuprofile in ${dir}`);
  const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as CpuProfile;
  const s = summarizeProfile(profile, window);
  const lines = [`self time (% of ${s.total} samples${window ? ' during the load' : ''}):`];
  for (const [k, v] of s.self.slice(0, top)) lines.push(`${String(v).padStart(6)}  ${k}`);
  lines.push('', 'inclusive time, Recurra code:');
  for (const [k, v] of s.inclusive
    .filter(([k]) => k.startsWith('src/') || k.includes(' src/'))
    .slice(0, 30))
    lines.push(`${String(v).padStart(6)}  ${k}`);
  lines.push('', `profile: ${join(dir, file)}`);
  return lines.join('\n');
}

/** Prints `profileReport`. */
export function printProfile(dir: string, window?: readonly [number, number]): void {
  console.log(`\n${profileReport(dir, window)}`);
}
