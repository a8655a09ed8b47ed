/**
 * Whether an `If-None-Match` header names `etag` (weak comparison, RFC 9110 §13.1.2).
 *
 * @example matchesEtag('W/"v3", "v4"', '"v4"') // true
 */
export function matchesEtag(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  const bare = (tag: string) => tag.trim().replace(/^W\//, '');
  return header.split(',').some((tag) => bare(tag) === bare(etag));
}
