import type { PageView } from './page-view.ts';

const VIEWS: readonly PageView[] = ['week', 'month', 'day', 'list'];

/** What the address bar keeps: `/?specialist=7&date=2026-12-07&view=week`. */
export interface PageState {
  readonly specialist: number | null;
  readonly date: string | null;
  readonly view: PageView;
}

/** Reads the page state from a query string; bad values fall back to defaults. */
export function readState(search: string): PageState {
  const q = new URLSearchParams(search);
  const id = Number(q.get('specialist'));
  const date = q.get('date');
  return {
    specialist: Number.isInteger(id) && id > 0 ? id : null,
    date: date && /^\d{4}-\d{2}-\d{2}$/.test(date) ? date : null,
    view: VIEWS.find((v) => v === q.get('view')) ?? 'week',
  };
}

/** The query string for a state. */
export function stateQuery(state: PageState): string {
  const q = new URLSearchParams();
  if (state.specialist !== null) q.set('specialist', String(state.specialist));
  if (state.date) q.set('date', state.date);
  q.set('view', state.view);
  return `?${q.toString()}`;
}

/**
 * Records a state in history: a new entry when it changed, none when it is already shown.
 * `replace` corrects the entry in place (a phone showing the day a `view=week` link asked for).
 */
export function recordState(state: PageState, replace = false): void {
  const query = stateQuery(state);
  if (query === location.search) return;
  if (replace || (readState(location.search).specialist === null && location.search === ''))
    history.replaceState(null, '', query);
  else history.pushState(null, '', query);
}
