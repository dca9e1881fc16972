# Reference values for the attitude-change statistics (pipeline/analyse/stats/).
#
# How to run (from the repository root):
#     Rscript test/reference/attitudes.R
# It writes test/reference/attitudes.json beside this script. The tests read that JSON;
# they never need R. Produced with R 4.2.2 and clubSandwich 0.5.8 (the exact
# R.version.string and package versions are written into the JSON under "provenance").
#
# Every input is generated here from a fixed seed and written into the JSON with the
# expected values, so the TypeScript tests run on exactly the numbers R saw.
# Missing values are written as JSON null.
#
# What each expected value comes from:
#   paired t           stats::t.test(post, pre, paired = TRUE)
#   Wilcoxon           stats::wilcox.test(post, pre, paired = TRUE)  (R's default rules)
#   d_z, d_av, g_av    Lakens (2013) formulas written out below with R's own sd/qnorm; the
#                      installed effectsize (0.8.3) has no repeated_measures_d, and its later
#                      "av" standardiser is sqrt of the mean variance, not the mean SD used here.
#   RCI / CSC          Jacobson & Truax (1991) written out below in R
#   ANCOVA (CR2)       lm() + clubSandwich::coef_test(fit, vcov = "CR2", cluster = ...,
#                      test = "Satterthwaite") and clubSandwich::conf_int(...)
#   Holm               stats::p.adjust(p, "holm")

suppressPackageStartupMessages(library(clubSandwich))
library(jsonlite)

out_path <- file.path("test", "reference", "attitudes.json")
if (!dir.exists(dirname(out_path))) stop("run from the repository root: Rscript test/reference/attitudes.R")

set.seed(20240611)
num <- function(x) unname(as.numeric(x))

# ---------------------------------------------------------------------------------------
# Paired t-test and standardised change
# ---------------------------------------------------------------------------------------
paired_t_ref <- function(pre, post) {
  tt <- t.test(post, pre, paired = TRUE)
  ok <- complete.cases(pre, post)
  list(
    n = sum(ok),
    mean_pre = mean(pre[ok]), mean_post = mean(post[ok]),
    mean_change = num(tt$estimate), sd_change = sd(post[ok] - pre[ok]),
    t = num(tt$statistic), df = num(tt$parameter), p = tt$p.value,
    ci_low = tt$conf.int[1], ci_high = tt$conf.int[2]
  )
}

# Lakens (2013) d_z, d_av and g_av; the d_av CI is the delta-method normal approximation
# documented in pipeline/analyse/stats/standardisedChange.ts, written out independently here.
standardised_ref <- function(pre, post) {
  ok <- complete.cases(pre, post)
  x <- pre[ok]; y <- post[ok]; d <- y - x
  n <- length(d)
  s1 <- sd(x); s2 <- sd(y); r <- cor(x, y)
  s_av <- (s1 + s2) / 2
  d_z <- mean(d) / sd(d)
  d_av <- mean(d) / s_av
  var_s_av <- (s1^2 + s2^2 + 2 * r^2 * s1 * s2) / (8 * (n - 1))
  se_d_av <- sqrt(var(d) / (n * s_av^2) + d_av^2 * var_s_av / s_av^2)
  z <- qnorm(0.975)
  J <- 1 - 3 / (4 * (n - 1) - 1)
  list(
    n = n, sd_pre = s1, sd_post = s2, r = r, d_z = d_z, d_av = d_av, se_d_av = se_d_av,
    d_av_ci_low = d_av - z * se_d_av, d_av_ci_high = d_av + z * se_d_av,
    hedges_correction = J, g_av = J * d_av,
    g_av_ci_low = J * (d_av - z * se_d_av), g_av_ci_high = J * (d_av + z * se_d_av)
  )
}

paired_sets <- list()
# 1. moderate sample, negative changes (scores fall), one decimal place
pre <- round(rnorm(25, 20, 5), 1)
post <- round(pre + rnorm(25, -2, 3), 1)
paired_sets$negative_change_n25 <- list(pre = pre, post = post)
# 2. small sample, positive changes
pre <- round(rnorm(8, 50, 10), 2)
post <- round(pre + rnorm(8, 4, 5), 2)
paired_sets$positive_change_n8 <- list(pre = pre, post = post)
# 3. larger sample with missing pre or post scores (unequal numbers of pre and post scores)
pre <- round(rnorm(140, 3.2, 0.9), 2)
post <- round(0.6 * pre + rnorm(140, 1.1, 0.7), 2)
pre[sample(140, 9)] <- NA
post[sample(140, 17)] <- NA
paired_sets$missing_scores_n140 <- list(pre = pre, post = post)
# 4. integer questionnaire totals, weak correlation, near-zero change
pre <- as.numeric(sample(10:40, 60, replace = TRUE))
post <- pmin(40, pmax(10, pre + sample(-8:7, 60, replace = TRUE)))
paired_sets$integer_totals_n60 <- list(pre = pre, post = post)

