import type { Specialist } from '../api-client.ts';
import { addDays } from '../wall-time.ts';
import { wallAt } from '../zoned-time.ts';
import {
  idempotencyKey,
  type Booking,
  type BookingApi,
  type BookingRequest,
  type Hold,
  type Service,
} from './booking-api.ts';
import { bookingIcs } from './booking-ics.ts';
import { manageLink } from './booking-route.ts';
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
 * The public booking page: service, month, day, slot → hold → details → Confirm → confirmation.
 * @example await bookingPage(api, specialist, services, 7);
 */
export async function bookingPage(
  api: BookingApi,
  specialist: Specialist,
  services: readonly Service[],
  serviceId: number | null,
): Promise<void> {
  const serviceSelect = byId<HTMLSelectElement>('service-select');
  const problem = new ProblemBox(byId('problem'));
  const detailsProblem = new ProblemBox(byId('details-problem'));
  const form = byId<HTMLFormElement>('details-form');
  let service = services.find((s) => s.id === serviceId) ?? services[0]!;
  let picker: SlotPicker | null = null;
  let hold: Hold | null = null;
  let attempt: { key: string; body: string } | null = null;

  const zone = zoneField(byId('zone-select'), byId('zone-note'), specialist, () => {
    problem.clear();
    void picker?.rezone();
  });

  for (const s of services) serviceSelect.add(new Option(serviceLabel(s), String(s.id)));
  serviceSelect.value = String(service.id);
  serviceSelect.addEventListener('change', () => {
    service = services.find((s) => String(s.id) === serviceSelect.value) ?? service;
    history.replaceState(null, '', `/book/${specialist.id}/${service.id}`);
    problem.clear();
    void startPicker();
  });

  function startPicker(): Promise<void> {
    const today = wallAt(Date.now(), zone()).slice(0, 10);
    picker = new SlotPicker(byId('slot-picker'), {
      api,
      specialistId: specialist.id,
      serviceId: service.id,
      zone,
      today,
      lastMonth: monthOf(addDays(today, service.max_days_ahead)),
      onPick: (slot) => void take(slot),
      onError: (err) => problem.message(`The free times could not be loaded: ${errorText(err)}`),
    });
    return picker.start();
  }

  /** A 409: say why, offer the next slots, and show the month as it now is. */
  function refused(details: Parameters<ProblemBox['unavailable']>[0], requested: string): void {
    showSection('choose');
    problem.unavailable(details, requested, zone(), (slot) => void take(slot));
    void picker?.reload();
  }

  async function take(slot: Slot): Promise<void> {
    problem.clear();
    try {
      hold = await api.hold(specialist.id, service.id, slot.start_datetime);
    } catch (err) {
      if (isUnavailable(err)) refused(err.details, slot.start_datetime);
      else problem.message(`That time could not be held: ${errorText(err)}`);
      return;
    }
    attempt = null;
    detailsProblem.clear();
    const minutes = Math.max(1, Math.round((Date.parse(hold.expires_at) - Date.now()) / 60_000));
    byId('held-when').textContent =
      `${serviceLabel(service)}, ${spanIn(hold.start_datetime, hold.end_datetime, zone())}. We keep this time for you for ${minutes} minutes.`;
    showSection('details');
    form.querySelector<HTMLInputElement>('[name="name"]')!.focus();
  }

  byId('back').addEventListener('click', () => {
    const held = hold;
    hold = null;
    if (held) api.release(specialist.id, held).catch(() => undefined); // it expires anyway
    showSection('choose');
    void picker?.reload().then(() => picker?.focus());
  });

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    if (!hold) return;
    const field = (name: string) =>
      (form.elements.namedItem(name) as HTMLInputElement | HTMLTextAreaElement).value.trim();
    const notes = field('notes');
    const body: BookingRequest = {
      service_id: service.id,
      start_datetime: hold.start_datetime,
      client: { name: field('name'), email: field('email') },
      notes: notes === '' ? null : notes,
      hold_token: hold.hold_token,
    };
    // The same attempt retried (a double click, a lost answer) keeps its key: one booking.
    const json = JSON.stringify(body);
    if (attempt?.body !== json) attempt = { key: idempotencyKey(), body: json };
    const held = hold;
    const submit = form.querySelector<HTMLButtonElement>('[type="submit"]')!;
    submit.disabled = true;
    api.book(specialist.id, body, attempt.key).then(
      (booking) => {
        submit.disabled = false;
        hold = null;
        form.reset();
        confirmed(booking);
      },
      (err: unknown) => {
        submit.disabled = false;
        if (isUnavailable(err)) {
          hold = null;
          refused(err.details, held.start_datetime);
        } else detailsProblem.message(`Not booked: ${errorText(err)}`);
      },
    );
  });

  function confirmed(booking: Booking): void {
    byId('done-what').textContent =
      `${serviceLabel(service)} with ${specialist.name}, for ${booking.client.name}.`;
    fillList(
      byId('done-when'),
      bookingWhen(booking.start_datetime, booking.end_datetime, zone(), specialist.timezone),
    );
    const link = manageLink(location.origin, specialist.id, booking.id, booking.cancel_token ?? '');
    const manage = byId<HTMLAnchorElement>('manage-link');
    manage.href = link;
    manage.textContent = link;
    const ics = bookingIcs({
      id: booking.id,
      start_datetime: booking.start_datetime,
      end_datetime: booking.end_datetime,
      summary: `${service.name} with ${specialist.name}`,
      description: `To cancel or reschedule: ${link}`,
      url: link,
      host: location.host,
      nowMs: Date.now(),
    });
    byId<HTMLAnchorElement>('ics-link').href =
      `data:text/calendar;charset=utf-8,${encodeURIComponent(ics)}`;
    showSection('done');
    byId('done-title').focus();
  }

  showSection('choose');
  await startPicker();
}
