/**
 * An extract's date (data contract v1.1, "Successive extracts"): the `extract_date` declared
 * in an optional `extract.json` beside the CSV files, `{"extract_date": "YYYY-MM-DD"}`. Without
 * one, the loader takes the latest `observation_end` it loaded. The file must be a small
 * regular file holding exactly that object; anything else refuses the extract (its content is
 * never echoed).
 */
import { lstatSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { isoDate } from '../../schemas/contract/fields.ts';
import type { FileRefusal } from '../validate/refusal.ts';

export const EXTRACT_DATE_FILE = 'extract.json';

const extractJson = z.strictObject({ extract_date: isoDate });

export function declaredExtractDate(dir: string): { date: string | null; refusal?: FileRefusal } {
  const path = join(dir, EXTRACT_DATE_FILE);
  let stat;
  try {
    stat = lstatSync(path);
  } catch {
    return { date: null };
  }
  const refuse = (reason: string) => ({ date: null, refusal: { file: EXTRACT_DATE_FILE, reasonCode: 'bad_extract_date' as const, reason } });
  if (!stat.isFile()) return refuse(`${EXTRACT_DATE_FILE} is not a regular file`);
  if (stat.size > 4096) return refuse(`${EXTRACT_DATE_FILE} is larger than 4 KiB; it holds only {"extract_date": "YYYY-MM-DD"}`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return refuse(`${EXTRACT_DATE_FILE} is not valid JSON; it holds only {"extract_date": "YYYY-MM-DD"}`);
  }
  const checked = extractJson.safeParse(parsed);
  if (!checked.success) return refuse(`${EXTRACT_DATE_FILE} must hold exactly {"extract_date": "YYYY-MM-DD"} with a real date`);
  return { date: checked.data.extract_date };
}