paired_t <- lapply(paired_sets, function(s) c(s, list(expected = paired_t_ref(s$pre, s$post))))
standardised <- lapply(paired_sets, function(s) c(s, list(expected = standardised_ref(s$pre, s$post))))

# ---------------------------------------------------------------------------------------
# Wilcoxon signed rank (R defaults)
# ---------------------------------------------------------------------------------------
wilcoxon_ref <- function(pre, post) {
  w <- wilcox.test(post, pre, paired = TRUE)
  d <- post - pre
  d <- d[!is.na(d)]
  nz <- d[d != 0]
  list(
    n = length(d), n_nonzero = length(nz), zeros = sum(d == 0),
    ties = length(unique(rank(abs(nz)))) != length(nz),
    exact = grepl("exact", w$method), v = num(w$statistic), p = w$p.value
  )
}
wsets <- list()
# exact: n < 50, no ties, no zeros
pre <- round(runif(20, 10, 30), 3)
post <- round(pre + rnorm(20, 1.5, 3), 3)
wsets$exact_n20 <- list(pre = pre, post = post)
# exact, upper tail far out (V near its maximum): checks the small p is not lost to 1 - cdf
pre <- round(runif(40, 10, 30), 3)
post <- round(pre + c(-0.5, -1.25, rnorm(38, 6, 1.5)), 3)
wsets$exact_upper_tail_n40 <- list(pre = pre, post = post)
# exact, V exactly n(n+1)/4: R caps the two-sided p at 1
wsets$exact_centre_n7 <- list(pre = rep(10, 7), post = 10 + c(1, 2, -3, 4, -5, -6, 7))
# approximate: ties and zeros, n < 50
pre <- as.numeric(sample(5:25, 30, replace = TRUE))
post <- pre + sample(c(-3, -2, -1, 0, 0, 1, 2, 3, 4), 30, replace = TRUE)
wsets$ties_and_zeros_n30 <- list(pre = pre, post = post)
# approximate: exactly 50 non-zero differences, no ties (R's rule is n < 50 for exact)
pre <- round(runif(50, 10, 30), 3)
post <- round(pre + rnorm(50, 0.8, 3), 3)
wsets$no_ties_n50 <- list(pre = pre, post = post)
# approximate: n >= 50, ties, zeros and missing, strong effect (very small p)
pre <- as.numeric(sample(20:60, 150, replace = TRUE))
post <- pre - sample(c(-2, -1, 0, 1, 2, 3, 4, 5, 6, 8), 150, replace = TRUE)
post[c(3, 77)] <- NA
wsets$ties_zeros_n150 <- list(pre = pre, post = post)
# approximate: n >= 50 without ties or zeros but more than 50
pre <- round(runif(75, 0, 5), 4)
post <- round(pre + rnorm(75, -0.2, 1), 4)
wsets$no_ties_n75 <- list(pre = pre, post = post)

wilcoxon <- lapply(wsets, function(s) c(s, list(expected = wilcoxon_ref(s$pre, s$post))))
stopifnot(wilcoxon$exact_n20$expected$exact, !wilcoxon$exact_n20$expected$ties,
          wilcoxon$exact_upper_tail_n40$expected$exact,
          wilcoxon$exact_centre_n7$expected$p == 1,
          wilcoxon$ties_and_zeros_n30$expected$zeros > 0, wilcoxon$ties_and_zeros_n30$expected$ties,
          wilcoxon$no_ties_n50$expected$n_nonzero == 50, !wilcoxon$no_ties_n50$expected$ties,
          !wilcoxon$no_ties_n50$expected$exact,
          wilcoxon$ties_zeros_n150$expected$zeros > 0)

