/**
 * A p-value as it is read: `< 0.001` below 0.001; three decimals below 0.01 (0.004), and
 * between 0.045 and 0.05, where two would round a p under 0.05 up to "0.05"; two decimals
 * otherwise (0.03, 0.42); `< 0.05` for a p that three decimals would round up to 0.050;
 * `> 0.99` above 0.99. This is the rule of the NEJM's and the
 * AMA Manual of Style's statistical reporting guidance (Harrington D. et al. 2019, "New
 * guidelines for statistical reporting in the journal", N. Engl. J. Med. 381:285–286).
 * The CSV and JSON keep the full value; `withP` writes the "p = 0.03" of a sentence.
 *
 * @example
 * pValueText(0.0321);   // '0.03'
 * pValueText(0.0462);   // '0.046'
 * pValueText(0.00417);  // '0.004'
 * pValueText(0.0004);   // '< 0.001'
 * withP(0.0004);        // 'p < 0.001'
 * withP(0.2468);        // 'p = 0.25'
 */
export function pValueText(p: number): string {
  if (p < 0.001) return '< 0.001';
  if (p > 0.99) return '> 0.99';
  if (p >= 0.045 && p < 0.05) return p.toFixed(3) === '0.050' ? '< 0.05' : p.toFixed(3);
  if (p < 0.01) return p.toFixed(3);
  return p.toFixed(2);
}

/** "p = 0.03", "p < 0.001": a p-value in a sentence, as {@link pValueText} rounds it. */
export function withP(p: number, name = 'p'): string {
  const text = pValueText(p);
  return /^[<>]/.test(text) ? `${name} ${text}` : `${name} = ${text}`;
}
