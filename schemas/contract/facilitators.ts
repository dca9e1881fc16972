import { z } from 'zod';
import { contractFile } from './contractFile.ts';
import { booleanText, numberText, oneOf, optional, pseudonym, required } from './fields.ts';

export const facilitators = contractFile({
  file: 'facilitators.csv',
  table: 'facilitators',
  meaning: 'one row per facilitator',
  requiredFile: true,
  key: ['facilitator_id'],
  row: z.object({
    facilitator_id: required(pseudonym, 'pseudonym', 'the facilitator, unique in the file'),
    band: required(oneOf(['3', '4']).transform(Number).meta({ storage: 'integer' }), '3 | 4', 'pay band of the post'),
    probation_qualified: required(booleanText, 'true | false', 'holds the Professional Qualification in Probation'),
    years_experience: optional(numberText(0), 'number >= 0', 'years facilitating programmes'),
    specialist_sexual_offending: optional(booleanText, 'true | false', 'came from a specialist sex-offender unit'),
  }),
});
