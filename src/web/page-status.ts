/**
 * The page's loading indicator, notices and error banner. An error keeps the grid visible and
 * offers a Retry that re-runs what failed.
 */
export class PageStatus {
  private pending = 0;
  private retry: (() => void) | null = null;
  private noticeTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly root: Document) {
    this.el('error-retry').addEventListener('click', () => {
      const again = this.retry;
      this.clearError();
      again?.();
    });
    this.el('error-dismiss').addEventListener('click', () => this.clearError());
  }

  /** Counts overlapping loads; the indicator shows while any is running. */
  setLoading(on: boolean): void {
    this.pending = Math.max(0, this.pending + (on ? 1 : -1));
    this.el('loading').hidden = this.pending === 0;
  }

  /** Shows an error; with `retry`, the Retry button runs it. */
  error(message: string, retry?: () => void): void {
    this.retry = retry ?? null;
    this.el('error-text').textContent = message;
    this.el('error-retry').hidden = !retry;
    this.el('error').hidden = false;
  }

  clearError(): void {
    this.retry = null;
    this.el('error').hidden = true;
  }

  /** A short confirmation ("Saved") that fades after a few seconds. */
  notice(message: string): void {
    const el = this.el('notice');
    el.textContent = message;
    el.hidden = false;
    clearTimeout(this.noticeTimer);
    this.noticeTimer = setTimeout(() => (el.hidden = true), 4000);
  }

  private el(id: string): HTMLElement {
    const el = this.root.getElementById(id);
    if (!el) throw new Error(`missing #${id}`);
    return el;
  }
}
