/**
 * The colours of the report, from the Okabe–Ito palette (safe for the common forms of
 * colour blindness). The same meaning always gets the same colour: the treatment level of a
 * comparison is blue and its reference orange in every chart; unadjusted estimates are grey
 * and adjusted black; before matching is vermillion and after matching green.
 */

/** The level of interest of a comparison (e.g. Building Choices, band 3 facilitators). */
export const TREATMENT_COLOUR = '#0072B2';
/** The level it is compared with (e.g. legacy specialist programmes, band 4 facilitators). */
export const REFERENCE_COLOUR = '#E69F00';
/** A level that is neither (should not happen in a two-level comparison). */
export const OTHER_LEVEL_COLOUR = '#999999';

/** Unadjusted model estimates. */
export const UNADJUSTED_COLOUR = '#8C8C8C';
/** Adjusted model estimates. */
export const ADJUSTED_COLOUR = '#000000';

/** Balance before matching. */
export const BEFORE_MATCHING_COLOUR = '#D55E00';
/** Balance after matching. */
export const AFTER_MATCHING_COLOUR = '#009E73';

/** Points outside control or funnel limits. */
export const SIGNAL_COLOUR = '#D55E00';
/** What a caption calls {@link SIGNAL_COLOUR} (Okabe–Ito's vermillion), so the words match the mark. */
export const SIGNAL_COLOUR_NAME = 'orange-red';
/** Points outside the inner (95%) limits only. */
export const WARNING_COLOUR = '#CC79A7';
/** Points inside the limits. */
export const IN_CONTROL_COLOUR = '#000000';

/** Reference lines (no change, no difference, limits). */
export const GUIDE_COLOUR = '#555555';

/** Sequential scheme for counts (light to dark blue, the lightest tint skipped). */
export const COUNT_SCHEME = { name: 'blues', extent: [0.25, 1] } as const;

/** Outline and hatching of a bin withheld as [c] (never a fill that could pass for a count). */
export const WITHHELD_HATCH = '#6F777B';
