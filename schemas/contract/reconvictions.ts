import { z } from 'zod';
import { contractFile } from './contractFile.ts';
import { isoDate, oneOf, pseudonym, required } from './fields.ts';

export const OFFENCE_CATEGORIES = ['sexual', 'violent', 'other'] as const;

/**
 * One row per proven offence. The contract gives no offence id, so a row's key is its
 * content plus `occurrence`: the loader numbers identical rows 1, 2, … in file order, so
 * two real offences with the same dates and category both load, and the same extract
 * loaded twice still updates rather than duplicates.
 */
export const reconvictions = contractFile({
  file: 'reconvictions.csv',
  table: 'reconvictions',
  meaning: 'one row per proven offence after the index offence',
  requiredFile: true,
  key: ['person_id', 'offence_date', 'conviction_date', 'category', 'occurrence'],
  rowRules: [
    'conviction_date is not before offence_date (`date_order`)',
  ],
  row: z
    .object({
      person_id: required(pseudonym, 'pseudonym', 'references people.csv'),
      offence_date: required(isoDate, 'date', 'when the new offence was committed'),
      conviction_date: required(isoDate, 'date', 'when it was proven (on or after offence_date)'),
      category: required(oneOf(OFFENCE_CATEGORIES), OFFENCE_CATEGORIES.join(' | ')),
    })
    .superRefine((r, ctx) => {
      if (r.conviction_date < r.offence_date)
        ctx.addIssue({ code: 'custom', path: ['conviction_date'], message: 'conviction_date is before offence_date', params: { reason: 'date_order' } });
    }),
});
