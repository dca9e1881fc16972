import { z } from 'zod';
import { contractFile } from './contractFile.ts';
import { integerText, oneOf, optional, pseudonym, required } from './fields.ts';

export const FACILITATOR_ROLES = ['lead', 'co', 'cover'] as const;

export const groupFacilitators = contractFile({
  file: 'group_facilitators.csv',
  table: 'group_facilitators',
  meaning: 'who ran each group: one row per group and facilitator',
  requiredFile: true,
  key: ['group_id', 'facilitator_id'],
  row: z.object({
    group_id: required(pseudonym, 'pseudonym', 'references groups.csv'),
    facilitator_id: required(pseudonym, 'pseudonym', 'references facilitators.csv'),
    role: required(oneOf(FACILITATOR_ROLES), FACILITATOR_ROLES.join(' | ')),
    sessions_delivered: optional(integerText(0), 'integer >= 0'),
  }),
});
