import type { Clock } from '../domain/clock.ts';
import { invalid, notFound } from '../domain/errors.ts';
import { assertTimeZone } from '../domain/time/time-zone.ts';
import type { Repositories } from '../storage/repositories.ts';
import { issueToken } from './access-tokens.ts';
import type { SpecialistRow } from '../storage/tables.ts';

/** Specialists: the people whose availability is published. */
export class SpecialistService {
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

  async get(id: number): Promise<SpecialistRow> {
    const found = await this.repos.specialists.findById(id);
    if (!found) throw notFound('specialist', id);
    return found;
  }

  list(): Promise<SpecialistRow[]> {
    return this.repos.specialists.list();
  }
}
