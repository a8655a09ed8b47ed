import { expect } from 'vitest';
import { epochMsToLocal } from '../../src/domain/time/date-time.ts';
import { expandFeed, parseFeed } from '../feed/expand-feed.ts';
import { instancesPath } from './fixtures.ts';
import type { TestServer, TestResponse } from './test-server.ts';

/** One listed instance as the API returns it. */
export interface ApiInstance {
  readonly id: number | null;
  readonly schedule_id: number;
  readonly title: string;
  readonly start_datetime: string;
  readonly end_datetime: string;
  readonly original_start_datetime: string;
  readonly status: 'confirmed' | 'cancelled';
  readonly is_exception: boolean;
}

/**
 * A specialist's calendar driven over HTTP, with occurrences shown as `YYYY-MM-DD HH:MM title`
 * in the specialist's zone, so tests read like the calendar a person sees.
 */
export class CalendarHarness {
  constructor(
    readonly server: TestServer,
    readonly specialistId: number,
    readonly zone: string,
  ) {}

  /** Local `YYYY-MM-DD HH:MM` of an API datetime. */
  local(iso: string): string {
    return epochMsToLocal(Date.parse(iso), this.zone).slice(0, 16).replace('T', ' ');
  }

  async ok(res: TestResponse, status = 200): Promise<TestResponse> {
    expect(res.status, JSON.stringify(res.body)).toBe(status);
    return Promise.resolve(res);
  }

  async create(body: Record<string, unknown>): Promise<number> {
    const res = await this.ok(
      await this.server.request(
        'POST',
        `/specialist/${this.specialistId}/schedules?allow_overlap=true`,
        body,
      ),
      201,
    );
    return res.body.id as number;
  }

  async instances(start: string, end: string, cancelled = false): Promise<ApiInstance[]> {
    const res = await this.ok(
      await this.server.request(
        'GET',
        instancesPath(this.specialistId, start, end, cancelled ? '&include_cancelled=true' : ''),
      ),
    );
    return res.body.instances as ApiInstance[];
  }

  /** What a person sees in `[start, end]`: `YYYY-MM-DD HH:MM title`, in order. */
  async view(start: string, end: string): Promise<string[]> {
    return (await this.instances(start, end)).map(
      (i) => `${this.local(i.start_datetime)} ${i.title}`,
    );
  }

  /** The instance whose start (or original start) is the local `YYYY-MM-DD HH:MM`. */
  async find(localStart: string, start: string, end: string): Promise<ApiInstance> {
    const found = (await this.instances(start, end, true)).find(
      (i) =>
        this.local(i.start_datetime) === localStart ||
        this.local(i.original_start_datetime) === localStart,
    );
    if (!found?.id) throw new Error(`no stored instance at ${localStart}`);
    return found;
  }

  async cancel(localStart: string, start: string, end: string): Promise<void> {
    const i = await this.find(localStart, start, end);
    await this.ok(
      await this.server.request('DELETE', `/specialist/${this.specialistId}/instances/${i.id}`),
      204,
    );
  }

  async move(
    localStart: string,
    start: string,
    end: string,
    patch: Record<string, unknown>,
  ): Promise<void> {
    const i = await this.find(localStart, start, end);
    await this.ok(
      await this.server.request(
        'PATCH',
        `/specialist/${this.specialistId}/instances/${i.id}?allow_overlap=true`,
        patch,
      ),
    );
  }

  async editAll(sid: number, patch: Record<string, unknown>): Promise<Record<string, unknown>> {
    return (
      await this.ok(
        await this.server.request(
          'PATCH',
          `/specialist/${this.specialistId}/schedules/${sid}?scope=all&allow_overlap=true`,
          patch,
        ),
      )
    ).body as Record<string, unknown>;
  }

  async editFollowing(
    sid: number,
    from: string,
    patch: Record<string, unknown>,
  ): Promise<{ previous: Record<string, unknown> | null; schedule: Record<string, unknown> }> {
    return (
      await this.ok(
        await this.server.request(
          'PATCH',
          `/specialist/${this.specialistId}/schedules/${sid}?scope=following&from=${from}&allow_overlap=true`,
          patch,
        ),
      )
    ).body as { previous: Record<string, unknown> | null; schedule: Record<string, unknown> };
  }

  async feed(): Promise<string> {
    const res = await this.ok(
      await this.server.request('GET', `/specialist/${this.specialistId}/calendar.ics`),
    );
    return res.body as string;
  }

  /** The feed expanded by ical.js over `[start, end]`, as the view shows occurrences. */
  async feedView(start: string, end: string): Promise<string[]> {
    const from = Date.parse(`${start}T00:00:00Z`) - 86_400_000;
    const to = Date.parse(`${end}T23:59:59Z`) + 86_400_000;
    const inWindow = (ms: number) => {
      const day = epochMsToLocal(ms, this.zone).slice(0, 10);
      return day >= start && day <= end;
    };
    return expandFeed(parseFeed(await this.feed()), from, to)
      .filter((o) => inWindow(o.startMs))
      .map(
        (o) => `${epochMsToLocal(o.startMs, this.zone).slice(0, 16).replace('T', ' ')} ${o.title}`,
      )
      .sort();
  }

  /** The view and the feed (expanded by ical.js) agree on `[start, end]`; returns the view. */
  async agrees(start: string, end: string): Promise<string[]> {
    const view = await this.view(start, end);
    // Occurrences that started the day before and run into the window are the view's, not the feed's.
    const starting = view.filter((v) => v.slice(0, 10) >= start);
    expect(await this.feedView(start, end)).toEqual([...starting].sort());
    return view;
  }
}
