import { z } from 'zod';
import { contractFile, type RowRuleReason } from './contractFile.ts';
import { integerText, isoDate, oneOf, optional, pseudonym, required } from './fields.ts';

export const ARMS = ['programme', 'toolkit', 'none'] as const;
export const ENROLMENT_STATUSES = ['completed', 'non_completed', 'not_started', 'ongoing'] as const;

export const enrolments = contractFile({
  file: 'enrolments.csv',
  table: 'enrolments',
  meaning: 'one row per person per programme place, or per comparison record',
  requiredFile: true,
  key: ['enrolment_id'],
  rowRules: [
    'arm programme needs a group_id; arm toolkit or none must not name a group (`inconsistent_row`)',
    'status not_started has no start_date; completed and non_completed need one (`inconsistent_row`)',
    'start_date is not before referral_date; end_date is not before start_date (`date_order`)',
    'end_date needs a start_date; sessions_attended is not more than sessions_scheduled (`inconsistent_row`)',
  ],
  row: z
    .object({
      enrolment_id: required(pseudonym, 'pseudonym', 'the enrolment, unique in the file'),
      person_id: required(pseudonym, 'pseudonym', 'references people.csv'),
      group_id: optional(pseudonym, 'pseudonym', 'references groups.csv; empty for people who got no group'),
      arm: required(oneOf(ARMS), ARMS.join(' | '), 'programme (needs a group), toolkit (supervision toolkits instead) or none'),
      referral_date: required(isoDate, 'date'),
      start_date: optional(isoDate, 'date', 'first session attended; empty if never started'),
      end_date: optional(isoDate, 'date', 'last session attended'),
      status: required(oneOf(ENROLMENT_STATUSES), ENROLMENT_STATUSES.join(' | ')),
      sessions_attended: optional(integerText(0), 'integer >= 0'),
      sessions_scheduled: optional(integerText(1), 'integer >= 1'),
      follow_up_start: required(isoDate, 'date', 'day reoffending starts to count (programme end, or release from custody)'),
      observation_end: required(isoDate, 'date', 'last day observed (extract date, death, removal); later events are unknown'),
    })
    .superRefine((e, ctx) => {
      const issue = (column: string, message: string, reason: RowRuleReason = 'inconsistent_row') =>
        ctx.addIssue({ code: 'custom', path: [column], message, params: { reason } });
      if (e.arm === 'programme' && e.group_id === null) issue('group_id', 'arm programme needs a group_id');
      if (e.arm !== 'programme' && e.group_id !== null) issue('group_id', `arm ${e.arm} must not name a group`);
      if (e.status === 'not_started' && e.start_date !== null) issue('start_date', 'status not_started but a start_date is given');
      if ((e.status === 'completed' || e.status === 'non_completed') && e.start_date === null)
        issue('start_date', `status ${e.status} needs a start_date`);
      if (e.start_date !== null && e.start_date < e.referral_date) issue('start_date', 'start_date is before referral_date', 'date_order');
      if (e.end_date !== null && e.start_date === null) issue('end_date', 'end_date given without a start_date');
      if (e.end_date !== null && e.start_date !== null && e.end_date < e.start_date)
        issue('end_date', 'end_date is before start_date', 'date_order');
      if (e.sessions_attended !== null && e.sessions_scheduled !== null && e.sessions_attended > e.sessions_scheduled)
        issue('sessions_attended', 'sessions_attended is more than sessions_scheduled');
    }),
});
