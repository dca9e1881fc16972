/**
 * The methods section, generated from what was actually run: the plan, the definitions of
 * data contract v1, the models, the software and the versions installed, how the numbers
 * were checked, and the SHA-256 of every extract file analysed.
 */
import type { Results } from '../../schemas/results.ts';
import { FEW_GROUPS } from '../../pipeline/analyse/overlap.ts';
import { covariateLabel } from '../charts/covariates.ts';
import { comparisonName, factorWords, levelLabel, listWords, stratumWords } from '../charts/levels.ts';
import { escapeHtml } from './escapeHtml.ts';

/** How verdicts, readiness and E-values were reached, with the plan's margins. */
function verdictMethods(results: Results): string {
  const margins = (results.plan as { margins?: { reoffending?: { risk_difference?: number; hazard_ratio?: number }; attitudes?: Record<string, unknown> } }).margins;
  const list: string[] = [];
  if (margins?.reoffending?.risk_difference !== undefined) list.push(`proven reoffending: ${(100 * margins.reoffending.risk_difference).toFixed(1)} percentage points more (matched risk difference)`);
  if (margins?.reoffending?.hazard_ratio !== undefined) list.push(`time to first proven reoffence: a hazard ratio of ${margins.reoffending.hazard_ratio} (Cox)`);
  if (margins?.attitudes) list.push(`attitude measures: ${escapeHtml(JSON.stringify(margins.attitudes).replace(/[{}"]/g, '').replace(/:/g, ': ').replace(/,/g, ', '))} (ANCOVA; standardised margins are standard deviations of the pre scores)`);
  return `<h3>Verdicts, readiness and sensitivity</h3>
<p>Margins in the plan: ${list.length ? list.map(escapeHtml).join('; ') : 'none, so no verdicts'}. Each question (every comparison except one "as delivered" that an adjusted comparison refines) is judged from its two-sided 95% confidence interval, as the CONSORT extension for non-inferiority trials reads it (Piaggio et al. 2012): <em>better</em> (superior) when the interval lies wholly on the better side of no difference; <em>at least as good</em> (non-inferior) when it lies wholly on the better side of the margin; <em>worse than the margin</em> (inferior) when it lies wholly beyond it; otherwise <em>not yet known</em>. Reoffending uses the matched risk difference and the Cox hazard ratio (adjusted when the plan adjusts); attitudes the ANCOVA difference.</p>
<p>When we will know: the minimum detectable effect at 80% power and two-sided α = 0.05 uses <code>power.prop.test</code> for rates (n = matched pairs, p₀ the reference level's rate), Schoenfeld's (1983) events for hazard ratios and <code>power.t.test</code> for points (σ the residual SD of post on pre and side), each inflated by the design effect 1 + (m − 1)·ICC of groups (Kish 1965; one-way ANOVA ICC, Donner 1986). The date is the first month end at which the people (or reoffences) needed would be reached if enrolment, matching and reoffending go on at the rates of the last 12 months; a planning figure, not a promise.</p>
<p>E-values (VanderWeele &amp; Ding 2017) say how strongly an unmeasured confounder would have to be associated with both the level compared and the outcome, as a risk ratio, to explain an estimate away (and to move its interval to include no difference). Hazard and odds ratios are converted to the risk-ratio scale as the EValue package does (rare outcome below 15%); mean differences through d (Chinn 2000); matched differences through the ratio of the matched rates.</p>`;
}

