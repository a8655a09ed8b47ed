import type { Change } from '../domain/changes/change.ts';
import type { ObjectPresenter } from '../services/change-recorder.ts';
import type { Repositories } from '../storage/repositories.ts';
import { presentBooking, presentInstance, presentSchedule, presentService } from './presenters.ts';

/** Webhook bodies carry the changed object exactly as the API returns it. */
export const changePresenter: ObjectPresenter = {
  async present(repos: Repositories, change: Change) {
    const { kind, id } = change.object;
    const sp = change.specialistId;
    if (kind === 'schedule') {
      const s = await repos.schedules.findById(sp, id);
      return s ? presentSchedule(s) : null;
    }
    if (kind === 'instance') {
      const i = await repos.instances.findById(sp, id);
      return i ? presentInstance(i) : null;
    }
    const specialist = await repos.specialists.findById(sp);
    if (!specialist) return null;
    if (kind === 'service') {
      const s = await repos.services.findById(sp, id);
      return s ? presentService(s, specialist.timeZone) : null;
    }
    const b = await repos.bookings.findById(sp, id);
    return b ? presentBooking(b, specialist.timeZone) : null;
  },
};
