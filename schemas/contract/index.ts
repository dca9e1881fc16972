/**
 * Data contract v1: the files of an anonymised programme extract, in load order (every
 * file comes after the files it references).
 */
import { assessmentItems, assessments } from './assessments.ts';
import type { ContractFile } from './contractFile.ts';
import { enrolments } from './enrolments.ts';
import { facilitators } from './facilitators.ts';
import { groupFacilitators } from './groupFacilitators.ts';
import { groups } from './groups.ts';
import { measures } from './measures.ts';
import { people } from './people.ts';
import { reconvictions } from './reconvictions.ts';

export const CONTRACT_VERSION = 'v1';

export const CONTRACT_FILES: readonly ContractFile[] = [
  people,
  facilitators,
  groups,
  groupFacilitators,
  measures,
  enrolments,
  assessments,
  assessmentItems,
  reconvictions,
];

export { assessmentItems, assessments, enrolments, facilitators, groupFacilitators, groups, measures, people, reconvictions };
export { columnsOf, requiredColumns, type ContractFile } from './contractFile.ts';
export * from './refusedContent.ts';
