/**
 * Fuzzing the loader. A seeded generator mutates the rows and headers of a small synthetic
 * extract: identifier forms of every kind (National Insurance numbers spaced, hyphenated, with
 * non-breaking spaces, in full-width digits or without their suffix; PNC numbers; case
 * reference numbers; email addresses; UK telephone numbers), control characters, quotes,
 * cells over the byte limit, missing and extra fields, random text, invalid UTF-8 and
 * unbalanced quotes. Each mutated extract goes through `progeval ingest` as a user would run
 * it, then:
 *
 * - the load ends in exit 0 (rows loaded or quarantined) or exit 2 (the extract refused,
 *   nothing loaded), never in an internal error;
 * - every input row is accounted for: rows read = the records written, = loaded + quarantined;
 * - no planted identifier appears on stdout or stderr, in `status` or `quarantine --json`, or
 *   in any byte of the database and its WAL;
 * - the heap stays bounded.
 *
 * `PROGEVAL_FUZZ_EXTRACTS` (default 30) and `PROGEVAL_FUZZ_SEED` (default 1) set the size and
 * seed; the test prints how many rows, cells and headers it mutated.
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import randu from '@stdlib/random-base-randu';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateExtract } from '../../../fixtures/generator/index.ts';
import { scratchDir } from '../../support/extracts.ts';
import { storedText } from '../../support/storedDatabase.ts';
import { runCli } from '../../support/runCli.ts';
import { cpSync } from 'node:fs';

const EXTRACTS = Number(process.env.PROGEVAL_FUZZ_EXTRACTS ?? 30);
const SEED = Number(process.env.PROGEVAL_FUZZ_SEED ?? 1);
const ROWS_PER_EXTRACT = 120;
const HEAP_LIMIT_BYTES = 768 * 1024 ** 2;

const rand = randu.factory({ seed: SEED });
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
const digits = (n: number) => Array.from({ length: n }, () => String(Math.floor(rand() * 10))).join('');
const letter = () => pick('ABCEGHJKLMNPRSTWXYZ'.split(''));
const fullWidth = (s: string) => s.replace(/[0-9]/g, (d) => String.fromCharCode(0xff10 + Number(d)));
const SEPARATORS = ['', ' ', '\u00a0', '-', '.', '\u2009'];

/** A random identifier in one of the forms the contract refuses, and its kind. */
function identifierForm(): string {
  const kind = pick(['ni', 'ni', 'pnc', 'crn', 'email', 'phone']);
  const sep = () => pick(SEPARATORS);
  let text: string;
  if (kind === 'ni') {
    const d = digits(6);
    text = `${letter()}${letter()}${sep()}${d.slice(0, 2)}${sep()}${d.slice(2, 4)}${sep()}${d.slice(4)}${rand() < 0.7 ? `${sep()}${pick(['A', 'B', 'C', 'D'])}` : ''}`;
  } else if (kind === 'pnc') {
    text = `${rand() < 0.5 ? `20${digits(2)}` : digits(2)}/${digits(7)}${rand() < 0.5 ? ' ' : ''}${letter()}`;
  } else if (kind === 'crn') {
    text = `${letter()}${rand() < 0.5 ? '-' : ''}${digits(6)}`;
  } else if (kind === 'email') {
    text = `fz${digits(5)}.${pick(['smith', 'jones', 'o.neill'])}@${pick(['example.org', 'justice.gov.uk', 'mail.co.uk'])}`;
  } else {
    text = pick([`07${digits(3)} ${digits(6)}`, `+44 7${digits(3)} ${digits(6)}`, `020 ${digits(4)} ${digits(4)}`, `01${digits(3)}-${digits(6)}`]);
  }
  if (rand() < 0.25) text = fullWidth(text);
  if (rand() < 0.3) text = text.toLowerCase();
  // Sometimes inside other words, as free text would hold it.
  return rand() < 0.3 ? `${pick(['see', 'ref', 'note:'])} ${text} ${pick(['ok', 'tbc', ''])}`.trim() : text;
}

const CONTROL = ['\u0000', '\u0007', '\u001b[2J', '\r', '\n', '\u0085', '\u2028', '\t'];
const NOISE = ['', ' ', '"', '""', "'", ',', 'NaN', '-1', '1e309', '2024-02-30', '９９', 'é', '👮', '=HYPERLINK("http://x")', '@SUM(1)', 'true', 'null', '\ufeff'];

interface Plan {
  secrets: string[];
  mutated: { rows: number; identifiers: number; headers: number; oversized: number; raw: number };
}

