import { useSearchParams } from 'react-router';

export interface CursorTrail<K extends string> {
  /** The kept parameters as they stand in the URL. */
  values: Record<K, string | null>;
  /** The cursors that led to this page, oldest first; empty on the first page. */
  trail: string[];
  /** The cursor to ask this page `after`; undefined on the first page. */
  after: string | undefined;
  next: (cursor: string) => void;
  previous: () => void;
  /** Back to the first page, with the kept parameters set to `values` (default: unchanged). */
  first: (values?: Record<K, string | null>) => void;
}

/**
 * For a list that pages forward only (first/after): the URL keeps the trail of cursors that
 * led here, so "Previous" drops the last one and reload/back/forward keep working. The
 * parameters named in `kept` (filters) stay in the URL, in that order, before the trail;
 * any other parameter is dropped on the next move.
 */
export function useCursorTrail<K extends string = never>(kept: readonly K[] = []): CursorTrail<K> {
  const [params, setParams] = useSearchParams();
  const values = Object.fromEntries(kept.map((name) => [name, params.get(name)])) as Record<
    K,
    string | null
  >;
  const trail = params.getAll('after');
  const go = (nextValues: Record<K, string | null>, nextTrail: string[]) => {
    const out = new URLSearchParams();
    for (const name of kept) {
      const value = nextValues[name];
      if (value) out.set(name, value);
    }
    nextTrail.forEach((c) => out.append('after', c));
    setParams(out);
  };
  return {
    values,
    trail,
    after: trail.at(-1),
    next: (cursor) => go(values, [...trail, cursor]),
    previous: () => go(values, trail.slice(0, -1)),
    first: (nextValues = values) => go(nextValues, []),
  };
}
