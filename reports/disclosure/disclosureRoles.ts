/**
 * Disclosure roles read from the results schema's metadata (`.meta({ disclosure: 'count' })`
 * on a field of schemas/results.ts), so that which fields are counts of people lives in one
 * place, as the contract's fields carry their own roles. The tables take their column kinds
 * from it, and the disclosure audit its list of counts to check.
 *
 * @example
 * countPaths('reconviction.rates'); // ['n', 'excluded', 'reoffended']
 * countPaths('flow');               // ['referred', …, 'classed.*.n']
 * isCountField('attitudes.change', 'rci.improved'); // true
 */
import { z } from 'zod';
import { resultsSchema, type DisclosureRole } from '../../schemas/results.ts';
import type { SectionName } from './cellTable.ts';

interface Def {
  type: string;
  shape?: Record<string, z.ZodType>;
  innerType?: z.ZodType;
  element?: z.ZodType;
}
const defOf = (schema: z.ZodType) => (schema as unknown as { _zod: { def: Def } })._zod.def;

function walk(schema: z.ZodType, prefix: string, out: Map<string, DisclosureRole>): void {
  const role = (z.globalRegistry.get(schema) as { disclosure?: DisclosureRole } | undefined)?.disclosure;
  if (role && prefix) out.set(prefix, role);
  const def = defOf(schema);
  if (def.type === 'object' && def.shape) for (const [k, v] of Object.entries(def.shape)) walk(v, prefix ? `${prefix}.${k}` : k, out);
  else if ((def.type === 'nullable' || def.type === 'optional' || def.type === 'default') && def.innerType) walk(def.innerType, prefix, out);
  else if (def.type === 'array' && def.element) walk(def.element, `${prefix}.*`, out);
}

/** The record schema of a section (the element of its array). */
/** A results array whose records carry disclosure roles: a section of the linked table, or the extract's rows refused and withdrawn. */
export type RecordSection = SectionName | 'data.refused' | 'data.withdrawn';

export function sectionRecordSchema(section: RecordSection): z.ZodType {
  let here: z.ZodType = resultsSchema;
  const unwrap = (schema: z.ZodType): z.ZodType => {
    const def = defOf(schema);
    return (def.type === 'default' || def.type === 'optional' || def.type === 'nullable') && def.innerType ? unwrap(def.innerType) : schema;
  };
  for (const key of section.split('.')) here = unwrap(defOf(unwrap(here)).shape![key]!);
  return defOf(here).element!;
}

const cache = new Map<RecordSection, Map<string, DisclosureRole>>();

/** Every field path of a section's records with its disclosure role (`*` for an array element). */
export function sectionRoles(section: RecordSection): Map<string, DisclosureRole> {
  let roles = cache.get(section);
  if (!roles) {
    roles = new Map();
    walk(sectionRecordSchema(section), '', roles);
    cache.set(section, roles);
  }
  return roles;
}

/** Every count of people in the results schema, by full path (`reconviction.rates.*.n`). */
export function schemaCountPaths(): string[] {
  const roles = new Map<string, DisclosureRole>();
  walk(resultsSchema, '', roles);
  return [...roles].filter(([, r]) => r === 'count').map(([p]) => p);
}

/** The paths of a section's fields with `role` (`rows` of `data.refused`: ['rows']). */
export function fieldsWithRole(section: RecordSection, role: DisclosureRole): string[] {
  return [...sectionRoles(section)].filter(([, r]) => r === role).map(([p]) => p);
}

/** The paths of a section's counts of people. */
export function countPaths(section: SectionName): string[] {
  return fieldsWithRole(section, 'count');
}

/** True when `path` (array elements by key, e.g. `classed.12.n`) is a count of people. */
export function isCountField(section: SectionName, path: string): boolean {
  return countPaths(section).some((pattern) => {
    const a = pattern.split('.');
    const b = path.split('.');
    return a.length === b.length && a.every((seg, i) => seg === '*' || seg === b[i]);
  });
}
