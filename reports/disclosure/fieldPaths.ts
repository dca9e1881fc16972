/**
 * Naming and blanking a field of a results record by its path, as the `suppressed` lists
 * name them: `rate`, `rci.improved` (a field of a nested object), `classed.24.n` (field `n`
 * of the element of array `classed` whose key, `window_months`, is 24), `balance.ogrs.smd_after`
 * (keyed by `covariate`). Setting a path to null never mutates: the record is copied along
 * the path.
 */

/** The fields that identify an element of an array inside a record. */
const ELEMENT_KEYS = ['window_months', 'covariate'] as const;

type Json = unknown;

function elementIndex(items: readonly Json[], key: string): number {
  return items.findIndex((item) => {
    if (item === null || typeof item !== 'object') return false;
    const o = item as Record<string, unknown>;
    return ELEMENT_KEYS.some((k) => k in o && String(o[k]) === key);
  });
}

/** The value at `path` in `record`, or undefined when the path does not exist. */
export function valueAtPath(record: unknown, path: string): unknown {
  let here: unknown = record;
  for (const segment of path.split('.')) {
    if (Array.isArray(here)) {
      const i = elementIndex(here, segment);
      if (i < 0) return undefined;
      here = here[i];
    } else if (here !== null && typeof here === 'object') {
      here = (here as Record<string, unknown>)[segment];
    } else return undefined;
  }
  return here;
}

function setNull(here: unknown, segments: readonly string[]): unknown {
  const [head, ...rest] = segments;
  if (head === undefined) return null;
  if (Array.isArray(here)) {
    const i = elementIndex(here, head);
    if (i < 0) return here;
    const copy = [...here];
    copy[i] = setNull(here[i], rest);
    return copy;
  }
  if (here !== null && typeof here === 'object') {
    const o = here as Record<string, unknown>;
    if (!(head in o)) return here;
    return { ...o, [head]: setNull(o[head], rest) };
  }
  return here;
}

/**
 * A copy of `record` with every path in `paths` set to null and listed in its `suppressed`
 * array (merged with any already there, in a stable order). Paths whose value is already
 * null or absent are neither changed nor listed: they were not computed, not suppressed.
 */
export function withSuppressedFields<T extends { suppressed?: string[] | undefined; suppressed_reason?: Record<string, 'low' | 'c'> | undefined }>(
  record: T,
  paths: Iterable<string> | ReadonlyMap<string, 'low' | 'c'>,
): T {
  let out: unknown = record;
  const listed = new Set(record.suppressed ?? []);
  const reasons: Record<string, 'low' | 'c'> = { ...(record.suppressed_reason ?? {}) };
  const entries: [string, 'low' | 'c'][] = paths instanceof Map ? [...paths] : [...(paths as Iterable<string>)].map((p) => [p, 'low']);
  for (const [path, reason] of entries) {
    const v = valueAtPath(out, path);
    if (v === null || v === undefined) continue;
    out = setNull(out, path.split('.'));
    listed.add(path);
    reasons[path] = reason;
  }
  if (out === record) return record;
  return { ...(out as T), suppressed: [...listed], suppressed_reason: reasons };
}
