import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}

/** Self and inclusive sample share per function (`name file:line`), descending by self. */
export function summarizeProfile(nodes: readonly ProfileNode[]) {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const total = nodes.reduce((s, n) => s + (n.hitCount ?? 0), 0);
  const label = (n: ProfileNode) =>
    `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.replace(/^.*\/work\/main\//, '').replace(/^file:\/\//, '')}:${n.callFrame.lineNumber + 1}`;
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  const subtree = (n: ProfileNode): number =>
    (n.hitCount ?? 0) +
    (n.children ?? []).reduce((s, c) => s + subtree(byId.get(c) as ProfileNode), 0);
  for (const n of nodes) {
    self.set(label(n), (self.get(label(n)) ?? 0) + (n.hitCount ?? 0));
    inclusive.set(label(n), (inclusive.get(label(n)) ?? 0) + subtree(n));
  }
  const pct = (x: number) => Math.round((x / total) * 1000) / 10;
  return {
    total,
    self: [...self].sort((a, b) => b[1] - a[1]).map(([k, v]) => [k, pct(v)] as const),
    inclusive: [...inclusive].sort((a, b) => b[1] - a[1]).map(([k, v]) => [k, pct(v)] as const),
  };
}

/** Prints the top self-time functions and Recurra's own frames of the `.cpuprofile` in `dir`. */
export function printProfile(dir: string): void {
  const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
  if (!file) throw new Error(`no .cpuprofile in ${dir}`);
  const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as { nodes: ProfileNode[] };
  const s = summarizeProfile(profile.nodes);
  console.log(`\nself time (% of ${s.total} samples):`);
  for (const [k, v] of s.self.slice(0, 25)) console.log(`${String(v).padStart(6)}  ${k}`);
  console.log('\ninclusive time, Recurra code:');
  for (const [k, v] of s.inclusive.filter(([k]) => k.includes(' src/')).slice(0, 30))
    console.log(`${String(v).padStart(6)}  ${k}`);
  console.log(`\nprofile: ${join(dir, file)}`);
}
