/** Most warnings kept per calendar; the rest are counted in one closing line. */
export const MAX_WARNINGS = 25;

/**
 * Collects the warnings of one expansion, each at most once, at most `MAX_WARNINGS` of them.
 *
 * @example const w = new WarningList(); w.add('x'); w.add('x'); w.list() // ['x']
 */
export class WarningList {
  private readonly seen = new Set<string>();
  private dropped = 0;

  /** Records a warning (bound so it can be passed around as a callback). */
  readonly add = (message: string): void => {
    if (this.seen.has(message)) return;
    if (this.seen.size >= MAX_WARNINGS) this.dropped++;
    else this.seen.add(message);
  };

  /** The warnings in the order they came, plus "… and N more" if some were dropped. */
  list(): string[] {
    const out = [...this.seen];
    if (this.dropped) out.push(`… and ${this.dropped} more warnings`);
    return out;
  }
}
