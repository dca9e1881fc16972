/**
 * "Did you mean …?" for a name a plan got wrong: the one closest option, if it is close.
 *
 * Names are compared after folding case and treating spaces, hyphens and underscores alike
 * (`building choices` → `building_choices`, `north west` → `North West`), then by edit
 * distance: at most a quarter of the longer name (at least one edit).
 *
 * @example
 * didYouMean('building_choice', ['building_choices', 'legacy_specialist']); // 'building_choices'
 * didYouMean('colour', ['arm', 'region']);                                   // undefined
 */
function fold(s: string): string {
  return s.toLowerCase().replace(/[\s_-]+/g, '_');
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}

export function didYouMean(name: string, options: readonly string[]): string | undefined {
  const folded = fold(name);
  let best: { option: string; distance: number } | undefined;
  for (const option of options) {
    const distance = editDistance(folded, fold(option));
    if (distance <= Math.max(1, Math.floor(Math.max(folded.length, option.length) / 4)) && (!best || distance < best.distance)) best = { option, distance };
  }
  return best?.option;
}

/** ` (did you mean X?)`, or nothing. */
export function didYouMeanHint(name: string, options: readonly string[]): string {
  const hint = didYouMean(name, options);
  return hint === undefined ? '' : ` (did you mean ${hint}?)`;
}
