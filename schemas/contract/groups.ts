import { z } from 'zod';
import { contractFile } from './contractFile.ts';
import { isoDate, oneOf, optional, pseudonym, required, text } from './fields.ts';

export const PROGRAMMES = ['horizon', 'ihorizon', 'kaizen', 'building_choices', 'bbr', 'tsp', 'other'] as const;
export const INTENSITIES = ['moderate', 'high'] as const;
export const SETTINGS = ['community', 'custody'] as const;

export const groups = contractFile({
  file: 'groups.csv',
  table: 'groups',
  meaning: 'one row per programme group (a run of sessions)',
  requiredFile: true,
  key: ['group_id'],
  rowRules: [
    'end_date, when given, is not before start_date (`date_order`)',
  ],
  row: z
    .object({
      group_id: required(pseudonym, 'pseudonym', 'the group, unique in the file'),
      programme: required(oneOf(PROGRAMMES), PROGRAMMES.join(' | ')),
      intensity: required(oneOf(INTENSITIES), INTENSITIES.join(' | ')),
      setting: required(oneOf(SETTINGS), SETTINGS.join(' | ')),
      region: required(text, 'text', 'probation region'),
      start_date: required(isoDate, 'date', 'first session'),
      end_date: optional(isoDate, 'date', 'last session; empty while the group is running'),
    })
    .superRefine((g, ctx) => {
      if (g.end_date !== null && g.end_date < g.start_date) {
        ctx.addIssue({ code: 'custom', path: ['end_date'], message: 'end_date is before start_date', params: { reason: 'date_order' } });
      }
    }),
});
