import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * A new secret token and the hash that is all Recurra stores of it. The prefix says what it is
 * for: `rcs` a specialist's bearer token, `rcb` a booking's cancel token, `rch` a hold's token.
 */
export function issueToken(prefix = 'rcs'): { token: string; hash: string } {
  const token = `${prefix}_${randomBytes(24).toString('base64url')}`;
  return { token, hash: hashToken(token) };
}

/** SHA-256 of a token, hex. Tokens are random and long, so a fast hash is the right one. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/**
 * Compares a presented token with an expected one in constant time (over their hashes, so the
 * lengths always match and nothing about the secret leaks through timing).
 */
export function tokensEqual(presented: string, expected: string): boolean {
  const a = createHash('sha256').update(presented, 'utf8').digest();
  const b = createHash('sha256').update(expected, 'utf8').digest();
  return timingSafeEqual(a, b);
}
