/** Query parameters that grant access to something: never written to a log. */
const SECRET_PARAMS = new Set(['token', 'cancel_token', 'hold_token']);

/**
 * A request URL fit for a log line: the values of token parameters replaced (a cancel token in a
 * log would let whoever reads the logs cancel the booking).
 *
 * @example loggableUrl('/specialist/1/bookings/2?cancel_token=rcb_x') // '/specialist/1/bookings/2?cancel_token=[redacted]'
 */
export function loggableUrl(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  const params = url
    .slice(q + 1)
    .split('&')
    .map((pair) => {
      const name = decodeURIComponentSafe(pair.split('=')[0] ?? '');
      return SECRET_PARAMS.has(name) ? `${pair.split('=')[0] ?? ''}=[redacted]` : pair;
    });
  return `${url.slice(0, q)}?${params.join('&')}`;
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
