import { DomainError } from '../domain/errors.ts';
import type { Repositories } from '../storage/repositories.ts';
import { hashToken, tokensEqual } from './access-tokens.ts';

/** Who is asking: the operator (admin token), a specialist (their own token), or anyone. */
export type Caller =
  | { readonly kind: 'admin' }
  | { readonly kind: 'specialist'; readonly specialistId: number }
  | { readonly kind: 'anyone' };

/**
 * Who may do what. Without an admin token configured the server runs open (every caller is the
 * admin). With one, protected operations need the admin token or the token of the specialist
 * they concern; another specialist's token is `forbidden`, a missing or unknown one `unauthorized`.
 */
export class AccessService {
  constructor(
    private readonly repos: Repositories,
    private readonly adminToken: string | undefined,
  ) {}

  /** Whether operations are protected at all (RECURRA_ADMIN_TOKEN set). */
  get protectedMode(): boolean {
    return this.adminToken !== undefined;
  }

  /** Resolves a presented bearer token (or none) to a caller; an unknown token is `unauthorized`. */
  async identify(token: string | undefined): Promise<Caller> {
    if (!this.adminToken) return { kind: 'admin' };
    if (token === undefined) return { kind: 'anyone' };
    if (tokensEqual(token, this.adminToken)) return { kind: 'admin' };
    const owner = await this.repos.specialists.findByTokenHash(hashToken(token));
    if (!owner) throw new DomainError('unauthorized', 'the bearer token is not valid');
    return { kind: 'specialist', specialistId: owner.id };
  }

  /**
   * Throws unless `caller` may act for `specialistId` (undefined: only the admin may).
   *
   * @example access.assertMay(await access.identify(token), 7)
   */
  assertMay(caller: Caller, specialistId: number | undefined): void {
    if (caller.kind === 'admin') return;
    if (caller.kind === 'anyone')
      throw new DomainError('unauthorized', 'this request needs Authorization: Bearer <token>');
    if (specialistId === undefined || caller.specialistId !== specialistId)
      throw new DomainError('forbidden', 'this token may only act for its own specialist', {
        specialist_id: caller.specialistId,
      });
  }
}