export function methodsSection(results: Results, software: Record<string, string>): string {
  const plan = results.plan as {
    title: string;
    comparisons: { id: string; by: string; treatment: string; reference: string; adjust_for?: string[]; filter?: Record<string, string> }[];
    covariates: string[];
    windows: number[];
    disclosure: { min_cell: number };
  };
  const comparisons = plan.comparisons
    .map((c) => {
      const within = Object.entries(c.filter ?? {}).map(([f, l]) => `${escapeHtml(factorWords([f]))} ${escapeHtml(levelLabel(l))}`);
      const held = c.adjust_for?.length ? `; holding ${escapeHtml(factorWords(c.adjust_for))} fixed` : '';
      return `<li>${escapeHtml(comparisonName(results, c.id))}: by ${escapeHtml(factorWords([c.by]))}, ${escapeHtml(levelLabel(c.treatment))} (treatment) against ${escapeHtml(levelLabel(c.reference))} (reference)${within.length ? `, among people with ${within.join(' and ')}` : ''}${held}</li>`;
    })
    .join('');
  const adjusting = plan.comparisons.some((c) => c.adjust_for?.length)
    ? '<p>A comparison that holds factors fixed (<code>adjust_for</code>) enters them in every model as dummy variables (R\'s treatment contrasts: levels in byte order, the first as reference), beside the covariates: the ANCOVA, the Cox and logistic models and the propensity model; matching is exact on them (MatchIt\'s <code>exact =</code>). A dummy that is a combination of the other columns (a programme family that only ran in some half-years) is left out, as R gives it NA. <code>start_period</code> is the calendar half-year in which the group started. Each adjusted comparison\'s strata (combinations of the held-fixed levels) are listed with their groups on each side: only strata with groups on both sides inform the estimate (Crump et al. 2009 on limited overlap).</p>'
    : '';
  const minCell = plan.disclosure.min_cell;
  const overlap = overlapSentences(results);
  const yes = (b: boolean) => (b ? 'yes' : `fewer than ${minCell}`);
  const strata = (results.adjustment?.overlap ?? [])
    .map(
      (o) =>
        `<tr><td class="text">${escapeHtml(comparisonName(results, o.comparison))}</td><td class="text">${escapeHtml(stratumWords(o.stratum))}</td><td>${o.treatment_groups}</td><td>${o.reference_groups}</td>` +
        `<td class="text">${yes(o.treatment_people_at_least_min_cell)}</td><td class="text">${yes(o.reference_people_at_least_min_cell)}</td><td class="text">${o.informs_estimate ? 'yes' : 'no'}</td></tr>`,
    )
    .join('');
  const strataTable = strata
    ? `<details><summary>Strata of the adjusted comparisons (groups on each side; people shown only as at least ${minCell} or not)</summary><div class="table-scroll"><table><thead><tr><th>Comparison</th><th>Stratum</th><th>Treatment groups</th><th>Reference groups</th><th>Treatment people ≥ ${minCell}</th><th>Reference people ≥ ${minCell}</th><th>Informs the estimate</th></tr></thead><tbody>${strata}</tbody></table></div></details>` +
      (overlap.length ? `<ul>${overlap.map((n) => `<li>${escapeHtml(n)}</li>`).join('')}</ul>` : '')
    : '';
  const files = results.data.batches
    .flatMap((b) => b.files.map((f) => `<tr><td>${b.batch_id}</td><td>${escapeHtml(f.file)}</td><td><code>${escapeHtml(f.sha256)}</code></td></tr>`))
    .join('');
  const versions = Object.entries(software)
    .map(([name, version]) => `<tr><td>${escapeHtml(name)}</td><td>${escapeHtml(version)}</td></tr>`)
    .join('');
  const covariates = plan.covariates.length ? escapeHtml(listWords(plan.covariates.map(covariateLabel))) : 'none';
  return `
<h3>What was compared</h3>
<p>Plan: <em>${escapeHtml(plan.title)}</em>. Comparisons:</p><ul>${comparisons}</ul>
<p>Covariates for adjusted models and matching: ${covariates}. Reoffending windows: ${plan.windows.join(' and ')} months.</p>${adjusting}${strataTable}
<h3>Definitions (data contract ${escapeHtml(results.contract_version)})</h3>
<ul>
<li><strong>Proven reoffending within W months</strong>: an offence committed from follow-up start S up to S + W months, proven by a conviction before S + W + 6 months (six months for cases to reach court). A person counts only if observed until S + W + 6 months − 1 day; others are reported as not yet classed. Months are calendar months, clamped to the month's end.</li>
<li><strong>Time to first proven reoffence</strong>: from S to the first offence, censored at the earlier of observation end minus six months and S + ${Math.max(...plan.windows)} months.</li>
<li><strong>One unit per person</strong>: in each comparison a person counts once, on their first eligible enrolment (at either level and inside the comparison's filter) by the date it began (start, or referral when never started), then enrolment id; later eligible enrolments are set aside, so a person who was at both levels stays in the earlier level only. The flow counts the enrolments set aside. Each person then contributes one record to a comparison, so clustering on group (a person without a group is a cluster of one) nests the person in it.</li>
<li><strong>Facilitator band</strong> of a group: band 4 if every lead and co facilitator is band 4, band 3 if every one is band 3, otherwise mixed; cover facilitators are ignored.</li>
<li><strong>Scale scores</strong> from item responses: reverse-keyed items reflected, summed, prorated when at most 20% of items are missing.</li>
</ul>
<h3>Models</h3>
<ul>
<li>Pre/post change: paired t-test; Wilcoxon signed-rank (exact below 50 pairs without ties or zeros, otherwise normal approximation with tie and continuity corrections); d<sub>z</sub>, d<sub>av</sub> with a 95% CI and Hedges' g<sub>av</sub> (Lakens 2013); Holm adjustment across measures.</li>
<li>Reliable change (Jacobson &amp; Truax 1991): RCI = (post − pre) / (SD √2 √(1 − reliability)), |RCI| &gt; 1.96; clinically significant change against the catalogue's norms. Both levels of a comparison are judged by one yardstick: SD is the catalogue's norm SD where the measure has one, otherwise the pre scores' SD pooled within the two levels (the pooling of the ANCOVA's standardised estimate); the cut-off's dysfunctional mean is the mean pre score over both levels (<code>rci_sd</code>, <code>rci_sd_source</code>).</li>
<li>Between levels: ANCOVA of post on pre and the treatment indicator (and the covariates), with CR2 cluster-robust standard errors clustered on group and Satterthwaite degrees of freedom (Bell &amp; McCaffrey 2002; Pustejovsky &amp; Tipton 2018); people without a group are their own cluster.</li>
<li>Attrition (sensitivity analysis, <code>weighting: attrition</code>): among the people of the two levels with a pre score and every plan covariate, a logistic model of having a post score on the pre score, the level and the covariates; each person with a post score is weighted by the overall share with one over their fitted probability (stabilised inverse probability weights; Robins, Hernán &amp; Brumback 2000; Seaman &amp; White 2013), truncated at the 1st and 99th percentiles of those weights (Cole &amp; Hernán 2008); the unadjusted and adjusted ANCOVAs are refitted with these weights and CR2 errors for weighted fits (clubSandwich). It assumes that who lacks a post score depends only on what the model holds (missing at random); the verdict tables say whether the weighted estimate changes the verdict.</li>
<li>Rates: Wilson 95% intervals; differences with Newcombe's hybrid score interval (1998). Where the levels compared are assigned per group (programme family, programme, facilitator band), the difference also has a cluster-aware interval: the linear probability model's slope with CR2 errors clustered on group and Satterthwaite df (clubSandwich), since people in one group share more than chance.</li>
<li>Landmark survival at 3, 6, 12 and 24 months (a month is 365.25/12 days): the Kaplan–Meier estimate with Greenwood's interval and, beside it, a cluster-bootstrap percentile interval that resamples whole groups (a person without a group is a group of one; ${escapeHtml(String((results.plan as { bootstrap_replicates?: number }).bootstrap_replicates ?? 999))} replicates, Mersenne Twister seeded with the plan's <code>seed</code> ${escapeHtml(String((results.plan as { seed?: number }).seed ?? 1))}; Davison &amp; Hinkley 1997 §3.8; Field &amp; Welsh 2007). A landmark inside a run of withheld steps is withheld with them.</li>
<li>Survival: Kaplan–Meier with Greenwood variance and log-transformed 95% intervals; log-rank test, and for levels assigned per group its robust version, the score test of the Cox model of the level clustered on group (Lin &amp; Wei 1989; R's "Robust" line).</li>
<li>Cox proportional hazards with Efron ties, robust variance clustered on group (Lin &amp; Wei 1989); proportional hazards checked by scaled Schoenfeld residuals (Grambsch &amp; Therneau 1994), flagged when p &lt; 0.05.</li>
<li>Logistic regression with cluster-robust (HC0) errors by group; Wald intervals.</li>
<li>Propensity-matched comparison (the Justice Data Lab design): logistic propensity score on the covariates, greedy 1:1 nearest neighbour on its logit, treated taken from the highest score down, without replacement, caliper 0.2 SD of the logit; balance by standardised mean differences (treated SD), |SMD| &gt; 0.1 flagged. The difference of matched rates has Newcombe's interval for independent proportions and, using the pairing, his interval for paired proportions (1998, method 10), published only when every cell of the pairs' 2 × 2 table holds at least ${minCell} pairs.</li>
<li>Frequency (the Justice Data Lab's second measure): proven reoffences per person classed for the window, with a rate ratio from a Poisson model on the treatment indicator, the covariates and any held-fixed factors, errors clustered on group (<code>sandwich::vcovCL</code>, HC0); the sample is the logistic model's. Time to first proven reoffence among those who reoffended within the window: mean days with a t interval.</li>
<li>Observed against expected: observed reoffending within 24 months against mean OGRS, exact Poisson (Garwood) limits. Monitoring: p-chart 3-sigma limits by quarter; funnel limits for regional O/E (Spiegelhalter 2005).</li>
</ul>
 ${verdictMethods(results)}
<h3>How the numbers were checked</h3>
<p>Every estimate, standard error, degrees of freedom, interval and p-value is tested to 1e-6 relative against R (survival, clubSandwich, sandwich, MatchIt, stats) on reference fixtures that ship with progeval; the analyses are also tested on synthetic cohorts with known planted effects.</p>
<h3>Disclosure control</h3>
<p>No count, rate, mean or model estimate from fewer than ${results.disclosure.min_cell} people is published (marked [low]); further figures are withheld (marked [c]) where a withheld value could otherwise be worked out, to within ${results.disclosure.min_cell} people, from totals, other comparisons, other models or earlier releases. No pseudonym or individual record appears in any output; the Jacobson–Truax plots are drawn from binned counts, on grids coarsened until no bin shows fewer than ${results.disclosure.min_cell} people, and Kaplan–Meier curves in steps of at least ${results.disclosure.min_cell} reoffences. The section <a href="#disclosure">Disclosure control</a> gives the details.</p>
<h3>Software</h3>
<table class="small"><thead><tr><th>package</th><th>version</th></tr></thead><tbody>${versions}</tbody></table>
<h3>Data analysed</h3>
<table class="small"><thead><tr><th>load batch</th><th>file</th><th>SHA-256</th></tr></thead><tbody>${files}</tbody></table>`;
}

