/**
 * `progeval reproduce` (issue 13): a report made from two successive extracts, after an earlier
 * run (so it was checked against a release register and drew a trend), is reproduced byte for
 * byte from its manifest and the extracts; one byte changed in an output gives exit 3 naming
 * the file; one byte changed in an extract is refused (exit 2) before anything runs.
 */
import { appendFileSync, cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateExtract } from '../../../fixtures/generator/index.ts';
import { manifestSchema } from '../../../reports/output/manifest.ts';
import { scratchDir } from '../../support/extracts.ts';
import { runCli } from '../../support/runCli.ts';

const PLAN = join(import.meta.dirname, '../../../fixtures/plans/building-choices.yaml');

describe('progeval reproduce', () => {
  const root = scratchDir('progeval-reproduce-');
  const early = join(root, 'extract-2026-04-30');
  const late = join(root, 'extract-2026-10-31');
  const db = join(root, 'progeval.db');
  const out = join(root, 'out');

  beforeAll(async () => {
    await generateExtract({ out: early, people: 800, seed: 9, extractDate: '2026-04-30' });
    await generateExtract({ out: late, people: 800, seed: 9, extractDate: '2026-10-31' });
    const first = await runCli('run', '--extract', early, '--plan', PLAN, '--out', join(root, 'out-early'), '--db', db, '--quiet');
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toBe('');
    const second = await runCli('run', '--extract', late, '--plan', PLAN, '--out', out, '--db', db, '--progress', 'none');
    expect(second.code, second.stderr).toBe(0);
  }, 600_000);

  it('records what the run read: the plan verbatim, every input file, the seed, no absolute path', () => {
    const text = readFileSync(join(out, 'manifest.json'), 'utf8');
    const manifest = manifestSchema.parse(JSON.parse(text));
    expect(manifest.run!.plan.text).toBe(readFileSync(PLAN, 'utf8'));
    expect(manifest.run!.inputs.map((b) => b.batch_id)).toEqual([1, 2]);
    expect(manifest.run!.inputs[1]!.files.map((f) => f.file)).toContain('enrolments.csv');
    expect(manifest.run!.release.cells.length).toBeGreaterThan(0); // checked against the first run's release
    expect(manifest.run!.package_lock_sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(text).not.toContain(root);
  });

  it('reproduces every output byte for byte, then exits 3 naming a file with one byte changed', async () => {
    const ok = await runCli('reproduce', join(out, 'manifest.json'), '--extract', early, '--extract', late, '--json');
    expect(ok.code, ok.stdout + ok.stderr).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ reproduced: true, differences: [] });

    const changed = join(root, 'out-changed');
    cpSync(out, changed, { recursive: true });
    appendFileSync(join(changed, 'tables', 'cox.csv'), ' ');
    const bad = await runCli('reproduce', join(changed, 'manifest.json'), '--extract', early, '--extract', late);
    expect(bad.code).toBe(3);
    expect(bad.stdout).toMatch(/Not reproduced: 1 difference/);
    expect(bad.stdout).toMatch(/tables\/cox\.csv: in OUT: not the bytes the manifest lists/);
  }, 600_000);

  it('refuses an extract with one byte changed, or given out of order, before running anything (exit 2)', async () => {
    const tampered = join(root, 'extract-tampered');
    cpSync(late, tampered, { recursive: true });
    const file = join(tampered, 'reconvictions.csv');
    writeFileSync(file, readFileSync(file, 'utf8').replace(/2025-/, '2024-'));
    const refused = await runCli('reproduce', join(out, 'manifest.json'), '--extract', early, '--extract', tampered);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/not the extracts the report was made from/);
    expect(refused.stderr).toMatch(/reconvictions\.csv has SHA-256/);
    const swapped = await runCli('reproduce', join(out, 'manifest.json'), '--extract', late, '--extract', early);
    expect(swapped.code).toBe(2);
    const one = await runCli('reproduce', join(out, 'manifest.json'), '--extract', late);
    expect(one.code).toBe(2);
    expect(one.stderr).toMatch(/made from 2 extract\(s\)/);
  });
});
