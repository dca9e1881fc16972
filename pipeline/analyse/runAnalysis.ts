/**
 * One analysis run: read what is loaded, derive the cohort, analyse attitudes and
 * reconvictions for every comparison of the plan, and return results that satisfy the
 * results schema. The database is read through pipeline/db only; everything after the
 * read works on plain arrays.
 */
import { CONTRACT_VERSION } from '../../schemas/contract/index.ts';
import type { Plan } from '../../schemas/plan.ts';
import { analysisResultsSchema, type AnalysisResults } from '../../schemas/results.ts';
import { readEnrolments, readGroupStaff, readMeasures, readReconvictions, readScaleScores, streamItemResponses } from '../db/analysisData.ts';
import type { ProgevalDatabase } from '../db/dialect.ts';
import { loadHistory } from '../db/history.ts';
import { buildCohort, measureInfo, scoreItemResponses } from '../derive/cohort.ts';
import { PROGEVAL_VERSION } from '../version.ts';
import { analyseAttitudes } from './attitudes/analyseAttitudes.ts';
import { jacobsonTruax } from './attitudes/jacobsonTruax.ts';
import { quarterlyRates, regionalObservedExpected } from './monitoring/monitoring.ts';
import { runLinkage } from './linkage.ts';
import { participantFlow } from './participantFlow.ts';
import { checkPlanLevels } from './planLevels.ts';
import { overlap } from './overlap.ts';
import { analyseReconviction } from './reconviction/analyseReconviction.ts';

/** The overlap of every adjusted comparison, and its notes. */
function adjustmentOverlap(cohort: Parameters<typeof overlap>[0], plan: Plan) {
  const each = plan.comparisons.map((c) => overlap(cohort, c, plan.disclosure.min_cell));
  return { overlap: each.flatMap((o) => o.strata), notes: each.flatMap((o) => o.notes) };
}

export async function runAnalysis(database: ProgevalDatabase, plan: Plan, onStep: (step: string) => void = () => {}): Promise<AnalysisResults> {
  onStep('reading the loaded extract');
  const measures = (await readMeasures(database)).map(measureInfo);
  const measureByCode = new Map(measures.map((m) => [m.measure, m]));
  const items = await scoreItemResponses(streamItemResponses(database), measureByCode);
  const [enrolments, staff, scaleScores, reconvictions, history] = [
    await readEnrolments(database),
    await readGroupStaff(database),
    await readScaleScores(database),
    await readReconvictions(database),
    await loadHistory(database),
  ];
  onStep('deriving the cohort');
  // A score supplied in assessments.csv stands over one scored from items.
  const cohort = buildCohort({ enrolments, staff, scaleScores: [...items.scores, ...scaleScores], reconvictions });
  // A treatment or reference level the data do not have is a mistake in the plan (exit 2), not an empty report.
  checkPlanLevels(cohort, plan);

  onStep('analysing attitude change');
  const attitudes = analyseAttitudes(cohort, measures, plan);
  const jt = jacobsonTruax(cohort, measures, plan);
  onStep('analysing reconvictions');
  const reconviction = analyseReconviction(cohort, plan);
  onStep('monitoring by quarter and region');
  const regions = regionalObservedExpected(cohort);

  const results = {
    progeval_version: PROGEVAL_VERSION,
    contract_version: CONTRACT_VERSION,
    plan,
    // No local paths are published: the database by its dialect only, each extract by its
    // SHA-256 and file names (never the folder it was loaded from), so identical analyses
    // run in two folders give the same results.json.
    data: {
      database: database.dialect,
      batches: history.map((b) => ({ batch_id: b.batch_id, extract_sha256: b.extract_sha256, files: b.files.map((f) => ({ file: f.file, sha256: f.sha256 })) })),
    },
    flow: participantFlow(cohort, plan),
    adjustment: adjustmentOverlap(cohort, plan),
    attitudes: {
      measures: measures.map((m) => ({ measure: m.measure, label: m.label, min: m.min, max: m.max, direction: m.direction, reliability: m.reliability, norm_mean: m.normMean, norm_sd: m.normSd })),
      scoring: items.summary,
      jacobson_truax: jt.bins,
      reliable_change_bands: jt.bands,
      ...attitudes,
    },
    reconviction,
    monitoring: { quarterly: quarterlyRates(cohort), regions: regions.regions, funnel: regions.funnel },
    // For disclosure control only (reports/disclosure): never published.
    linkage: runLinkage(cohort, measures, plan),
  };
  return analysisResultsSchema.parse(results);
}
