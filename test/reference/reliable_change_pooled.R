# Reference values for reliable and clinically significant change with a common yardstick
# across two levels (Jacobson & Truax 1991; the pooled within-level SD of the pre scores,
# sqrt(((n1 - 1) s1^2 + (n0 - 1) s0^2) / (n1 + n0 - 2)), and the mean pre score over both
# levels for the cut-off), written out in R: no package computes it.
# Run from the repo root:  Rscript test/reference/reliable_change_pooled.R
# Writes test/reference/reliable_change_pooled.json.
suppressPackageStartupMessages(library(jsonlite))
set.seed(20261204)

classify <- function(rci, direction) {
  towards <- if (direction == "higher_better") rci else -rci
  ifelse(towards > 1.96, "improved", ifelse(towards < -1.96, "deteriorated", "unchanged"))
}
one_case <- function(n1, n0, sd1, sd0, reliability, direction, norm_mean, norm_sd) {
  pre1 <- round(rnorm(n1, 30, sd1)); post1 <- round(pre1 + rnorm(n1, 3, 5))
  pre0 <- round(rnorm(n0, 32, sd0)); post0 <- round(pre0 + rnorm(n0, 1, 5))
  pooled <- sqrt(((n1 - 1) * var(pre1) + (n0 - 1) * var(pre0)) / (n1 + n0 - 2))
  grand <- mean(c(pre1, pre0))
  se_diff <- pooled * sqrt(2) * sqrt(1 - reliability)
  s <- if (direction == "higher_better") 1 else -1
  cutoff <- (pooled * norm_mean + norm_sd * grand) / (pooled + norm_sd)     # criterion c
  level <- function(pre, post) {
    cls <- classify((post - pre) / se_diff, direction)
    beyond <- s * (post - cutoff) > 0
    list(pre = pre, post = post, improved = sum(cls == "improved"), unchanged = sum(cls == "unchanged"), deteriorated = sum(cls == "deteriorated"),
         recovered = sum(cls == "improved" & beyond), csc_improved = sum(cls == "improved" & !beyond))
  }
  list(reliability = reliability, direction = direction, norm_mean = norm_mean, norm_sd = norm_sd,
       pooled_sd = pooled, grand_mean = grand, se_diff = se_diff, cutoff = cutoff,
       treatment = level(pre1, post1), reference = level(pre0, post0))
}
cases <- list(one_case(40, 60, 6, 10, 0.8, "higher_better", 38, 5), one_case(15, 25, 9, 5, 0.85, "lower_better", 20, 6), one_case(120, 80, 7, 7, 0.7, "higher_better", 35, 7))
writeLines(toJSON(list(cases = cases), auto_unbox = TRUE, digits = NA), "test/reference/reliable_change_pooled.json")
