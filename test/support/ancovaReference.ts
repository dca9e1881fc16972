/**
 * The ANCOVA datasets of test/reference/attitudes.R (R's lm() and clubSandwich results on
 * them), shared by the OLS, CR2 and ANCOVA tests, and the complete-case design lm() fits.
 */
import { readFileSync } from 'node:fs';

export interface AncovaDataset {
  pre: number[];
  post: number[];
  indicator: number[];
  group: (number | null)[];
  /** Named covariate columns, or [] for the pre-only model. */
  covariates: Record<string, (number | null)[]> | [];
  expected: {
    n: number;
    clusters: number;
    singletons: number;
    dropped_missing_covariate: number;
    estimate: number;
    se: number;
    df: number;
    t: number;
    p: number;
    ci_low: number;
    ci_high: number;
    pooled_sd_pre: number;
    std_estimate: number;
    coefficients: number[];
    coefficient_names: string[];
    residuals: number[];
    xtx_inverse: number[][];
    cr2_vcov: number[][];
    cr2_se_all: number[];
    cr2_df_all: number[];
    cr2_p_all: number[];
  };
}

export const ANCOVA_DATASETS = (
  JSON.parse(readFileSync(new URL('../reference/attitudes.json', import.meta.url), 'utf8')) as { ancova: Record<string, AncovaDataset> }
).ancova;

/** The rows lm() fits: complete cases of post ~ pre + indicator + covariates, in R's column order, with their clusters. */
export function ancovaDesign(f: AncovaDataset): { X: number[][]; y: number[]; cluster: (number | null)[] } {
  const covariates = Array.isArray(f.covariates) ? [] : Object.values(f.covariates);
  const X: number[][] = [];
  const y: number[] = [];
  const cluster: (number | null)[] = [];
  f.pre.forEach((pre, i) => {
    const row = covariates.map((c) => c[i]);
    if (row.some((v) => v === null)) return;
    X.push([1, pre, f.indicator[i] as number, ...(row as number[])]);
    y.push(f.post[i] as number);
    cluster.push(f.group[i] ?? null);
  });
  return { X, y, cluster };
}
