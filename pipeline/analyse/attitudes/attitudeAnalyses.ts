/**
 * Everything the attitude section computes from the cohort: the change records, the
 * ANCOVAs with their E-values, and the Jacobson–Truax bins and bands. One pure function, so
 * that it runs the same in this thread or on a second one (attitudesThread.ts).
 */
import type { Plan } from '../../../schemas/plan.ts';
import type { CohortMember, MeasureInfo } from '../../derive/cohort.ts';
import { ancovaEValues } from '../sensitivity/modelEValues.ts';
import { analyseAttitudes } from './analyseAttitudes.ts';
import { jacobsonTruax } from './jacobsonTruax.ts';

export function attitudeAnalyses(cohort: readonly CohortMember[], measures: readonly MeasureInfo[], plan: Plan) {
  const analysed = analyseAttitudes(cohort, measures, plan);
  const jt = jacobsonTruax(cohort, measures, plan);
  return { change: analysed.change, ancova: analysed.ancova.map(ancovaEValues), jacobson_truax: jt.bins, reliable_change_bands: jt.bands };
}

export type AttitudeAnalyses = ReturnType<typeof attitudeAnalyses>;
