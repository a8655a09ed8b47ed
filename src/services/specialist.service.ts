import type { Clock } from '../domain/clock.ts';
import { invalid, notFound } from '../domain/errors.ts';
import { assertTimeZone } from '../domain/time/time-zone.ts';
import type { Repositories } from '../storage/repositories.ts';
import { issueToken } from './access-tokens.ts';
import type { SpecialistRow } from '../storage/tables.ts';

/** Specialists: the people whose availability is published. */
export class SpecialistService {
  private readonly cache = new Map<number, SpecialistRow>();

  constructor(
    private readonly repos: Repositories,
    private readonly clock: Clock,
  ) {}

  /** Creates a specialist and issues its write token, returned here once and stored only hashed. */
  async create(input: {
    name: string;
    timezone: string;
  }): Promise<{ row: SpecialistRow; token: string }> {
    const name = input.name.trim();
    if (name.length === 0) throw invalid('name must not be empty', { field: 'name' });
    const { token, hash } = issueToken();
    const row = await this.repos.specialists.insert({
      name,
      timezone: assertTimeZone(input.timezone),
      token_hash: hash,
      created_at: this.clock.now(),
    });
    return { row, token };
  }

  /**
   * A specialist by id. Rows are remembered (bounded): a specialist's name and zone never change
   * through the API, and every view starts with this lookup — one query fewer per revisit.
   */
  async get(id: number): Promise<SpecialistRow> {
    const cached = this.cache.get(id);
    if (cached) return cached;
    const found = await this.repos.specialists.findById(id);
    if (!found) throw notFound('specialist', id);
    if (this.cache.size >= 10_000) this.cache.clear();
    this.cache.set(id, found);
    return found;
  }

  list(): Promise<SpecialistRow[]> {
    return this.repos.specialists.list();
  }
}
