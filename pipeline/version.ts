import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const require = createRequire(import.meta.url);
const manifest = require('../package.json') as { version: string; dependencies: Record<string, string> };

/** progeval's own version, from package.json, recorded with every load and result. */
export const PROGEVAL_VERSION: string = manifest.version;

/**
 * The packages progeval runs on, for the methods' software table: every runtime dependency in
 * package.json (the statistics, the @stdlib distributions, the linear programme of disclosure
 * control, the database, the charts), read from package.json rather than a second list.
 */
export const RUNTIME_PACKAGES: readonly string[] = Object.keys(manifest.dependencies).sort();

/**
 * The installed version of a package: its own package.json, found the way Node looks for a
 * package folder (each node_modules up from here), read directly. `require('<pkg>/package.json')`
 * is refused by packages whose `exports` do not list it (vega, vega-lite, kysely, csv-parse,
 * ml-matrix), which the table used to show as "not installed".
 */
export function installedVersion(name: string): string | null {
  for (const folder of require.resolve.paths(name) ?? []) {
    const file = join(folder, name, 'package.json');
    if (existsSync(file)) return (JSON.parse(readFileSync(file, 'utf8')) as { version?: string }).version ?? null;
  }
  return null;
}

export function softwareVersions(): Record<string, string> {
  const versions: Record<string, string> = { progeval: PROGEVAL_VERSION, node: process.versions.node };
  for (const name of RUNTIME_PACKAGES) versions[name] = installedVersion(name) ?? 'not installed';
  return versions;
}

/** SHA-256 of the package-lock.json progeval was installed from, or null when there is none (an installed package). */
export function packageLockSha256(): string | null {
  const file = new URL('../package-lock.json', import.meta.url);
  if (!existsSync(file)) return null;
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}
