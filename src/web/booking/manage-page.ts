import type { Specialist } from '../api-client.ts';
import { addDays } from '../wall-time.ts';
import { wallAt } from '../zoned-time.ts';
import type { Booking, BookingApi, Service } from './booking-api.ts';
import { bookingWhen } from './booking-when.ts';
import { monthOf } from './month-days.ts';
import { byId, fillList, showSection } from './page-elements.ts';
import { errorText, isUnavailable, ProblemBox } from './problem-box.ts';
import { spanIn } from './slot-time.ts';
import { serviceLabel } from './service-label.ts';
import { SlotPicker } from './slot-picker.ts';
import type { Slot } from './slots-by-day.ts';
import { zoneField } from './zone-field.ts';

/**
 * `/book/manage/{booking}`: the client's booking, cancelled or moved to another slot with its
 * cancel token.
 * @example await managePage(api, specialist, service, booking, token);
 */
export function managePage(
  api: BookingApi,
  specialist: Specialist,
  service: Service | null,
  first: Booking,
  token: string,
): void {
  let booking = first;
  let picker: SlotPicker | null = null;
  let target: Slot | null = null;
  const problem = new ProblemBox(byId('manage-problem'));
  const zone = zoneField(byId('manage-zone'), byId('manage-zone-note'), specialist, () => {
    draw();
    void picker?.rezone();
  });
  const actions = byId('manage-actions');
  const cancelConfirm = byId('cancel-confirm');
  const area = byId('reschedule-area');
  const moveConfirm = byId('move-confirm');

  function draw(): void {
    const what = service ? serviceLabel(service) : 'Appointment';
    byId('manage-what').textContent =
      `${what} with ${specialist.name}, for ${booking.client.name}.`;
    fillList(
      byId('manage-when'),
      bookingWhen(booking.start_datetime, booking.end_datetime, zone(), specialist.timezone),
    );
    const cancelled = booking.status === 'cancelled';
    byId('manage-status').textContent = cancelled ? 'This booking is cancelled.' : 'Confirmed.';
    byId('manage-status').classList.toggle('is-cancelled', cancelled);
    actions.hidden = cancelled;
    if (cancelled) area.hidden = cancelConfirm.hidden = true;
  }

  byId('cancel-booking').addEventListener('click', () => {
    area.hidden = true;
    cancelConfirm.hidden = false;
    byId('cancel-no').focus();
  });
  byId('cancel-no').addEventListener('click', () => {
    cancelConfirm.hidden = true;
    byId('cancel-booking').focus();
  });
  byId('cancel-yes').addEventListener('click', () => {
    problem.clear();
    api.cancel(specialist.id, booking.id, token).then(
      async () => {
        booking = await api.booking(specialist.id, booking.id, token);
        draw();
        byId('manage-title').focus();
      },
      (err: unknown) => problem.message(`Not cancelled: ${errorText(err)}`),
    );
  });

  byId('reschedule').addEventListener('click', () => {
    cancelConfirm.hidden = true;
    area.hidden = false;
    moveConfirm.hidden = true;
    if (!service) {
      problem.message('This service can no longer be booked, so the booking cannot be moved.');
      return;
    }
    const s = service;
    const today = wallAt(Date.now(), zone()).slice(0, 10);
    picker = new SlotPicker(byId('manage-picker'), {
      api,
      specialistId: specialist.id,
      serviceId: s.id,
      zone,
      today,
      lastMonth: monthOf(addDays(today, s.max_days_ahead)),
      onPick: (slot) => pick(slot),
      onError: (err) => problem.message(`The free times could not be loaded: ${errorText(err)}`),
    });
    void picker.start().then(() => picker?.focus());
  });

  function pick(slot: Slot): void {
    problem.clear();
    target = slot;
    byId('move-when').textContent =
      `Move your booking to ${spanIn(slot.start_datetime, slot.end_datetime, zone())}?`;
    moveConfirm.hidden = false;
    byId('move-yes').focus();
  }

  byId('move-no').addEventListener('click', () => {
    moveConfirm.hidden = true;
    picker?.focus();
  });
  byId('move-yes').addEventListener('click', () => {
    if (!target) return;
    const to = target;
    api.reschedule(specialist.id, booking.id, token, to.start_datetime).then(
      (moved) => {
        booking = moved;
        area.hidden = true;
        draw();
        byId('manage-status').textContent = 'Moved. Your booking is confirmed at the new time.';
        byId('manage-title').focus();
      },
      (err: unknown) => {
        moveConfirm.hidden = true;
        if (isUnavailable(err)) {
          problem.unavailable(err.details, to.start_datetime, zone(), (slot) => pick(slot));
          void picker?.reload();
        } else problem.message(`Not moved: ${errorText(err)}`);
      },
    );
  });

  showSection('manage');
  draw();
}
