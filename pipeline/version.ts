import { createRequire } from 'node:module';

/** progeval's own version, from package.json, recorded with every load and result. */
export const PROGEVAL_VERSION: string = (createRequire(import.meta.url)('../package.json') as { version: string }).version;

/** The packages that compute and draw the numbers, with the versions installed, for the methods. */
export const KEY_PACKAGES = [
  'kysely', 'better-sqlite3', 'zod', 'csv-parse', 'ml-matrix', 'simple-statistics', '@stdlib/stats-ttest', '@stdlib/stats-wilcoxon',
  '@stdlib/stats-base-dists-normal', '@stdlib/stats-base-dists-t', '@stdlib/math-base-special-gammainc', '@stdlib/math-base-special-betainc', '@stdlib/math-base-special-gammaln', 'vega', 'vega-lite',
] as const;

export function softwareVersions(): Record<string, string> {
  const require = createRequire(import.meta.url);
  const versions: Record<string, string> = { progeval: PROGEVAL_VERSION, node: process.versions.node };
  for (const name of KEY_PACKAGES) {
    try {
      versions[name] = (require(`${name}/package.json`) as { version: string }).version;
    } catch {
      versions[name] = 'not installed';
    }
  }
  return versions;
}
