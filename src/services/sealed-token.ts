import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/**
 * A secret sealed with AES-256-GCM under a key derived from `passphrase`: the database keeps only
 * the sealed form; whoever presents the passphrase again (a client replaying its Idempotency-Key)
 * opens it.
 *
 * @example unseal(seal('rcb_abc', 'key-1'), 'key-1') // 'rcb_abc'
 */
export function seal(secret: string, passphrase: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyOf(passphrase), iv);
  const data = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
  return [iv, cipher.getAuthTag(), data].map((b) => b.toString('base64url')).join('.');
}

/** Opens what `seal` sealed with the same passphrase; null if it does not open. */
export function unseal(sealed: string, passphrase: string): string | null {
  try {
    const [iv, tag, data] = sealed.split('.').map((p) => Buffer.from(p, 'base64url'));
    if (!iv || !tag || !data) return null;
    const decipher = createDecipheriv('aes-256-gcm', keyOf(passphrase), iv);
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(data), decipher.final()]).toString('utf8');
  } catch {
    return null;
  }
}

function keyOf(passphrase: string): Buffer {
  return createHash('sha256').update(`recurra-seal:${passphrase}`, 'utf8').digest();
}
