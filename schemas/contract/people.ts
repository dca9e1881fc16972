import { z } from 'zod';
import { contractFile } from './contractFile.ts';
import { integerText, numberText, oneOf, optional, pseudonym, required, text } from './fields.ts';

export const SEXES = ['male', 'female', 'other', 'unknown'] as const;
export const INDEX_OFFENCES = [
  'sexual_contact',
  'sexual_online',
  'domestic_abuse',
  'violence',
  'acquisitive',
  'other',
] as const;
export const RISK_BANDS = ['low', 'medium', 'high', 'very_high'] as const;

export const people = contractFile({
  file: 'people.csv',
  table: 'people',
  meaning: 'one row per person',
  requiredFile: true,
  key: ['person_id'],
  row: z.object({
    person_id: required(pseudonym, 'pseudonym', 'the person, unique in the file'),
    sex: required(oneOf(SEXES), SEXES.join(' | ')),
    age_at_index: required(integerText(10, 100), 'integer 10-100', 'age on the index date (sentence or licence start)'),
    ethnicity: optional(text, 'text code', 'e.g. an ONS 5-group code'),
    index_offence: required(oneOf(INDEX_OFFENCES), INDEX_OFFENCES.join(' | '), 'type of the offence that led to the order'),
    prior_convictions: optional(integerText(0), 'integer >= 0', 'previous proven offences'),
    ogrs: optional(numberText(0, 100), 'number 0-100', 'OGRS predicted 2-year proven reoffending, percent'),
    sexual_risk: optional(oneOf(RISK_BANDS), RISK_BANDS.join(' | '), 'OSP/C band'),
    rosh: optional(oneOf(RISK_BANDS), RISK_BANDS.join(' | '), 'risk of serious harm level'),
  }),
});
