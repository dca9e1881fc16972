/**
 * One analysis run: read what is loaded, derive the cohort, analyse attitudes and
 * reconvictions for every comparison of the plan, and return results that satisfy the
 * results schema. The database is read through pipeline/db only; everything after the
 * read works on plain arrays.
 */
import { CONTRACT_VERSION } from '../../schemas/contract/index.ts';
import type { Plan } from '../../schemas/plan.ts';
import { analysisResultsSchema, type AnalysisResults } from '../../schemas/results.ts';
import { readGroupStaff, readMeasures, readReconvictions, streamEnrolments, streamItemResponses, streamScaleScores } from '../db/analysisData.ts';
import type { ProgevalDatabase } from '../db/dialect.ts';
import { loadHistory, quarantineCounts } from '../db/history.ts';
import { setAsideLaterEnrolments } from './onePerPerson.ts';
import { cohortBuilder, measureInfo, scoreItemResponses, type CohortMember } from '../derive/cohort.ts';
import { PROGEVAL_VERSION } from '../version.ts';
import { attitudeAnalyses, type AttitudeAnalyses } from './attitudes/attitudeAnalyses.ts';
import { attitudesOnSecondThread, SECOND_THREAD_FROM } from './attitudes/attitudesThread.ts';
import { quarterlyRates, regionalObservedExpected } from './monitoring/monitoring.ts';
import { riskAdjustedCusums } from './monitoring/cusum.ts';
import { runLinkage } from './linkage.ts';
import { participantFlow } from './participantFlow.ts';
import { checkPlanLevels } from './planLevels.ts';
import { overlap } from './overlap.ts';
import { analyseReconviction } from './reconviction/analyseReconviction.ts';
import { coxEValues, logisticEValues, matchedEValues } from './sensitivity/modelEValues.ts';
import { observationEndOf, readiness } from './verdicts/readiness.ts';
import { unknownMarginMeasures, verdicts } from './verdicts/verdicts.ts';
import { didYouMeanHint } from './didYouMean.ts';
import { PlanInvalid } from './planInvalid.ts';

/** The overlap of every adjusted comparison, and its notes. */
function adjustmentOverlap(cohort: Parameters<typeof overlap>[0], plan: Plan) {
  const each = plan.comparisons.map((c) => overlap(cohort, c, plan.disclosure.min_cell));
  return { overlap: each.flatMap((o) => o.strata), notes: each.flatMap((o) => o.notes) };
}

/** The extract date (the latest load's), the observation end, and the months follow-up started in. */
function cohortDates(cohort: Parameters<typeof overlap>[0], history: readonly { extract_date: string | null }[]) {
  const end = observationEndOf(cohort);
  // A follow-up start after observation ends (a planned release) is not yet follow-up.
  const starts = cohort.map((m) => m.followUp.followUpStart).filter((s) => s <= end).sort();
  const extract = history.map((b) => b.extract_date).filter((d): d is string => d !== null).sort().at(-1) ?? null;
  return { extract_date: extract, observation_end: end || null, follow_up_from: starts[0]?.slice(0, 7) ?? null, follow_up_to: starts.at(-1)?.slice(0, 7) ?? null };
}

/**
 * What every analysis starts from: the loaded extract read, and the cohort derived as the plan
 * needs it (one unit per person in each comparison), its levels and margins checked against
 * the data. `progeval export` starts from the same cohort, so its rows are the analyses' rows.
 */
export async function readCohort(database: ProgevalDatabase, plan: Plan, onStep: (step: string) => void = () => {}) {
  onStep('reading the loaded extract');
  const measures = (await readMeasures(database)).map(measureInfo);
  const measureByCode = new Map(measures.map((m) => [m.measure, m]));
  // The cohort is built as the rows stream past (at national scale, holding every row at once
  // cost more memory than the cohort): scores scored from items first, then the scores supplied
  // in assessments.csv, which stand over them, then each enrolment, which becomes a member.
  const builder = cohortBuilder(await readGroupStaff(database), await readReconvictions(database));
  const scoring = await scoreItemResponses(streamItemResponses(database), measureByCode, builder.addScore);
  for await (const scores of streamScaleScores(database)) for (const score of scores) builder.addScore(score);
  const members: CohortMember[] = [];
  for await (const enrolments of streamEnrolments(database)) for (const enrolment of enrolments) members.push(builder.member(enrolment));
  const history = await loadHistory(database);
  onStep('deriving the cohort');
  // One unit per person: in each comparison a person counts once, on their first eligible enrolment.
  const cohort = setAsideLaterEnrolments(members, plan.comparisons);
  // A treatment or reference level the data do not have is a mistake in the plan (exit 2), not an empty report.
  checkPlanLevels(cohort, plan);
  const unknown = unknownMarginMeasures(plan.margins, measures.map((m) => m.measure));
  if (unknown.length) {
    const ids = measures.map((m) => m.measure);
    throw new PlanInvalid(unknown.map((u) => `margins.attitudes: ${u} is not a measure in the loaded data${didYouMeanHint(u, ids)}; the measures are: ${ids.join(', ')} (or give points or standardised for every measure)`));
  }
  // No local paths: each extract by its SHA-256 and file names (never the folder it was loaded from).
  const inputs = history.map((b) => ({ batch_id: b.batch_id, extract_sha256: b.extract_sha256, files: b.files.map((f) => ({ file: f.file, sha256: f.sha256 })) }));
  return { cohort, measures, scoring, history, inputs };
}

