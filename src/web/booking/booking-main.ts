// The client's booking pages (`/book/…`), a bundle of their own: no FullCalendar, no token.
import { ApiError } from '../api-client.ts';
import { BookingApi, type Service } from './booking-api.ts';
import { bookingPage } from './booking-page.ts';
import { bookingRoute } from './booking-route.ts';
import { managePage } from './manage-page.ts';
import { byId } from './page-elements.ts';
import { errorText } from './problem-box.ts';

function fail(text: string): void {
  const el = byId('page-error');
  el.textContent = text;
  el.hidden = false;
  byId('specialist-name').textContent = 'Booking';
}

async function main(): Promise<void> {
  const api = new BookingApi();
  const route = bookingRoute(location.pathname, location.search);
  if (route.page === 'unknown') return fail('This booking link is not complete. Please check it.');
  let specialist;
  try {
    specialist = await api.specialist(route.specialistId);
  } catch (err) {
    return fail(
      err instanceof ApiError && err.status === 404
        ? 'This booking page does not exist.'
        : `The page could not be loaded: ${errorText(err)}`,
    );
  }
  byId('specialist-name').textContent = specialist.name;
  document.title = `Book with ${specialist.name}`;
  if (route.page === 'book') {
    const { services } = await api.services(specialist.id);
    if (services.length === 0) return fail(`${specialist.name} offers nothing to book yet.`);
    return bookingPage(api, specialist, services, route.serviceId);
  }
  byId('eyebrow').textContent = 'Your appointment with';
  let booking;
  try {
    booking = await api.booking(specialist.id, route.bookingId, route.token);
  } catch (err) {
    return fail(
      err instanceof ApiError && (err.status === 403 || err.status === 404 || err.status === 401)
        ? 'This link does not open a booking. Please check it is complete.'
        : `The booking could not be loaded: ${errorText(err)}`,
    );
  }
  const service: Service | null = await api
    .service(specialist.id, booking.service_id)
    .catch(() => null);
  return managePage(api, specialist, service, booking, route.token);
}

main().catch((err: unknown) => fail(`The page could not be loaded: ${errorText(err)}`));