# ---------------------------------------------------------------------------------------
# Reliable change (RCI) and clinically significant change (Jacobson & Truax 1991)
# ---------------------------------------------------------------------------------------
rci_ref <- function(pre, post, reliability, direction) {
  ok <- complete.cases(pre, post)
  x <- pre[ok]; y <- post[ok]
  sd_pre <- sd(x)
  se_diff <- sd_pre * sqrt(2) * sqrt(1 - reliability)
  rci <- (y - x) / se_diff
  sign <- if (direction == "higher_better") 1 else -1
  improved <- sum(sign * rci > 1.96)
  deteriorated <- sum(sign * rci < -1.96)
  n <- length(x)
  unchanged <- n - improved - deteriorated
  list(
    n = n, sd_pre = sd_pre, se_diff = se_diff, rci = rci,
    improved = improved, unchanged = unchanged, deteriorated = deteriorated,
    pct_improved = 100 * improved / n, pct_unchanged = 100 * unchanged / n,
    pct_deteriorated = 100 * deteriorated / n
  )
}
csc_ref <- function(pre, post, reliability, direction, norm_mean, norm_sd, criterion) {
  rc <- rci_ref(pre, post, reliability, direction)
  ok <- complete.cases(pre, post)
  x <- pre[ok]; y <- post[ok]
  m0 <- mean(x); s0 <- sd(x)
  sign <- if (direction == "higher_better") 1 else -1
  cut_off <- switch(criterion,
    c = (s0 * norm_mean + norm_sd * m0) / (s0 + norm_sd),
    a = m0 + sign * 2 * s0,
    b = norm_mean - sign * 2 * norm_sd
  )
  sign_rci <- sign * rc$rci
  reliably_improved <- sign_rci > 1.96
  crossed <- sign * (y - cut_off) > 0
  recovered <- sum(reliably_improved & crossed)
  improved <- sum(reliably_improved & !crossed)
  deteriorated <- sum(sign_rci < -1.96)
  n <- length(x)
  unchanged <- n - recovered - improved - deteriorated
  list(
    n = n, criterion = criterion, cut_off = cut_off,
    dysfunctional_mean = m0, dysfunctional_sd = s0,
    recovered = recovered, improved = improved, unchanged = unchanged, deteriorated = deteriorated,
    pct_recovered = 100 * recovered / n, pct_improved = 100 * improved / n,
    pct_unchanged = 100 * unchanged / n, pct_deteriorated = 100 * deteriorated / n
  )
}

change_sets <- list()
# higher_better: e.g. a victim-empathy scale; pre sample is below the non-offending norm
pre <- round(rnorm(60, 40, 8), 0)
post <- round(pre + rnorm(60, 4, 6), 0)
pre[5] <- NA
change_sets$higher_better <- list(pre = pre, post = post, reliability = 0.82,
                                  direction = "higher_better", norm_mean = 55, norm_sd = 7.5)
# lower_better: e.g. a pro-offending attitudes scale; pre sample is above the norm
pre <- round(rnorm(45, 30, 6), 1)
post <- round(pre - rnorm(45, 3, 5), 1)
post[c(2, 30)] <- NA
change_sets$lower_better <- list(pre = pre, post = post, reliability = 0.88,
                                 direction = "lower_better", norm_mean = 18, norm_sd = 5)

reliable_change <- lapply(change_sets, function(s) {
  c(s, list(expected = rci_ref(s$pre, s$post, s$reliability, s$direction)))
})
clinically_significant <- list()
for (nm in names(change_sets)) {
  s <- change_sets[[nm]]
  for (criterion in c("c", "a", "b")) {
    clinically_significant[[paste(nm, criterion, sep = "_")]] <- c(s, list(
      criterion = criterion,
      expected = csc_ref(s$pre, s$post, s$reliability, s$direction, s$norm_mean, s$norm_sd, criterion)
    ))
  }
}
# every count category must be exercised somewhere
stopifnot(any(sapply(clinically_significant, function(x) x$expected$recovered > 0)),
          any(sapply(clinically_significant, function(x) x$expected$improved > 0)),
          any(sapply(clinically_significant, function(x) x$expected$deteriorated > 0)))

# ---------------------------------------------------------------------------------------
# ANCOVA with CR2 cluster-robust errors and Satterthwaite df (clubSandwich)
# ---------------------------------------------------------------------------------------
make_ancova_data <- function(n_groups, sizes, n_singletons, n_cov, missing_cov) {
  group <- c(rep(seq_len(n_groups), times = sizes), rep(NA, n_singletons))
  n <- length(group)
  arm_of_group <- rep(c(0, 1), length.out = n_groups)[sample(n_groups)]
  indicator <- ifelse(is.na(group), rbinom(n, 1, 0.5), arm_of_group[group])
  group_effect <- c(rnorm(n_groups, 0, 1.5), 0)[ifelse(is.na(group), n_groups + 1, group)]
  pre <- round(rnorm(n, 30, 6), 0)
  covariates <- list()
  lin <- 0
  if (n_cov >= 1) { covariates$age <- round(runif(n, 18, 70)); lin <- lin + 0.05 * covariates$age }
  if (n_cov >= 2) { covariates$risk_score <- round(rnorm(n, 0, 1), 2); lin <- lin + 0.8 * covariates$risk_score }
  if (n_cov >= 3) { covariates$previous_convictions <- rpois(n, 2); lin <- lin + 0.3 * covariates$previous_convictions }
  post <- round(5 + 0.7 * pre - 1.8 * indicator + lin + group_effect + rnorm(n, 0, 4), 0)
  if (missing_cov > 0) {
    for (k in seq_len(missing_cov)) {
      nm <- names(covariates)[(k - 1) %% length(covariates) + 1]
      covariates[[nm]][sample(n, 1)] <- NA
    }
  }
  list(pre = pre, post = post, indicator = indicator, group = group, covariates = covariates)
}