export interface RunOptions {
  /**
   * Whether the attitude analyses run on a second thread beside the others: `auto` (the
   * default) from SECOND_THREAD_FROM enrolments on. The results are the same either way.
   */
  secondThread?: 'auto' | 'always' | 'never';
}

export async function runAnalysis(database: ProgevalDatabase, plan: Plan, onStep: (step: string) => void = () => {}, options: RunOptions = {}): Promise<AnalysisResults> {
  const { cohort, measures, scoring, history, inputs } = await readCohort(database, plan, onStep);
  const mode = options.secondThread ?? 'auto';
  const thread = mode === 'always' || (mode === 'auto' && cohort.length >= SECOND_THREAD_FROM) ? attitudesOnSecondThread(cohort, measures, plan) : null;
  try {
    let attitudes: AttitudeAnalyses | null = null;
    if (thread) onStep('analysing attitude change on a second thread');
    else {
      onStep('analysing attitude change');
      attitudes = attitudeAnalyses(cohort, measures, plan);
    }
    onStep('analysing reconvictions');
    const found = analyseReconviction(cohort, plan);
    const reconviction = {
      ...found,
      cox: found.cox.map(coxEValues),
      logistic: found.logistic.map((r) => logisticEValues(r, found.rates)),
      matched: found.matched.map(matchedEValues),
    };
    // Monitoring, flow, overlap and linkage need neither analysis, so they run before waiting for the second thread.
    onStep('monitoring by quarter and region, and the risk-adjusted CUSUMs');
    const regions = regionalObservedExpected(cohort);
    const monitoring = { quarterly: quarterlyRates(cohort), regions: regions.regions, funnel: regions.funnel, cusum: riskAdjustedCusums(cohort, plan) };
    const flow = participantFlow(cohort, plan);
    const adjustment = adjustmentOverlap(cohort, plan);
    const linkage = runLinkage(cohort, measures, plan);
    if (thread) {
      onStep('waiting for the attitude analyses on the second thread');
      attitudes = await thread.analyses;
    }
    const { change, ancova, jacobson_truax, reliable_change_bands } = attitudes!;
    onStep('judging the questions against their margins');
    const measureList = measures.map((m) => ({ measure: m.measure, label: m.label, direction: m.direction }));
    const judged = verdicts({ attitudes: { ancova, measures: measureList }, reconviction }, plan);
    const ready = readiness(cohort, plan, { attitudes: { ancova }, reconviction }, judged);

    const results = {
      progeval_version: PROGEVAL_VERSION,
      contract_version: CONTRACT_VERSION,
      plan,
      // No local paths are published: the database by its dialect only, each extract by its
      // SHA-256 and file names (never the folder it was loaded from), so identical analyses
      // run in two folders give the same results.json.
      data: {
        database: database.dialect,
        batches: inputs,
        dates: cohortDates(cohort, history),
        // Rows, not people: refused at load by reason, and withdrawn by a later snapshot (disclosure withholds the small ones).
        refused: (await quarantineCounts(database)).map((q) => ({ batch_id: q.batch_id, file: q.file, reason_code: q.reason_code, rows: q.n })),
        withdrawn: history.flatMap((b) => b.files.filter((f) => f.rowsWithdrawn > 0).map((f) => ({ batch_id: b.batch_id, file: f.file, rows: f.rowsWithdrawn }))),
      },
      flow,
      adjustment,
      attitudes: {
        measures: measures.map((m) => ({ measure: m.measure, label: m.label, min: m.min, max: m.max, direction: m.direction, reliability: m.reliability, norm_mean: m.normMean, norm_sd: m.normSd })),
        scoring,
        jacobson_truax,
        reliable_change_bands,
        change,
        ancova,
      },
      reconviction,
      verdicts: judged,
      readiness: ready,
      monitoring,
      // For disclosure control only (reports/disclosure): never published.
      linkage,
    };
    return analysisResultsSchema.parse(results);
  } finally {
    await thread?.stop();
  }
}
