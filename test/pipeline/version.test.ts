/**
 * The methods' software table (pipeline/version.ts): every runtime dependency with the version
 * actually installed, read from its own package.json even where its `exports` refuse
 * `require('<pkg>/package.json')` (vega, vega-lite, kysely, csv-parse, ml-matrix used to show
 * "not installed").
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { installedVersion, RUNTIME_PACKAGES, softwareVersions } from '../../pipeline/version.ts';

const lock = JSON.parse(readFileSync(new URL('../../package-lock.json', import.meta.url), 'utf8')) as { packages: Record<string, { version?: string }> };
const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { dependencies: Record<string, string> };

describe('softwareVersions', () => {
  it('lists every runtime dependency of package.json, at the version package-lock.json installed', () => {
    expect([...RUNTIME_PACKAGES].sort()).toEqual(Object.keys(manifest.dependencies).sort());
    const versions = softwareVersions();
    for (const name of RUNTIME_PACKAGES) expect(versions[name], name).toBe(lock.packages[`node_modules/${name}`]?.version);
    expect(Object.values(versions)).not.toContain('not installed');
  });

  it('reads packages whose exports hide their package.json, and says null for one not installed', () => {
    for (const name of ['vega', 'vega-lite', 'kysely', 'csv-parse', 'ml-matrix']) expect(installedVersion(name), name).toMatch(/^\d+\.\d+\.\d+/);
    expect(installedVersion('no-such-package-progeval')).toBeNull();
  });
});
