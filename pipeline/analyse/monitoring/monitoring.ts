/**
 * Monitoring, for everyone on a programme: (a) proven reoffending within 12 months by
 * quarter of follow-up start and programme family, against p-chart control limits around
 * the family's overall rate; (b) observed against OGRS-expected 24-month reoffending by
 * region, with funnel limits (Spiegelhalter 2005) across the range of expected counts.
 * Outcomes are read from the cohort's remembered columns (memberColumns.ts), worked out once.
 */
import type { CohortMember } from '../../derive/cohort.ts';
import { guarded } from '../guarded.ts';
import { memberColumns } from '../memberColumns.ts';
import { funnelCurve } from '../stats/funnelLimits.ts';
import { pChartLimits } from '../stats/pChartLimits.ts';
import { OGRS_WINDOW_MONTHS } from '../reconviction/observedAgainstExpected.ts';

export const QUARTERLY_WINDOW_MONTHS = 12;

export function quarterOf(date: string): string {
  return `${date.slice(0, 4)}-Q${Math.floor((Number(date.slice(5, 7)) - 1) / 3) + 1}`;
}

export function quarterlyRates(cohort: readonly CohortMember[]) {
  const byFamily = new Map<string, Map<string, { n: number; reoffended: number }>>();
  const outcomes = memberColumns(cohort).reoffending(QUARTERLY_WINDOW_MONTHS, 'any');
  for (const [i, m] of cohort.entries()) {
    if (m.arm !== 'programme') continue;
    const o = outcomes[i]!;
    if (!o.classed) continue;
    const family = m.levels.programme_family;
    const quarters = byFamily.get(family) ?? new Map();
    const q = quarterOf(m.followUp.followUpStart);
    const t = quarters.get(q) ?? { n: 0, reoffended: 0 };
    t.n++;
    if (o.reoffended) t.reoffended++;
    quarters.set(q, t);
    byFamily.set(family, quarters);
  }
  const out = [];
  for (const [family, quarters] of [...byFamily].sort()) {
    const total = [...quarters.values()].reduce((s, t) => ({ n: s.n + t.n, reoffended: s.reoffended + t.reoffended }), { n: 0, reoffended: 0 });
    const centre = total.reoffended / total.n;
    for (const [quarter, t] of [...quarters].sort()) {
      const limits = guarded(() => pChartLimits(centre, t.n));
      out.push({
        programme_family: family,
        quarter,
        window_months: QUARTERLY_WINDOW_MONTHS,
        n: t.n,
        reoffended: t.reoffended,
        rate: t.reoffended / t.n,
        centre,
        lcl: limits.value?.lcl ?? null,
        ucl: limits.value?.ucl ?? null,
      });
    }
  }
  return out;
}

export function regionalObservedExpected(cohort: readonly CohortMember[]) {
  const byRegion = new Map<string, { n: number; observed: number; expected: number }>();
  const outcomes = memberColumns(cohort).reoffending(OGRS_WINDOW_MONTHS, 'any');
  for (const [i, m] of cohort.entries()) {
    if (m.arm !== 'programme' || m.covariates.ogrs === null) continue;
    const o = outcomes[i]!;
    if (!o.classed) continue;
    const region = m.levels.region;
    const t = byRegion.get(region) ?? { n: 0, observed: 0, expected: 0 };
    t.n++;
    if (o.reoffended) t.observed++;
    t.expected += m.covariates.ogrs / 100;
    byRegion.set(region, t);
  }
  const regions = [...byRegion]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([region, t]) => ({ region, n: t.n, observed: t.observed, expected: t.expected, ratio: t.expected > 0 ? t.observed / t.expected : null }));
  const expected = regions.map((r) => r.expected).filter((e) => e > 0);
  const funnel = expected.length ? (guarded(() => funnelCurve(Math.max(0.5, Math.min(...expected) / 2), Math.max(...expected) * 1.5)).value ?? []) : [];
  return { regions, funnel };
}
