import { z } from 'zod';
import { contractFile } from './contractFile.ts';
import { code, integerText, isoDate, numberText, oneOf, pseudonym, required } from './fields.ts';

export const TIMEPOINTS = ['pre', 'post', 'follow_up'] as const;

export const assessments = contractFile({
  file: 'assessments.csv',
  table: 'assessments',
  meaning: 'scale scores: one row per enrolment, measure and timepoint',
  requiredFile: false,
  key: ['enrolment_id', 'measure', 'timepoint'],
  row: z.object({
    enrolment_id: required(pseudonym, 'pseudonym', 'references enrolments.csv'),
    measure: required(code, 'code', 'references measures.csv'),
    timepoint: required(oneOf(TIMEPOINTS), TIMEPOINTS.join(' | ')),
    assessed_on: required(isoDate, 'date'),
    score: required(numberText(), 'number', "within the measure's min and max"),
  }),
});

export const assessmentItems = contractFile({
  file: 'assessment_items.csv',
  table: 'assessment_items',
  meaning: 'item responses, scored by the pipeline from the catalogue (instead of a score)',
  requiredFile: false,
  key: ['enrolment_id', 'measure', 'timepoint', 'item'],
  row: z.object({
    enrolment_id: required(pseudonym, 'pseudonym', 'references enrolments.csv'),
    measure: required(code, 'code', 'references measures.csv; the measure must give items'),
    timepoint: required(oneOf(TIMEPOINTS), TIMEPOINTS.join(' | ')),
    assessed_on: required(isoDate, 'date'),
    item: required(integerText(1), 'integer >= 1', "item number, at most the measure's items"),
    response: required(numberText(), 'number', 'between min/items and max/items of the measure'),
  }),
});