/**
 * What the strata of each adjusted comparison mean for its estimate, in words: the strata with
 * groups on one side only, a comparison left with none, and one resting on few groups. The
 * same findings as `adjustment.notes` in results.json (pipeline/analyse/overlap.ts), which
 * name levels by their codes.
 */
function overlapSentences(results: Results): string[] {
  const records = results.adjustment?.overlap ?? [];
  const plan = results.plan as { comparisons: { id: string; treatment: string; reference: string; adjust_for?: string[] }[] };
  return [...new Set(records.map((o) => o.comparison))].flatMap((id) => {
    const strata = records.filter((o) => o.comparison === id);
    const name = comparisonName(results, id);
    const comparison = plan.comparisons.find((c) => c.id === id);
    const oneSided = strata.filter((s) => !s.informs_estimate);
    const used = strata.filter((s) => s.informs_estimate);
    const out: string[] = [];
    if (oneSided.length) {
      const shown = oneSided.slice(0, 4).map((s) => stratumWords(s.stratum));
      out.push(`${name}: ${oneSided.length} of ${strata.length} strata have groups on one side only (${shown.join('; ')}${oneSided.length > 4 ? `; and ${oneSided.length - 4} more` : ''}); their people do not inform the estimate, which rests on the other strata.`);
    }
    const groups = [used.reduce((n, s) => n + s.treatment_groups, 0), used.reduce((n, s) => n + s.reference_groups, 0)];
    if (!used.length) out.push(`${name}: no stratum has groups on both sides, so holding ${factorWords(comparison?.adjust_for ?? [])} fixed leaves nothing to compare.`);
    else if (Math.min(...groups) < FEW_GROUPS && comparison) {
      out.push(`${name}: the estimate rests on ${groups[0]} ${levelLabel(comparison.treatment)} and ${groups[1]} ${levelLabel(comparison.reference)} groups in the strata with both; with fewer than ${FEW_GROUPS} groups on a side, cluster-robust intervals are unreliable.`);
    }
    return out;
  });
}
