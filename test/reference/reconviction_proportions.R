# Reference values for reconviction rates: Wilson intervals (prop.test, correct = FALSE),
# Newcombe's hybrid score interval for a difference (method 10, written out from Newcombe
# 1998 using prop.test's Wilson limits), observed/expected ratios (poisson.test, Garwood
# limits) and upper-tail chi-squared / Poisson probabilities (for the p-value helpers).
# Run from the repo root:  Rscript test/reference/reconviction_proportions.R
# Writes test/reference/reconviction_proportions.json (seeded inputs and R's results).
suppressPackageStartupMessages(library(jsonlite))
set.seed(20260521)

# (suppressWarnings: prop.test warns that its chi-squared p is approximate for small counts; only the CI is used.)
wilson <- function(x, n) unname(suppressWarnings(prop.test(x, n, correct = FALSE))$conf.int[1:2])
cases <- rbind(c(0, 25), c(25, 25), c(1, 40), c(12, 40), c(39, 40), c(118, 412), c(3, 3), c(0, 1),
               cbind(rbinom(12, 300, 0.3), 300))
wilson_out <- lapply(seq_len(nrow(cases)), function(i) {
  ci <- wilson(cases[i, 1], cases[i, 2]); list(x = cases[i, 1], n = cases[i, 2], estimate = cases[i, 1] / cases[i, 2], lower = ci[1], upper = ci[2])
})

# Newcombe (1998) method 10: hybrid score interval, no continuity correction.
newcombe <- function(x1, n1, x2, n2) {
  p1 <- x1 / n1; p2 <- x2 / n2
  w1 <- wilson(x1, n1); w2 <- wilson(x2, n2)
  d <- p1 - p2
  list(x1 = x1, n1 = n1, x2 = x2, n2 = n2, difference = d,
       lower = d - sqrt((p1 - w1[1])^2 + (w2[2] - p2)^2),
       upper = d + sqrt((w1[2] - p1)^2 + (p2 - w2[1])^2))
}
diff_cases <- rbind(c(30, 100, 45, 110), c(0, 50, 7, 60), c(50, 50, 41, 60), c(118, 412, 163, 455), c(5, 9, 1, 12),
                    cbind(rbinom(6, 250, 0.35), 250, rbinom(6, 270, 0.42), 270))
newcombe_out <- lapply(seq_len(nrow(diff_cases)), function(i) do.call(newcombe, as.list(diff_cases[i, ])))

# Observed / expected with exact Poisson (Garwood) limits: poisson.test(O, T = E).
oe <- function(O, E) { t <- poisson.test(O, T = E); list(observed = O, expected = E, ratio = unname(t$estimate), lower = t$conf.int[1], upper = t$conf.int[2], p = t$p.value) }
probs <- round(runif(400, 0.05, 0.8), 4)               # OGRS-like predicted probabilities
outcome <- rbinom(400, 1, pmin(1, probs * 0.85))
oe_cases <- list(oe(sum(outcome), sum(probs)), oe(0, 3.7), oe(1, 0.4), oe(12, 12), oe(12, 20.5), oe(35, 18.25), oe(150, 172.3), oe(4, 15.1), oe(300, 240.9))

chisq_cases <- expand.grid(x = c(0.5, 2, 7.9, 25, 60, 140), df = c(1, 2, 3, 4, 7))
chisq_out <- list(x = chisq_cases$x, df = chisq_cases$df, p = pchisq(chisq_cases$x, chisq_cases$df, lower.tail = FALSE))

out <- list(
  generated_by = "test/reference/reconviction_proportions.R",
  r_version = R.version.string,
  packages = list(stats = as.character(packageVersion("stats")), jsonlite = as.character(packageVersion("jsonlite"))),
  wilson = wilson_out, newcombe = newcombe_out,
  oe_input = list(probs = probs, outcome = outcome), oe = oe_cases,
  chisq_upper = chisq_out
)
write_json(out, "test/reference/reconviction_proportions.json", digits = NA, auto_unbox = TRUE, pretty = TRUE, na = "null")
