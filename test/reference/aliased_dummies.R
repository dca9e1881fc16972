# Reference values for held-fixed factors whose dummies are aliased (issue 10): a programme
# family that only ever ran in some calendar half-years makes its dummy a sum of period
# dummies. R's lm and coxph give the aliased (later, dependent) column NA and fit the rest;
# pipeline/analyse/stats/aliasedColumns.ts finds the same columns so progeval can leave them out.
#
# How to run (from the repository root):
#     Rscript test/reference/aliased_dummies.R
# It writes test/reference/aliased_dummies.json; test/pipeline/analyse/aliasedDummies.test.ts
# reads it and never needs R.
#
#   ANCOVA  lm(post ~ pre + treatment + family + period) + clubSandwich::coef_test(CR2, Satterthwaite)
#   Cox     coxph(Surv(time, event) ~ treatment + family + period, cluster = group, ties = "efron")
suppressPackageStartupMessages({ library(jsonlite); library(survival); library(clubSandwich) })
set.seed(20261201)
groups <- 36
g_family <- sample(c("building_choices", "legacy_general", "legacy_specialist"), groups, replace = TRUE, prob = c(0.4, 0.2, 0.4))
# Building Choices only ran in 2025 half-years, and those half-years ran nothing else.
g_period <- ifelse(g_family == "building_choices", sample(c("2025_h1", "2025_h2"), groups, replace = TRUE),
                   sample(c("2023_h1", "2023_h2", "2024_h1"), groups, replace = TRUE))
g_treat <- rbinom(groups, 1, ifelse(g_family == "building_choices", 0.6, 0.3))
size <- sample(5:10, groups, replace = TRUE)
group <- rep(sprintf("grp-%02d", seq_len(groups)), size)
family <- rep(g_family, size); period <- rep(g_period, size); treatment <- rep(g_treat, size)
n <- length(group)
pre <- round(rnorm(n, 45, 10), 1)
post <- round(10 + 0.6 * pre - 2 * treatment + (family == "building_choices") * -1.5 + rep(rnorm(groups, 0, 2), size) + rnorm(n, 0, 7), 1)
time <- round(rexp(n, 1 / (500 * exp(-0.3 * treatment))) / 30) * 30 + 30
event <- rbinom(n, 1, 0.7)
lev <- function(x) factor(x, levels = sort(unique(x), method = "radix"))
d <- data.frame(group, pre, post, treatment, time, event, family = lev(family), period = lev(period))

fit <- lm(post ~ pre + treatment + family + period, data = d)
aliased <- names(coef(fit))[is.na(coef(fit))]
stopifnot(length(aliased) >= 1)
ct <- coef_test(fit, vcov = "CR2", cluster = d$group, test = "Satterthwaite")
ci <- conf_int(fit, vcov = "CR2", cluster = d$group, test = "Satterthwaite")
row <- which(ct$Coef == "treatment")
cx <- coxph(Surv(time, event) ~ treatment + family + period, data = d, cluster = group, ties = "efron")
cs <- summary(cx)$coefficients
out <- list(
  provenance = list(R = R.version.string, survival = as.character(packageVersion("survival")), clubSandwich = as.character(packageVersion("clubSandwich"))),
  data = list(group = group, pre = pre, post = post, treatment = treatment, time = time, event = event, family = family, period = period),
  lm_aliased = I(aliased),
  ancova = list(estimate = unname(coef(fit)["treatment"]), se = ct$SE[row], df = ct$df_Satt[row], p = ct$p_Satt[row], ci_low = ci$CI_L[row], ci_high = ci$CI_U[row]),
  cox_aliased = I(names(coef(cx))[is.na(coef(cx))]),
  cox = list(coefficient = unname(coef(cx)["treatment"]), robust_se = unname(cs["treatment", "robust se"]), p = unname(cs["treatment", "Pr(>|z|)"]))
)
write_json(out, "test/reference/aliased_dummies.json", digits = NA, auto_unbox = TRUE, pretty = TRUE)
