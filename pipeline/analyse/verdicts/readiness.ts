/**
 * Evidence readiness, "when will we know?": for every verdict (a question, an outcome and a
 * margin), what the data hold now, the design effect of groups, the minimum detectable
 * effect (MDE) at 80% power and two-sided α = 0.05 on the margin's scale, and the month end
 * from which the margin is assessable with 80% power at the current rate of accrual.
 *
 * - Risk difference (matched, window W): n per side is the matched pairs; the MDE is the
 *   worse rate `power.prop.test(n = pairs / DE, p1 = p0, power = 0.8)$p2` minus p0, with p0
 *   the reference level's rate among all its people classed for W; it is assessable when the
 *   pairs reach `power.prop.test(p1 = p0, p2 = p0 + margin, power = 0.8)$n × DE`. Pairs grow
 *   with the treated classed for W (each classed W + 6 months after follow-up starts), at
 *   today's share of them matched, capped by the reference side.
 * - Hazard ratio (Cox): Schoenfeld's (1983) events D = (z₀.₉₇₅ + z₀.₈)² / (π(1 − π) log²HR),
 *   inflated by DE; events are projected from each side's current hazard (events per day of
 *   follow-up, exponential) over the follow-up each person will have (Cox censors at
 *   observation end − 6 months and at the longest window).
 * - Points (ANCOVA): `power.t.test(delta = margin, sd = σ, power = 0.8)$n × DE` per side, σ
 *   the residual SD of post on pre and side; people with both scores accrue at each side's
 *   rate of follow-up starts.
 * Unequal sides enter through the harmonic mean of their sizes (the equal-sized design with
 * the same variance of a difference). The design effect is 1 + (m − 1)·ICC (Kish 1965), m
 * the mean group size and ICC the one-way ANOVA estimate (Donner 1986) of the outcome within
 * groups, centred at each side's mean, truncated at 0.
 *
 * These are planning figures: they assume the current rates (of enrolment, reoffending,
 * matching) hold, and ignore that the verdict itself is random. "Not within ten years" is
 * reported as null with a note.
 */
import type { Plan } from '../../../schemas/plan.ts';
import type { AncovaRecord, CoxRecord, MatchedRecord, ReadinessRecord, VerdictRecord } from '../../../schemas/results.ts';
import { addMonths, toDayNumber } from '../../derive/calendar.ts';
import type { CohortMember } from '../../derive/cohort.ts';
import { membersCompared } from '../comparisonMembers.ts';
import { memberColumns, pick, rowsWhere } from '../memberColumns.ts';
import { guarded } from '../guarded.ts';
import { designEffect } from '../stats/designEffect.ts';
import { intraclassCorrelation } from '../stats/intraclassCorrelation.ts';
import { ordinaryLeastSquares } from '../stats/ordinaryLeastSquares.ts';
import { proportionsDetectable, proportionsSampleSize } from '../stats/powerProportions.ts';
import { tTestDetectable, tTestSampleSize } from '../stats/powerTTest.ts';
import { schoenfeldDetectableHazardRatio, schoenfeldEvents } from '../stats/schoenfeldEvents.ts';
import { accrualOf, firstMonthEnd, projectedCount, type Accrual } from './accrual.ts';
import { verdictAncova, verdictCox } from './verdicts.ts';

export const READINESS_POWER = 0.8;
export const READINESS_ALPHA = 0.05;
/** How far ahead a date is looked for. */
export const HORIZON_MONTHS = 120;

export interface ReadinessSources {
  attitudes: { ancova: readonly AncovaRecord[] };
  reconviction: { matched: readonly MatchedRecord[]; cox: readonly CoxRecord[] };
}

const harmonic = (a: number, b: number) => (a > 0 && b > 0 ? (2 * a * b) / (a + b) : 0);
/** A planning figure, or null where the data are too thin for it (DegenerateData) or it is not finite; any other error is a bug and propagates. */
const safe = <T>(f: () => T): T | null => {
  const v = guarded(f).value;
  return typeof v === 'number' && !Number.isFinite(v) ? null : v;
};

/** ICC and design effect of a 0/1 or numeric outcome within groups, sides centred apart. */
function clustering(y: readonly number[], cluster: readonly string[], side: readonly number[]): { icc: number | null; de: number } {
  const groups = new Set(cluster).size;
  const fit = y.length > groups && groups > 2 ? safe(() => intraclassCorrelation({ y, cluster, stratum: side.map(String) })) : null;
  const icc = fit ? Math.max(0, fit.icc) : null;
  return { icc, de: icc === null ? 1 : designEffect(y.length / groups, icc) };
}

/** The date on which everyone's observation ends now: the latest observation end. */
export const observationEndOf = (cohort: readonly CohortMember[]) => cohort.reduce((d, m) => (m.followUp.observationEnd > d ? m.followUp.observationEnd : d), '');
/** The latest follow-up start up to `now` (a planned start after the extract is not accrual yet). */
const lastStartOf = (cohort: readonly CohortMember[], now: string) => cohort.reduce((d, m) => (m.followUp.followUpStart > d && m.followUp.followUpStart <= now ? m.followUp.followUpStart : d), '');

