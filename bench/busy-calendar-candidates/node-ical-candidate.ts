import { createRequire } from 'node:module';
import { wallToEpochMs } from '../../src/domain/time/zone-offsets.ts';
import { calendarZoneOf, clipped, type Candidate, type CandidateOccurrence } from './candidate.ts';

interface NodeIcalInstance {
  start: Date;
  end: Date;
  isFullDay: boolean;
  event: { transparency?: string; status?: string };
}
interface NodeIcalComponent {
  type?: string;
  uid?: string;
}
interface NodeIcal {
  sync: { parseICS(text: string): Record<string, NodeIcalComponent> };
  expandRecurringEvent(
    event: NodeIcalComponent,
    options: { from: Date; to: Date; expandOngoing?: boolean },
  ): NodeIcalInstance[];
}

/**
 * node-ical, if it can be loaded: from the project (it is not a dependency) or from
 * `NODE_ICAL_PATH` (e.g. a scratch install: `npm i node-ical@0.26.1`, the last release that runs
 * on Node 20; 0.27 requires Node 22).
 */
export function loadNodeIcal(): { candidate: Candidate; version: string } | null {
  const require = createRequire(import.meta.url);
  for (const spec of [process.env.NODE_ICAL_PATH, 'node-ical']) {
    if (!spec) continue;
    try {
      const lib = require(spec) as NodeIcal;
      const { version } = require(`${spec}/package.json`) as { version: string };
      return { candidate: nodeIcalCandidate(lib, version), version };
    } catch {
      // not there: try the next place
    }
  }
  return null;
}

/**
 * node-ical as its README shows: `sync.parseICS`, then `expandRecurringEvent` per VEVENT with
 * `expandOngoing` (overlap). It reads floating times and DATE values in the process zone, so TZ is
 * set to the calendar zone for it; full-day instances are read back as local dates.
 */
function nodeIcalCandidate(lib: NodeIcal, version: string): Candidate {
  return {
    name: `node-ical ${version} (parseICS + expandRecurringEvent)`,
    expand(ics, fromMs, toMs) {
      const zone = calendarZoneOf(ics);
      process.env.TZ = zone;
      const data = lib.sync.parseICS(ics);
      const out: CandidateOccurrence[] = [];
      const localMidnight = (d: Date) =>
        wallToEpochMs(Date.UTC(d.getFullYear(), d.getMonth(), d.getDate()), zone);
      for (const [key, component] of Object.entries(data)) {
        if (component.type !== 'VEVENT') continue;
        const instances = lib.expandRecurringEvent(component, {
          from: new Date(fromMs),
          to: new Date(toMs),
          expandOngoing: true,
        });
        for (const i of instances) {
          if (String(i.event.transparency ?? '').toUpperCase() === 'TRANSPARENT') continue;
          if (String(i.event.status ?? '').toUpperCase() === 'CANCELLED') continue;
          const start = i.isFullDay ? localMidnight(i.start) : i.start.getTime();
          const end = i.isFullDay ? localMidnight(i.end) : i.end.getTime();
          clipped(out, component.uid ?? key, start, end, fromMs, toMs);
        }
      }
      return out;
    },
  };
}
