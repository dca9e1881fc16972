/**
 * The headline page: the JDL table with marks for what is withheld, the cohort's dates, the
 * verdict of each question with its sentence, readiness, "what you can / cannot say", and the
 * follow-up flag; nothing for a comparison as delivered; text from the data escaped.
 */
import { describe, expect, it } from 'vitest';
import { extractFacts, headlineSection } from '../../../reports/html/headline.ts';
import { certainty, directionWord, summarySection } from '../../../reports/html/summary.ts';
import { limitationsSection } from '../../../reports/html/limitations.ts';
import type { Results } from '../../../schemas/results.ts';
import { sampleResults } from '../support/sampleResults.ts';

function withVerdicts(): Results {
  const r = sampleResults();
  const base = { comparison: 'programme', outcome: 'reoffending' as const, measure: null, suppressed: undefined, suppressed_reason: undefined };
  return {
    ...r,
    data: { ...r.data, dates: { extract_date: '2026-10-31', observation_end: '2026-10-31', follow_up_from: '2019-02', follow_up_to: '2026-10' } },
    verdicts: [
      { ...base, window_months: 12, method: 'matched', estimate: -0.02, ci_low: -0.09, ci_high: 0.05, margin: 0.03, margin_scale: 'risk_difference', no_difference: 0, verdict: 'inconclusive', note: null },
      { ...base, window_months: null, method: 'cox', estimate: 0.8, ci_low: 0.6, ci_high: 1.1, margin: 1.25, margin_scale: 'hazard_ratio', no_difference: 1, verdict: 'non_inferior', note: null },
    ],
    readiness: [
      { comparison: 'programme', outcome: 'reoffending', window_months: 12, measure: null, margin_scale: 'risk_difference', n_now: 300, events_now: 39, icc: 0.02, design_effect: 1.2, mde: 0.081, needed: 2110, assessable_from: '2029-03-31', assessable_now: false, note: null },
      { comparison: 'programme', outcome: 'reoffending', window_months: null, measure: null, margin_scale: 'hazard_ratio', n_now: 900, events_now: 120, icc: 0.01, design_effect: 1.1, mde: 1.7, needed: 700, assessable_from: null, assessable_now: false, note: null },
    ],
  };
}

describe('headlineSection', () => {
  it('gives the dates, the matched one-year rates with the difference, and the verdict sentences', () => {
    const html = headlineSection(withVerdicts());
    expect(html).toContain('Follow-up started between February 2019 and October 2026. The extract was taken on 2026-10-31.');
    expect(html).toContain('12.0%');
    expect(html).toContain('14.0%');
    expect(html).toContain('-2.0 points (-9.0 to 5.0)');
    expect(html).toContain('For every 100 people who took part in Building Choices, between 9 fewer and 5 more people reoffended within 12 months');
    expect(html).toContain('<span class="verdict verdict-inconclusive">Not yet known</span> Not yet known whether Building Choices did as well as');
    expect(html).toContain('can be assessed on 12-month proven reoffending from about March 2029 at the current rate. Judging the margin with 80% power needs about 2,110 matched pairs.');
    expect(html).toContain('<span class="verdict verdict-non_inferior">At least as good</span>');
    expect(html).toContain('What you can say');
    expect(html).toContain('What you cannot say');
  });

  it('answers only the questions: no section for a comparison as delivered', () => {
    const html = headlineSection(withVerdicts());
    expect(html).toContain('id="headline-programme"');
    expect(html).toContain('id="headline-band"');
    expect(html).not.toContain('id="headline-programme_as_delivered"');
    expect(html).not.toContain('id="headline-band_as_delivered"');
  });

  it('flags follow-up too short, and prints a withheld figure as its mark alone', () => {
    const r = withVerdicts();
    const rates = r.reconviction.rates.map((x) =>
      x.comparison === 'programme' && x.level === 'building_choices' && x.window_months === 12 ? { ...x, n: null, suppressed: ['n'], suppressed_reason: { n: 'low' as const } } : x,
    );
    const matched = r.reconviction.matched.map((m) => (m.comparison === 'programme' && m.window_months === 12 ? { ...m, rate_treated: null, suppressed: ['rate_treated'], suppressed_reason: { rate_treated: 'low' as const } } : m));
    const html = headlineSection({ ...r, reconviction: { ...r.reconviction, rates, matched } });
    expect(html).toContain('<strong>Follow-up too short.</strong> Fewer than 10 people of Building Choices have been followed up for 12 months');
    expect(html).toMatch(/<td class="withheld">\[low\]<\/td>/);
    expect(html).not.toContain('[low] ([low]');
  });

  it('says the plan sets no margins when it does not', () => {
    const r = withVerdicts();
    const plan = { ...(r.plan as object), margins: undefined };
    expect(headlineSection({ ...r, plan })).toContain('The plan sets no non-inferiority margins');
  });
});

