/** Which booking page a URL asks for. */
export type BookingRoute =
  | { readonly page: 'book'; readonly specialistId: number; readonly serviceId: number | null }
  | {
      readonly page: 'manage';
      readonly specialistId: number;
      readonly bookingId: number;
      readonly token: string;
    }
  | { readonly page: 'unknown' };

const positive = (s: string | undefined | null): number | null =>
  s && /^[1-9]\d{0,15}$/.test(s) ? Number(s) : null;

/**
 * Reads `/book/{specialist}`, `/book/{specialist}/{service}` and
 * `/book/manage/{booking}?specialist=…&token=…` (the manage link names the specialist too: the
 * API's booking routes are under the specialist).
 * @example bookingRoute('/book/3/7', '') → {page: 'book', specialistId: 3, serviceId: 7}
 */
export function bookingRoute(pathname: string, search: string): BookingRoute {
  const parts = pathname.replace(/\/+$/, '').split('/').slice(2); // after '', 'book'
  const query = new URLSearchParams(search);
  if (parts[0] === 'manage') {
    const bookingId = positive(parts[1]);
    const specialistId = positive(query.get('specialist'));
    const token = query.get('token');
    if (bookingId && specialistId && token && parts.length === 2)
      return { page: 'manage', specialistId, bookingId, token };
    return { page: 'unknown' };
  }
  const specialistId = positive(parts[0]);
  if (!specialistId || parts.length > 2) return { page: 'unknown' };
  if (parts.length === 1) return { page: 'book', specialistId, serviceId: null };
  const serviceId = positive(parts[1]);
  return serviceId ? { page: 'book', specialistId, serviceId } : { page: 'unknown' };
}

/**
 * The link a client keeps to see, cancel or reschedule their booking.
 * @example manageLink('https://x.org', 3, 12, 'tok') → 'https://x.org/book/manage/12?specialist=3&token=tok'
 */
export function manageLink(
  origin: string,
  specialistId: number,
  bookingId: number,
  token: string,
): string {
  const q = new URLSearchParams({ specialist: String(specialistId), token });
  return `${origin}/book/manage/${bookingId}?${q.toString()}`;
}
