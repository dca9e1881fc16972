import { z } from 'zod';
import { contractFile } from './contractFile.ts';
import { code, integerText, itemList, numberText, oneOf, optional, required, text } from './fields.ts';

export const DIRECTIONS = ['higher_better', 'lower_better'] as const;

/**
 * The catalogue of attitude measures. When a measure is scored from item responses, its
 * scale score is the sum of the items, so each item lies between `min/items` and
 * `max/items`, and a reverse-keyed response r counts as `min/items + max/items - r`.
 */
export const measures = contractFile({
  file: 'measures.csv',
  table: 'measures',
  meaning: 'the catalogue of attitude measures',
  requiredFile: true,
  key: ['measure'],
  rowRules: [
    'max is above min; norm_sd is above 0; norm_mean and norm_sd go together (`inconsistent_row`)',
    'reverse_items needs items, and each lies between 1 and items (`inconsistent_row`)',
  ],
  row: z
    .object({
      measure: required(code, 'code [a-z0-9_]+', 'unique'),
      label: required(text, 'text'),
      min: required(numberText(), 'number', 'lowest possible score'),
      max: required(numberText(), 'number', 'highest possible score'),
      direction: required(oneOf(DIRECTIONS), DIRECTIONS.join(' | '), 'which way is improvement'),
      reliability: required(numberText(0, 1), 'number 0-1', 'test-retest or internal consistency, for the Reliable Change Index'),
      norm_mean: optional(numberText(), 'number', 'mean in a non-offending (functional) population, for clinically significant change'),
      norm_sd: optional(numberText(0), 'number > 0', 'SD in that population'),
      items: optional(integerText(1), 'integer >= 1', 'number of items, when item responses are supplied'),
      reverse_items: optional(itemList, '`;`-separated item numbers', 'reverse-keyed items'),
    })
    .superRefine((m, ctx) => {
      const issue = (column: string, message: string) =>
        ctx.addIssue({ code: 'custom', path: [column], message, params: { reason: 'inconsistent_row' } });
      if (m.max <= m.min) issue('max', 'max is not above min');
      if (m.norm_sd !== null && m.norm_sd <= 0) issue('norm_sd', 'norm_sd must be above 0');
      if ((m.norm_mean === null) !== (m.norm_sd === null)) issue(m.norm_mean === null ? 'norm_mean' : 'norm_sd', 'norm_mean and norm_sd go together');
      if (m.reverse_items !== null) {
        if (m.items === null) issue('reverse_items', 'reverse_items given without items');
        else if (m.reverse_items.split(';').some((i) => Number(i) < 1 || Number(i) > m.items!))
          issue('reverse_items', `reverse_items must lie between 1 and items (${m.items})`);
      }
    }),
});
