import { createHmac } from 'node:crypto';

/**
 * The Standard Webhooks signature of a message: `v1,` + base64 of HMAC-SHA256 over
 * `id.timestamp.body`, keyed with the secret's bytes (the base64 after `whsec_`).
 *
 * @example signMessage('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', 'msg_1', 1700000000, '{}') // 'v1,…'
 */
export function signMessage(
  secret: string,
  id: string,
  timestampSeconds: number,
  body: string,
): string {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const mac = createHmac('sha256', key)
    .update(`${id}.${timestampSeconds}.${body}`)
    .digest('base64');
  return `v1,${mac}`;
}

/**
 * When the next attempt of a failed delivery is due, or null when it is given up: about 5 s,
 * 30 s, 2 min, 10 min, 1 h, 6 h, then every 12 h; the last attempt falls exactly 3 days after the
 * change, and a failure then gives up.
 *
 * @example nextAttemptAt(1, created, created) // created + 5 s
 */
export function nextAttemptAt(failures: number, createdAtMs: number, nowMs: number): number | null {
  const steps = [5, 30, 120, 600, 3600, 21_600];
  const deadline = createdAtMs + GIVE_UP_MS;
  if (nowMs >= deadline) return null;
  return Math.min(nowMs + (steps[failures - 1] ?? 43_200) * 1000, deadline);
}

/** Deliveries are tried for 3 days; a webhook failing for 3 days is turned off. */
export const GIVE_UP_MS = 3 * 86_400_000;
