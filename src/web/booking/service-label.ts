import type { Service } from './booking-api.ts';

/** How a client sees a service: "Consultation (30 min)". */
export function serviceLabel(s: Pick<Service, 'name' | 'duration_minutes'>): string {
  return `${s.name} (${s.duration_minutes} min)`;
}