describe('summary wording (issue 11)', () => {
  it('says "worse" or "better" only when the CI excludes no difference', () => {
    expect(directionWord(1.2, -0.5, 2.9, true)).toBeNull();
    expect(directionWord(1.2, 0.3, 2.1, true)).toBe('worse');
    expect(directionWord(1.2, 0.3, 2.1, false)).toBe('better');
  });
  it('does not call chance unlikely when the Holm-adjusted p is 0.05 or more', () => {
    expect(certainty(0.1, 2, 0, 0.051)).toBe('the 95% confidence interval excludes no difference, but allowing for the several measures tested (Holm-adjusted p = 0.05) chance remains a possible explanation');
    expect(certainty(0.1, 2, 0, 0.01)).toMatch(/chance alone is an unlikely explanation/);
    expect(certainty(-1, 2, 0, 0.5)).toMatch(/cannot tell the two apart/);
  });
  it('never writes a negative number before "lower" or "higher"', () => {
    const html = summarySection(sampleResults());
    expect(html).toMatch(/percentage points (lower|higher)/);
    expect(html).not.toMatch(/-\d+(\.\d+)? (percentage )?points (lower|higher)/);
  });
});

describe('limitations (issue 12)', () => {
  it('flags Cox and logistic models whose robust errors rest on fewer than 30 groups, and no other', () => {
    const r = sampleResults();
    const cox = r.reconviction.cox.map((c, i) => ({ ...c, clusters: i === 0 ? 12 : 80 }));
    const html = limitationsSection({ ...r, reconviction: { ...r.reconviction, cox } });
    expect(html).toContain('rest on fewer than 30 groups');
    expect(html).toContain(': 12 groups');
    expect(html).not.toContain(': 80 groups');
    expect(limitationsSection({ ...r, reconviction: { ...r.reconviction, cox: r.reconviction.cox.map((c) => ({ ...c, clusters: 80 })) } })).not.toContain('fewer than 30 groups');
  });
});

describe('extractFacts', () => {
  it('gives the extract date, observation end, batches, and rows refused and withdrawn by file and reason in words, a withheld count by its mark and no total', () => {
    const r = sampleResults();
    const results: Results = {
      ...r,
      data: {
        ...r.data,
        batches: [{ batch_id: 1, extract_sha256: 'a', files: [] }, { batch_id: 2, extract_sha256: 'b', files: [] }],
        dates: { extract_date: '2026-10-31', observation_end: '2026-09-30', follow_up_from: '2019-02', follow_up_to: '2026-10' },
        refused: [
          { batch_id: 1, file: 'people.csv', reason_code: 'date_order', rows: 12 },
          { batch_id: 2, file: 'people.csv', reason_code: 'identifier_value', rows: null, suppressed: ['rows'], suppressed_reason: { rows: 'low' } },
        ],
        withdrawn: [{ batch_id: 2, file: 'reconvictions.csv', rows: 1500 }],
      },
    };
    const html = extractFacts(results);
    expect(html).toContain('<th scope="row">Extract taken</th><td>2026-10-31</td>');
    expect(html).toContain('<th scope="row">Reoffending observed to</th><td>2026-09-30</td>');
    expect(html).toContain('<th scope="row">Load batches</th><td>2</td>');
    expect(html).toContain('<li>batch 1, people.csv, dates in the wrong order: 12 rows</li>');
    expect(html).toContain(`<li>batch 2, people.csv, a value shaped like a PNC number, National Insurance number, CRN, email address or UK telephone number: fewer than ${r.disclosure.min_cell} rows [low]</li>`);
    expect(html).toContain('<li>batch 2, reconvictions.csv: 1,500 rows</li>');
    expect(html).not.toMatch(/total|13 rows/i);
    expect(headlineSection(results)).toContain(html);
  });

  it('says none when nothing was refused, and leaves out what results from before issue 16 do not hold', () => {
    const r = sampleResults();
    expect(extractFacts({ ...r, data: { ...r.data, refused: [], withdrawn: [] } })).toContain('<th scope="row">Rows refused at load</th><td>none</td>');
    const older = extractFacts({ ...r, data: { database: r.data.database, batches: r.data.batches } });
    expect(older).not.toContain('refused');
    expect(older).toContain('not recorded');
  });
});
