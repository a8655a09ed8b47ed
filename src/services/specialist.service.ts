import type { Clock } from '../domain/clock.ts';
import { invalid, notFound } from '../domain/errors.ts';
import { assertTimeZone } from '../domain/time/time-zone.ts';
import type { Repositories } from '../storage/repositories.ts';
import type { SpecialistRow } from '../storage/tables.ts';

/** Specialists: the people whose availability is published. */
export class SpecialistService {
  constructor(
    private readonly repos: Repositories,
    private readonly clock: Clock,
  ) {}

  async create(input: { name: string; timezone: string }): Promise<SpecialistRow> {
    const name = input.name.trim();
    if (name.length === 0) throw invalid('name must not be empty', { field: 'name' });
    return this.repos.specialists.insert({
      name,
      timezone: assertTimeZone(input.timezone),
      token_hash: null,
      created_at: this.clock.now(),
    });
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
