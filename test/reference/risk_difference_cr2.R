# Reference values for the risk difference from a linear probability model with CR2
# cluster-robust errors and Satterthwaite df: lm(y ~ treat) with
# clubSandwich::coef_test(vcov = "CR2", test = "Satterthwaite") and conf_int().
# People without a group are clusters of their own (unique labels).
# Run from the repo root:  Rscript test/reference/risk_difference_cr2.R
# Writes test/reference/risk_difference_cr2.json.
suppressPackageStartupMessages({ library(jsonlite); library(clubSandwich) })
set.seed(20261202)

one_case <- function(groups_t, groups_c, size, p_t, p_c, sd_group, solos = 0) {
  g <- c(rep(seq_len(groups_t), each = size), rep(groups_t + seq_len(groups_c), each = size))
  treat <- c(rep(1, groups_t * size), rep(0, groups_c * size))
  u <- rnorm(groups_t + groups_c, 0, sd_group)[g]
  p <- plogis(qlogis(ifelse(treat == 1, p_t, p_c)) + u)
  y <- rbinom(length(p), 1, p)
  if (solos > 0) { # people with no group, in the reference level
    y <- c(y, rbinom(solos, 1, p_c)); treat <- c(treat, rep(0, solos)); g <- c(g, paste0("solo", seq_len(solos)))
  }
  d <- data.frame(y = y, treat = treat, cluster = as.character(g))
  fit <- lm(y ~ treat, data = d)
  ct <- coef_test(fit, vcov = "CR2", cluster = d$cluster, test = "Satterthwaite")
  ci <- conf_int(fit, vcov = "CR2", cluster = d$cluster, test = "Satterthwaite", level = 0.95)
  list(y = d$y, treat = d$treat, cluster = d$cluster,
       estimate = unname(coef(fit)[2]), se = ct$SE[2], df = ct$df_Satt[2], ci_low = ci$CI_L[2], ci_high = ci$CI_U[2],
       clusters = length(unique(d$cluster)))
}
cases <- list(
  one_case(6, 20, 9, 0.15, 0.12, 0.5),
  one_case(3, 12, 10, 0.2, 0.1, 0.8),
  one_case(15, 15, 8, 0.1, 0.1, 0.3, solos = 25),
  one_case(40, 60, 10, 0.12, 0.15, 0.4)
)
writeLines(toJSON(list(cases = cases, clubSandwich = as.character(packageVersion("clubSandwich"))), auto_unbox = TRUE, digits = NA), "test/reference/risk_difference_cr2.json")
