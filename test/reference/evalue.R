# Reference values for E-values (VanderWeele & Ding 2017, Ann Intern Med 167:268), as the
# EValue package 4.1.2 computes them (evalues.RR / evalues.HR / evalues.OR / evalues.MD).
# EValue is on CRAN only and is not installed here (Debian has no r-cran-evalue), so this
# script writes its functions out from the package's source (R/EValue.R: evalues.RR,
# evalues.MD, threshold; R/effect_measures.R: toRR.HR, toRR.OR, toRR.MD; github.com/mayamathur/evalue)
# and checks them against the examples published in the paper.
# Run from the repo root:  Rscript test/reference/evalue.R
# Writes test/reference/evalue.json. Needs only base R and jsonlite.
suppressPackageStartupMessages(library(jsonlite))

# threshold(x, true): the E-value of one risk ratio x for the true value.
threshold <- function(x, true = 1) {
  if (is.na(x)) return(NA)
  if (x <= 1) { x <- 1 / x; true <- 1 / true }
  if (true <= x) return((x + sqrt(x * (x - true))) / true)
  rat <- true / x
  rat + sqrt(rat * (rat - 1))
}
# evalues.RR: E-values of the estimate and of the limit nearer the true value (1 if the CI crosses it).
evalues_rr <- function(est, lo = NA, hi = NA, true = 1) {
  null_ci <- NA
  if (est > true && !is.na(lo)) null_ci <- lo < true
  if (est < true && !is.na(hi)) null_ci <- hi > true
  if (!is.na(lo) && !is.na(hi)) stopifnot(lo <= hi)
  if (!is.na(lo)) stopifnot(est >= lo)
  if (!is.na(hi)) stopifnot(est <= hi)
  E <- sapply(c(est, lo, hi), threshold, true = true)
  if (!is.na(null_ci) && null_ci) E[2:3] <- 1
  if (!is.na(lo) || !is.na(hi)) {
    if (est > true) E[3] <- NA
    if (est < true) E[2] <- NA
    if (est == true) { E[2] <- 1; E[3] <- NA }
  }
  ci <- if (is.na(lo) && is.na(hi)) NA else if (est < true) E[3] else E[2]
  list(rr = c(est, lo, hi), true_rr = true, point = E[1], ci = ci)
}
# toRR.HR, toRR.OR (rare: unchanged; common: the approximate conversions), toRR.MD.
hr_to_rr <- function(x, rare) if (rare) x else (1 - 0.5^sqrt(x)) / (1 - 0.5^sqrt(1 / x))
or_to_rr <- function(x, rare) if (rare) x else sqrt(x)
conv <- function(x, f, rare) if (is.na(x)) NA else f(x, rare)
evalues_ratio <- function(measure, est, lo = NA, hi = NA, rare = NA, true = 1) {
  f <- switch(measure, RR = function(x, rare) x, HR = hr_to_rr, OR = or_to_rr)
  r <- evalues_rr(f(est, rare), conv(lo, f, rare), conv(hi, f, rare), f(true, rare))
  c(list(measure = measure, estimate = est, lower = lo, upper = hi, rare = rare, true = true), r)
}
# evalues.MD: d = est, RR = exp(0.91 d), limits exp(0.91 d -/+ 1.78 se), true RR = exp(0.91 true).
evalues_md <- function(est, se = NA, true = 0) {
  lo <- if (is.na(se)) NA else exp(0.91 * est - 1.78 * se)
  hi <- if (is.na(se)) NA else exp(0.91 * est + 1.78 * se)
  c(list(measure = "MD", estimate = est, se = se, true = true), evalues_rr(exp(0.91 * est), lo, hi, exp(0.91 * true)))
}

cases <- list(
  evalues_ratio("RR", 3.9, 1.8, 8.7),                 # the paper's breastfeeding example: 7.26 and 3.0
  evalues_ratio("RR", 0.80, 0.71, 0.91),              # EValue's leukaemia example
  evalues_ratio("RR", 1 / 0.80),                      # symmetry, point only
  evalues_ratio("RR", 1.3, 0.9, 1.9),                 # CI crosses 1
  evalues_ratio("RR", 0.7, 0.45, 1.02),               # CI crosses 1 from below
  evalues_ratio("RR", 1, 0.8, 1.25),                  # estimate at the null
  evalues_ratio("RR", 2.2, 1.4),                      # lower limit only
  evalues_ratio("RR", 0.5, NA, 0.8),                  # upper limit only
  evalues_ratio("RR", 2, 1.6, 2.5, true = 1.5),       # non-null true value
  evalues_ratio("RR", 2, 1.2, 3.1, true = 1.5),       # CI crosses the true value
  evalues_ratio("RR", 0.8, 0.6, 1.05, true = 1.2),    # true value away from the estimate (second branch)
  evalues_ratio("HR", 0.56, 0.46, 0.69, rare = FALSE),  # EValue's example
  evalues_ratio("HR", 0.56, 0.46, 0.69, rare = TRUE),
  evalues_ratio("HR", 1.74, 1.21, 2.5, rare = FALSE),
  evalues_ratio("HR", 1.2, 0.95, 1.51, rare = FALSE),   # crosses 1
  evalues_ratio("OR", 0.86, 0.75, 0.99, rare = FALSE),  # EValue's example
  evalues_ratio("OR", 0.86, 0.75, 0.99, rare = TRUE),
  evalues_ratio("OR", 2.9, 1.7, 4.95, rare = FALSE),
  evalues_ratio("OR", 2.9, 1.7, 4.95, rare = TRUE),
  evalues_ratio("OR", 1.5, 1.1, 2, rare = FALSE, true = 1.2),
  evalues_md(0.5, 0.25),                              # EValue's example
  evalues_md(-0.35, 0.1),
  evalues_md(0.12, 0.1),                              # crosses 0
  evalues_md(0.8),                                    # point only
  evalues_md(0.6, 0.15, true = 0.2)
)
# The paper's worked example (VanderWeele & Ding 2017): RR 3.9 (1.8 to 8.7) has E-values 7.26 and 3.0.
stopifnot(abs(cases[[1]]$point - 7.26) < 0.005, abs(cases[[1]]$ci - 3.0) < 1e-12)

out <- list(
  generated_by = "test/reference/evalue.R",
  r_version = R.version.string,
  packages = list(jsonlite = as.character(packageVersion("jsonlite"))),
  source_note = "EValue 4.1.2 (evalues.RR/HR/OR/MD, threshold, toRR) written out in R; EValue itself is not installed",
  cases = cases
)
write_json(out, "test/reference/evalue.json", digits = NA, auto_unbox = TRUE, pretty = TRUE, na = "null")