ancova_ref <- function(s) {
  df <- data.frame(pre = s$pre, post = s$post, indicator = s$indicator)
  for (nm in names(s$covariates)) df[[nm]] <- s$covariates[[nm]]
  # people without a group are their own cluster
  df$cluster <- ifelse(is.na(s$group), paste0("person", seq_along(s$group)), paste0("group", s$group))
  keep <- complete.cases(df)
  d <- df[keep, ]
  rhs <- paste(c("pre", "indicator", names(s$covariates)), collapse = " + ")
  fit <- lm(as.formula(paste("post ~", rhs)), data = d)
  ct <- coef_test(fit, vcov = "CR2", cluster = d$cluster, test = "Satterthwaite")
  ci <- conf_int(fit, vcov = "CR2", cluster = d$cluster, test = "Satterthwaite", level = 0.95)
  row <- ct["indicator", ]
  cirow <- ci["indicator", ]
  v0 <- var(d$pre[d$indicator == 0]); v1 <- var(d$pre[d$indicator == 1])
  n0 <- sum(d$indicator == 0); n1 <- sum(d$indicator == 1)
  pooled_sd_pre <- sqrt(((n0 - 1) * v0 + (n1 - 1) * v1) / (n0 + n1 - 2))
  stopifnot(abs(cirow$CI_L - (row$beta - qt(0.975, row$df_Satt) * row$SE)) < 1e-12 * abs(row$beta) + 1e-12)
  V <- vcovCR(fit, cluster = d$cluster, type = "CR2")
  list(
    n = nrow(d), clusters = length(unique(d$cluster)), dropped_missing_covariate = sum(!keep),
    singletons = sum(table(d$cluster) == 1),
    estimate = num(row$beta), se = num(row$SE), df = num(row$df_Satt), t = num(row$tstat),
    p = num(row$p_Satt), ci_low = num(cirow$CI_L), ci_high = num(cirow$CI_U),
    pooled_sd_pre = pooled_sd_pre, std_estimate = num(row$beta) / pooled_sd_pre,
    coefficients = num(coef(fit)), coefficient_names = names(coef(fit)),
    residuals = num(residuals(fit)), xtx_inverse = unname(summary(fit)$cov.unscaled),
    cr2_vcov = unname(as.matrix(V)),
    cr2_se_all = num(ct$SE), cr2_df_all = num(ct$df_Satt), cr2_p_all = num(ct$p_Satt)
  )
}

ancova_sets <- list()
# unbalanced groups (sizes 2 to 12) plus 14 people without a group, pre-score only
s <- make_ancova_data(14, c(12, 3, 8, 5, 10, 2, 7, 11, 4, 6, 9, 3, 12, 5), 14, 0, 0)
ancova_sets$pre_only <- s
# same design, three covariates with a few missing values (those rows are dropped)
s <- make_ancova_data(16, c(6, 11, 2, 9, 4, 12, 7, 3, 10, 5, 8, 2, 6, 12, 4, 9), 20, 3, 5)
ancova_sets$three_covariates <- s
# few clusters (6 groups + 5 singletons), two covariates: small-sample df matter most here
s <- make_ancova_data(6, c(9, 4, 12, 6, 3, 8), 5, 2, 2)
ancova_sets$two_covariates_few_clusters <- s

ancova <- lapply(ancova_sets, function(s) c(s, list(expected = ancova_ref(s))))

# ---------------------------------------------------------------------------------------
# Holm (1979)
# ---------------------------------------------------------------------------------------
holm_sets <- list(
  with_ties_and_missing = c(0.01, 0.04, 0.03, 0.005, NA, 0.04, 0.2, 0.5, 1e-8, 0.011),
  random_20 = runif(20)^3,
  single = 0.037,
  capped_at_one = c(0.6, 0.7, 0.45)
)
holm <- lapply(holm_sets, function(p) list(p = p, expected = p.adjust(p, "holm")))

# ---------------------------------------------------------------------------------------
out <- list(
  provenance = list(
    script = "test/reference/attitudes.R",
    r_version = R.version.string,
    clubSandwich = as.character(packageVersion("clubSandwich")),
    jsonlite = as.character(packageVersion("jsonlite")),
    seed = 20240611
  ),
  paired_t = paired_t,
  standardised_change = standardised,
  wilcoxon = wilcoxon,
  reliable_change = reliable_change,
  clinically_significant_change = clinically_significant,
  ancova = ancova,
  holm = holm
)
write_json(out, out_path, digits = NA, auto_unbox = TRUE, pretty = TRUE, na = "null")
cat("wrote", out_path, "\n")
