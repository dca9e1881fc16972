# Reference values for the monitoring charts: Spiegelhalter (2005) funnel limits for an
# observed/expected ratio under a Poisson model (interpolated quantiles, his appendix A.1.2),
# and Shewhart p-chart 3-sigma limits, both written out with base R's own qpois, ppois, dpois.
# Run from the repo root:  Rscript test/reference/monitoring.R
# Writes test/reference/monitoring.json. The tests only read the JSON.
library(jsonlite)

funnel_limit <- function(p, E) {
  y <- qpois(p, E)
  alpha <- (ppois(y, E) - p) / dpois(y, E)
  max(0, (y - alpha) / E)
}
expected <- c(0.5, 1, 2.7, 5, 10, 17.3, 40, 100, 250.5, 1000)
funnel <- lapply(expected, function(E) list(
  expected = E,
  lower_95 = funnel_limit(0.025, E), upper_95 = funnel_limit(0.975, E),
  lower_998 = funnel_limit(0.001, E), upper_998 = funnel_limit(0.999, E)
))

pchart <- function(p, n) {
  half <- 3 * sqrt(p * (1 - p) / n)
  list(centre = p, n = n, lcl = max(0, p - half), ucl = min(1, p + half))
}
cases <- list(c(0.2, 100), c(0.05, 12), c(0.31, 57), c(0.5, 400), c(0.9, 30), c(0, 20))
pcharts <- lapply(cases, function(x) pchart(x[1], x[2]))

write_json(list(
  r_version = R.version.string,
  funnel = funnel,
  pchart = pcharts
), "test/reference/monitoring.json", digits = NA, auto_unbox = TRUE, pretty = TRUE)