function dateNote(from: string | null, assessableNow: boolean, what: string): string {
  if (assessableNow) return `${what} can be assessed against the margin now`;
  return from === null ? `${what} cannot be assessed against the margin within ten years at the current rate` : `${what} can be assessed against the margin from about ${from.slice(0, 7)} at the current rate`;
}

export function readiness(cohort: readonly CohortMember[], plan: Plan, results: ReadinessSources, verdicts: readonly VerdictRecord[]): ReadinessRecord[] {
  const now = observationEndOf(cohort);
  const lastStart = lastStartOf(cohort, now);
  const maxWindow = Math.max(...plan.windows);
  const out: ReadinessRecord[] = [];
  for (const v of verdicts) {
    const comparison = plan.comparisons.find((c) => c.id === v.comparison)!;
    const members = membersCompared(cohort, comparison);
    // Index-based over the members' columns (memberColumns.ts), read once per comparison.
    const cols = memberColumns(members);
    const treated = cols.treated(comparison);
    const cluster = cols.cluster();
    const starts = cols.followUpStart();
    const startsAt = (t: number) => starts.filter((_, i) => treated[i] === t);
    const base = { comparison: v.comparison, outcome: v.outcome, window_months: v.window_months, measure: v.measure, margin_scale: v.margin_scale };
    const margin = v.margin === null ? null : Math.abs(v.margin - v.no_difference);
    const record = (r: Omit<ReadinessRecord, keyof typeof base | 'note'> & { note?: string | null }, what: string): ReadinessRecord => ({
      ...base,
      ...r,
      note: r.note ?? (margin === null ? 'the plan sets no margin for this outcome, so no date can be given' : dateNote(r.assessable_from, r.assessable_now === true, what)),
    });

    if (v.margin_scale === 'risk_difference') {
      const w = v.window_months!;
      const m = results.reconviction.matched.find((r) => r.comparison === v.comparison && r.window_months === w);
      const outcomes = cols.reoffending(w, 'any');
      const classed = rowsWhere(outcomes, (o) => o.classed);
      const { icc, de } = clustering(classed.map((i) => (outcomes[i]!.reoffended ? 1 : 0)), pick(cluster, classed), pick(treated, classed));
      const pairs = m?.n_treated ?? 0;
      const refClassed = classed.filter((i) => !treated[i]);
      // The reference level's rate among everyone classed (steadier than the matched controls' for planning).
      const p0 = refClassed.length ? refClassed.filter((i) => outcomes[i]!.reoffended).length / refClassed.length : (m?.rate_control ?? null);
      const events = m && m.rate_treated !== null && m.rate_control !== null && m.n_treated !== null ? Math.round(m.rate_treated * m.n_treated + m.rate_control * m.n_treated) : null;
      const mde = p0 !== null && p0 > 0 && p0 < 1 && pairs / de >= 2 ? safe(() => proportionsDetectable(pairs / de, p0, READINESS_POWER, READINESS_ALPHA) - p0) : null;
      const needed = margin !== null && p0 !== null && p0 > 0 && p0 + margin < 1 ? safe(() => proportionsSampleSize(p0, p0 + margin, READINESS_POWER, READINESS_ALPHA) * de) : null;
      const side = (t: number) => accrualOf(startsAt(t), (s) => addMonths(s, w + 6), lastStart, w + 6);
      const [treatedSide, referenceSide] = [side(1), side(0)];
      const treatedNow = classed.filter((i) => treated[i]).length;
      const share = treatedNow > 0 && m?.n_treated != null ? pairs / treatedNow : 1;
      const projectedPairs = (date: string) => Math.min(share * projectedCount(treatedSide, date), projectedCount(referenceSide, date));
      const assessableNow = needed !== null ? pairs >= needed : null;
      const from = needed === null ? null : assessableNow ? now : firstMonthEnd(now, HORIZON_MONTHS, (d) => projectedPairs(d) >= needed);
      out.push(record({ n_now: m?.n_treated == null ? null : 2 * pairs, events_now: events, icc, design_effect: de, mde, needed, assessable_from: from, assessable_now: assessableNow }, `${w}-month proven reoffending`));
      continue;
    }

    if (v.margin_scale === 'hazard_ratio') {
      const cox = verdictCox(results.reconviction.cox, v.comparison);
      const time = cols.timeToReoffence(maxWindow, 'any');
      const times = rowsWhere(time, (t) => t.included);
      const { icc, de } = clustering(times.map((i) => (time[i]!.event ? 1 : 0)), pick(cluster, times), pick(treated, times));
      const share = times.length ? times.filter((i) => treated[i]).length / times.length : 0;
      const eventsNow = cox?.events ?? null;
      const mde = eventsNow !== null && share > 0 && share < 1 && eventsNow / de > 0 ? safe(() => schoenfeldDetectableHazardRatio(eventsNow / de, READINESS_POWER, READINESS_ALPHA, share)) : null;
      const needed = v.margin !== null && share > 0 && share < 1 ? safe(() => schoenfeldEvents(v.margin!, READINESS_POWER, READINESS_ALPHA, share) * de) : null;
      // Each side's hazard per day now; people in follow-up go on accruing it, new people arrive at the recent rate.
      const hazard = (t: number) => {
        const mine = times.filter((i) => treated[i] === t);
        const days = mine.reduce((s, i) => s + time[i]!.timeDays, 0);
        return days > 0 ? mine.filter((i) => time[i]!.event).length / days : 0;
      };
      const lambda = [hazard(0), hazard(1)];
      const memberEvents = times.filter((i) => time[i]!.event).length;
      const scale = eventsNow !== null && memberEvents > 0 ? eventsNow / memberEvents : 1;
      // Days of follow-up from `start` by `date`: to six months before it (the court lag), at most the longest window.
      const followUpAt = (start: number, horizon: number, lagged: number) => {
        const end = lagged < horizon ? lagged : horizon;
        return end < start ? 0 : end - start;
      };
      // Those still in follow-up, as day numbers, worked out once.
      const open = times.filter((i) => !time[i]!.event).map((i) => ({
        start: toDayNumber(starts[i]!),
        horizon: toDayNumber(addMonths(starts[i]!, maxWindow)),
        timeDays: time[i]!.timeDays,
        lambda: lambda[treated[i]!]!,
      }));
      const rate = (t: number) => accrualOf(startsAt(t), (s) => s, lastStart, 0).ratePerMonth;
      const rates = [rate(0), rate(1)];
      const projectedEvents = (date: string) => {
        const lagged = toDayNumber(addMonths(date, -6));
        let e = memberEvents;
        for (const c of open) {
          const more = followUpAt(c.start, c.horizon, lagged) - c.timeDays;
          if (more > 0) e += 1 - Math.exp(-c.lambda * more);
        }
        for (let k = 1; addMonths(lastStart, k) <= date; k++) {
          const start = addMonths(lastStart, k);
          const at = followUpAt(toDayNumber(start), toDayNumber(addMonths(start, maxWindow)), lagged);
          for (const t of [0, 1]) e += rates[t]! * (1 - Math.exp(-lambda[t]! * at));
        }
        return e * scale;
      };
      const assessableNow = needed !== null && eventsNow !== null ? eventsNow >= needed : null;
      const from = needed === null ? null : assessableNow ? now : firstMonthEnd(now, HORIZON_MONTHS, (d) => projectedEvents(d) >= needed);
      out.push(record({ n_now: cox?.n ?? null, events_now: eventsNow, icc, design_effect: de, mde, needed, assessable_from: from, assessable_now: assessableNow }, 'Time to first proven reoffence'));
      continue;
    }

    // Points on an attitude measure.
    const measure = v.measure!;
    const a = verdictAncova(results.attitudes.ancova, v.comparison, measure);
    const scores = cols.scores(measure);
    const paired = rowsWhere(scores.pre, (pre, i) => pre !== null && scores.post[i] !== null);
    const post = pick(scores.post, paired) as number[];
    const { icc, de } = clustering(post, pick(cluster, paired), pick(treated, paired));
    const fit = paired.length > 3 ? safe(() => ordinaryLeastSquares(paired.map((i) => [1, scores.pre[i]!, treated[i]!]), post)) : null;
    const sd = fit ? Math.sqrt(fit.sigma2) : null;
    const sides = [0, 1].map((t) => paired.filter((i) => treated[i] === t));
    const scale = a?.n != null && paired.length ? a.n / paired.length : 1;
    const nNow = harmonic(sides[0]!.length * scale, sides[1]!.length * scale);
    const mde = sd !== null && sd > 0 && nNow / de >= 2 ? safe(() => tTestDetectable(nNow / de, READINESS_POWER, sd, READINESS_ALPHA)) : null;
    const needed = margin !== null && sd !== null && sd > 0 ? safe(() => tTestSampleSize(margin, READINESS_POWER, sd, READINESS_ALPHA) * de) : null;
    // Everyone with both scores counts now; new people with both scores arrive from now on at each side's recent rate.
    const accrual: Accrual[] = [0, 1].map((t) => ({ ...accrualOf(pick(starts, sides[t]!), () => now, lastStart, 0), lastStart: now }));
    const projected = (date: string) => harmonic(projectedCount(accrual[0]!, date) * scale, projectedCount(accrual[1]!, date) * scale);
    const assessableNow = needed !== null ? nNow >= needed : null;
    const from = needed === null ? null : assessableNow ? now : firstMonthEnd(now, HORIZON_MONTHS, (d) => projected(d) >= needed);
    out.push(record({ n_now: a?.n ?? null, events_now: null, icc, design_effect: de, mde, needed, assessable_from: from, assessable_now: assessableNow }, `Change on ${measure}`));
  }
  return out;
}
