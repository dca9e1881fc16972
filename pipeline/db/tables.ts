/**
 * The database's tables as kysely types. Contract tables hold the columns of data contract v1
 * under the same names, plus `batch_id` (the load batch that last wrote the row) and
 * `source_line` (its line in that batch's file). Booleans are stored as 0/1 integers and
 * dates as `YYYY-MM-DD` text, which every SQL dialect reads the same way.
 */
import type { Generated } from 'kysely';

interface Provenance {
  batch_id: number;
  source_line: number;
  /** Null while the row is in force; else the batch whose snapshot no longer held it. */
  withdrawn_batch_id: Generated<number | null>;
}

export interface PeopleTable extends Provenance {
  person_id: string;
  sex: string;
  age_at_index: number;
  ethnicity: string | null;
  index_offence: string;
  prior_convictions: number | null;
  ogrs: number | null;
  sexual_risk: string | null;
  rosh: string | null;
}

export interface FacilitatorsTable extends Provenance {
  facilitator_id: string;
  band: number;
  probation_qualified: number;
  years_experience: number | null;
  specialist_sexual_offending: number | null;
}

export interface GroupsTable extends Provenance {
  group_id: string;
  programme: string;
  intensity: string;
  setting: string;
  region: string;
  start_date: string;
  end_date: string | null;
}

export interface GroupFacilitatorsTable extends Provenance {
  group_id: string;
  facilitator_id: string;
  role: string;
  sessions_delivered: number | null;
}

export interface MeasuresTable extends Provenance {
  measure: string;
  label: string;
  min: number;
  max: number;
  direction: string;
  reliability: number;
  norm_mean: number | null;
  norm_sd: number | null;
  items: number | null;
  reverse_items: string | null;
}

export interface EnrolmentsTable extends Provenance {
  enrolment_id: string;
  person_id: string;
  group_id: string | null;
  arm: string;
  referral_date: string;
  start_date: string | null;
  end_date: string | null;
  status: string;
  sessions_attended: number | null;
  sessions_scheduled: number | null;
  follow_up_start: string;
  observation_end: string;
}

export interface AssessmentsTable extends Provenance {
  enrolment_id: string;
  measure: string;
  timepoint: string;
  assessed_on: string;
  score: number;
}

export interface AssessmentItemsTable extends Provenance {
  enrolment_id: string;
  measure: string;
  timepoint: string;
  assessed_on: string;
  item: number;
  response: number;
}

export interface ReconvictionsTable extends Provenance {
  person_id: string;
  offence_date: string;
  conviction_date: string;
  category: string;
  occurrence: number;
}

export interface LoadBatchesTable {
  batch_id: Generated<number>;
  extract_sha256: string;
  source: string;
  contract_version: string;
  progeval_version: string;
  started_at: string;
  finished_at: string;
  /** The snapshot's date (YYYY-MM-DD): extract.json's, or the latest observation_end. Null before 0003. */
  extract_date: string | null;
}

export interface LoadFilesTable {
  batch_id: number;
  file: string;
  sha256: string;
  bytes: number;
  rows_read: number;
  rows_loaded: number;
  rows_new: number;
  rows_quarantined: number;
  /** Rows of the file's table withdrawn by this batch: absent from its snapshot, or refused in it. */
  rows_withdrawn: Generated<number>;
  ignored_columns: string | null;
}

export interface QuarantineTable {
  quarantine_id: Generated<number>;
  batch_id: number;
  file: string;
  line: number;
  column_name: string | null;
  reason_code: string;
  reason: string;
  /** The refused row as JSON, with any identifier-shaped cell replaced by `[withheld]`. */
  row_json: string;
}

/** One disclosure release: a register of published cells that later runs must stay consistent with. */
export interface DisclosureReleasesTable {
  release_id: Generated<number>;
  /** ISO timestamp. */
  started_at: string;
  /** Why the release began, e.g. 'first run' or 'fresh release requested'. */
  reason: string;
}

/** A published count cell: an aggregate definition and its count, never a pseudonym. */
export interface DisclosureRegisterTable {
  release_id: number;
  /** ISO timestamp of the run that first published the cell in this release. */
  run_started_at: string;
  population: string;
  /** '' when the cell has no variant. */
  variant: string;
  value: number;
}

/** One `progeval run` (issue 13): what it read and how it ended. */
export interface RunsTable {
  run_id: Generated<number>;
  /** 'running', 'complete' or 'failed'. */
  status: string;
  /** ISO timestamps. */
  started_at: string;
  finished_at: string | null;
  plan_sha256: string;
  plan_title: string;
  extract_date: string | null;
  /** Load batches in force, comma-separated, oldest first. */
  batches: string;
  progeval_version: string;
  /** SHA-256 of the run's manifest.json; null until complete. */
  output_sha256: string | null;
}

/** A headline figure a run published (disclosed values only; see schemas/runHistory.ts). */
export interface RunEstimatesTable {
  run_id: number;
  key: string;
  kind: string;
  comparison: string;
  outcome: string;
  measure: string | null;
  window_months: number | null;
  scale: string;
  estimate: number | null;
  ci_low: number | null;
  ci_high: number | null;
  margin: number | null;
  verdict: string | null;
}

export interface Database {
  people: PeopleTable;
  facilitators: FacilitatorsTable;
  groups: GroupsTable;
  group_facilitators: GroupFacilitatorsTable;
  measures: MeasuresTable;
  enrolments: EnrolmentsTable;
  assessments: AssessmentsTable;
  assessment_items: AssessmentItemsTable;
  reconvictions: ReconvictionsTable;
  load_batches: LoadBatchesTable;
  load_files: LoadFilesTable;
  quarantine: QuarantineTable;
  disclosure_releases: DisclosureReleasesTable;
  disclosure_register: DisclosureRegisterTable;
  runs: RunsTable;
  run_estimates: RunEstimatesTable;
}

/** The contract's tables, parents before dependants (the load order). */
export const CONTRACT_TABLES = [
  'people', 'facilitators', 'groups', 'group_facilitators', 'measures', 'enrolments', 'assessments', 'assessment_items', 'reconvictions',
] as const;

export type ContractTableName = (typeof CONTRACT_TABLES)[number];
