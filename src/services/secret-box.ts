import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { Repositories } from '../storage/repositories.ts';

/**
 * Seals secrets Recurra must be able to use again (webhook signing secrets) with AES-256-GCM under
 * the server key: RECURRA_SECRET_KEY when given (then the database alone reveals nothing), else a
 * key generated once and kept in the database (`server_keys`), shared by every process.
 */
export class SecretBox {
  private constructor(private readonly key: Buffer) {}

  /** The box for the configured key, or for the database's own (made on first use). */
  static async open(repos: Repositories, configured: string | undefined): Promise<SecretBox> {
    if (configured) return new SecretBox(Buffer.from(configured, 'base64'));
    const stored =
      (await repos.webhooks.serverKey('secrets')) ??
      (await repos.webhooks.putServerKey('secrets', randomBytes(32).toString('base64')));
    return new SecretBox(Buffer.from(stored, 'base64'));
  }

  seal(secret: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const data = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
    return ['v1', iv, cipher.getAuthTag(), data]
      .map((b) => (typeof b === 'string' ? b : b.toString('base64url')))
      .join('.');
  }

  /** The secret, or a thrown error when the key is not the one it was sealed with. */
  unseal(sealed: string): string {
    const [version, iv, tag, data] = sealed.split('.');
    if (version !== 'v1' || !iv || !tag || !data) throw new Error('not a sealed secret');
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([
      decipher.update(Buffer.from(data, 'base64url')),
      decipher.final(),
    ]).toString('utf8');
  }
}
