/** The views the page offers, as the address bar names them. */
export type PageView = 'week' | 'month' | 'day' | 'list';

/** FullCalendar's view type for each page view. */
export const FC_VIEWS: Readonly<Record<PageView, string>> = {
  week: 'timeGridWeek',
  month: 'dayGridMonth',
  day: 'timeGridDay',
  list: 'listWeek',
};

/** The page view of a FullCalendar view type. */
export function pageViewOf(type: string): PageView {
  const found = (Object.keys(FC_VIEWS) as PageView[]).find((v) => FC_VIEWS[v] === type);
  return found ?? 'week';
}

/** Below this width (CSS px) the page is laid out for a phone. */
export const NARROW_QUERY = '(max-width: 640px)';

/**
 * The view to show on a screen: a phone cannot show seven time columns, so a week becomes the
 * day (the list of the week is one tap away). @example viewForScreen('week', true) → 'day'
 */
export function viewForScreen(view: PageView, narrow: boolean): PageView {
  return narrow && view === 'week' ? 'day' : view;
}

/** The view buttons offered on a screen, as FullCalendar toolbar text. */
export function viewButtons(narrow: boolean): string {
  return narrow ? 'timeGridDay,listWeek,dayGridMonth' : 'timeGridWeek,dayGridMonth,listWeek';
}
