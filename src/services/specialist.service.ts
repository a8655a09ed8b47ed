import type { Clock } from '../domain/clock.ts';
import { invalid, notFound } from '../domain/errors.ts';
import type { Specialist } from '../domain/specialists/specialist.ts';
import { assertTimeZone } from '../domain/time/time-zone.ts';
import type { Repositories } from '../storage/repositories.ts';
import { issueToken } from './access-tokens.ts';

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
  }): Promise<{ specialist: Specialist; token: string }> {
    const name = input.name.trim();
    if (name.length === 0) throw invalid('name must not be empty', { field: 'name' });
    const { token, hash } = issueToken();
    const specialist = await this.repos.specialists.insert({
      name,
      timezone: assertTimeZone(input.timezone),
      token_hash: hash,
      created_at: this.clock.now(),
    });
    return { specialist, token };
  }

  /** A specialist by id (one primary-key lookup: its version and coverage must be fresh). */
  async get(id: number): Promise<Specialist> {
    const found = await this.repos.specialists.findById(id);
    if (!found) throw notFound('specialist', id);
    return found;
  }

  list(): Promise<Specialist[]> {
    return this.repos.specialists.list();
  }
}