/** Mutates one extract folder in place; returns the planted identifiers. */
function mutate(dir: string, plan: Plan): Map<string, number> {
  const files = readdirSync(dir).filter((f) => f.endsWith('.csv'));
  const records = new Map<string, number>();
  const parsed = new Map(files.map((f) => [f, parse(readFileSync(join(dir, f)), { relax_column_count: true }) as string[][]]));
  for (let i = 0; i < ROWS_PER_EXTRACT; i++) {
    const file = pick(files);
    const rows = parsed.get(file)!;
    if (rows.length < 2) continue;
    const r = 1 + Math.floor(rand() * (rows.length - 1));
    const row = [...rows[r]!];
    const c = Math.floor(rand() * row.length);
    const what = rand();
    if (what < 0.4) {
      const secret = identifierForm();
      plan.secrets.push(secret);
      plan.mutated.identifiers++;
      row[c] = secret;
    } else if (what < 0.55) row[c] = `${row[c] ?? ''}${pick(CONTROL)}`;
    else if (what < 0.7) row[c] = pick(NOISE);
    else if (what < 0.75) {
      row[c] = 'x'.repeat(64 * 1024 + Math.floor(rand() * 200 * 1024));
      plan.mutated.oversized++;
    } else if (what < 0.85) row.push(pick(NOISE) || 'extra');
    else if (what < 0.92 && row.length > 2) row.splice(c, 1);
    else row[c] = Array.from({ length: 1 + Math.floor(rand() * 12) }, () => String.fromCodePoint(0x20 + Math.floor(rand() * 0x2fff))).join('');
    rows[r] = row;
    plan.mutated.rows++;
  }
  // Now and then, a header cell holding a value or an identifier-shaped name.
  if (rand() < 0.25) {
    const file = pick(files);
    const header = parsed.get(file)![0]!;
    const secret = identifierForm();
    header[Math.floor(rand() * header.length)] = secret;
    plan.secrets.push(secret);
    plan.mutated.headers++;
  }
  for (const [file, rows] of parsed) {
    writeFileSync(join(dir, file), stringify(rows));
    records.set(file, rows.length - 1);
  }
  // Rarely, bytes that break the whole file: invalid UTF-8 or an unbalanced quote.
  if (rand() < 0.2) {
    const file = pick(files);
    const bytes = readFileSync(join(dir, file));
    const at = bytes.indexOf(10, Math.floor(rand() * bytes.length)) + 1 || bytes.length;
    const insert = rand() < 0.5 ? Buffer.from([0xff, 0xfe, 0x41]) : Buffer.from('"unclosed,');
    writeFileSync(join(dir, file), Buffer.concat([bytes.subarray(0, at), insert, bytes.subarray(at)]));
    plan.mutated.raw++;
  }
  return records;
}

/** How a planted value could be found in bytes stored as UTF-8 and searched as latin1. */
const asStored = (s: string) => Buffer.from(s, 'utf8').toString('latin1');

describe('the loader under fuzzed input', () => {
  const base = join(scratchDir('progeval-fuzz-'), 'base');
  beforeAll(async () => {
    await generateExtract({ out: base, people: 150, seed: 11 });
  }, 120_000);

  it(`every row is loaded or quarantined, nothing identifying leaks, memory stays bounded (${EXTRACTS} extracts)`, async () => {
    const plan: Plan = { secrets: [], mutated: { rows: 0, identifiers: 0, headers: 0, oversized: 0, raw: 0 } };
    let peakHeap = 0;
    const sampler = setInterval(() => (peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed)), 20);
    const outcomes = { loaded: 0, refused: 0, rows: 0, quarantined: 0 };
    try {
      for (let e = 0; e < EXTRACTS; e++) {
        const dir = scratchDir('progeval-fuzzed-');
        cpSync(base, dir, { recursive: true });
        const before = plan.secrets.length;
        const records = mutate(dir, plan);
        const secrets = plan.secrets.slice(before);
        const db = join(scratchDir(), 'fuzz.db');
        const load = await runCli('ingest', dir, '--db', db, '--progress', 'none', '--json');
        const context = `extract ${e} (seed ${SEED})`;
        expect(load.stderr, context).not.toMatch(/internal error/);
        expect([0, 2], `${context}: ${load.stderr}`).toContain(load.code);
        const status = await runCli('status', '--db', db, '--json');
        const listed = await runCli('quarantine', '--db', db, '--json');
        if (load.code === 0) {
          outcomes.loaded++;
          const result = JSON.parse(load.stdout) as { files: { file: string; rowsRead: number; rowsLoaded: number; rowsQuarantined: number }[] };
          for (const f of result.files) {
            expect(f.rowsRead, `${context} ${f.file}`).toBe(records.get(f.file));
            expect(f.rowsRead, `${context} ${f.file}`).toBe(f.rowsLoaded + f.rowsQuarantined);
            outcomes.rows += f.rowsRead;
            outcomes.quarantined += f.rowsQuarantined;
          }
        } else {
          outcomes.refused++;
          expect(load.stderr, context).toContain('nothing was loaded');
          expect(JSON.parse(status.stdout).batches, context).toEqual([]);
        }
        const seen = [load.stdout, load.stderr, status.stdout, status.stderr, listed.stdout, listed.stderr].join('\n');
        const stored = await storedText(db);
        for (const secret of secrets) {
          // Synthetic, so the test may name it: it says which form got through.
          const at = seen.indexOf(secret);
          expect(at, `${context}: the planted identifier ${JSON.stringify(secret)} was printed: …${seen.slice(Math.max(0, at - 80), at + 40)}…`).toBe(-1);
          expect(stored.includes(asStored(secret)), `${context}: the planted identifier ${JSON.stringify(secret)} was stored`).toBe(false);
        }
      }
    } finally {
      clearInterval(sampler);
    }
    console.info(
      `fuzz (seed ${SEED}): ${EXTRACTS} extracts (${outcomes.loaded} loaded, ${outcomes.refused} refused whole); ` +
        `${plan.mutated.rows} rows mutated, ${plan.mutated.identifiers} identifier forms planted in cells, ${plan.mutated.headers} in headers, ` +
        `${plan.mutated.oversized} oversized cells, ${plan.mutated.raw} files broken at byte level; ${outcomes.rows} rows read, ` +
        `${outcomes.quarantined} quarantined; peak heap ${Math.round(peakHeap / 1024 ** 2)} MiB`,
    );
    expect(plan.mutated.identifiers).toBeGreaterThan(EXTRACTS * 20);
    expect(peakHeap).toBeLessThan(HEAP_LIMIT_BYTES);
  }, 600_000);
});
