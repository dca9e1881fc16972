# Reference values for the reconviction survival statistics (Kaplan-Meier, log-rank, Cox
# with Efron ties naive and clustered, cox.zph).
# Run from the repo root:  Rscript test/reference/reconviction_survival.R
# Writes test/reference/reconviction_survival.json (inputs generated here, seeded, and R's
# results). Needs R with survival and jsonlite; the tests only read the JSON.
suppressPackageStartupMessages({ library(survival); library(jsonlite) })
set.seed(20260518)

n <- 480
cluster <- sample(1:48, n, replace = TRUE)              # programme groups
bc <- rbinom(n, 1, 0.5)                                 # Building Choices vs legacy
ogrs <- round(runif(n, 0.05, 0.9), 3)                   # OGRS-like predicted risk
age <- round(rnorm(n, 34, 9))
band4 <- rbinom(n, 1, 0.4)                              # band 4 facilitator
arm <- sample(c("legacy", "bc_band3", "bc_band4"), n, replace = TRUE)
frailty <- rnorm(48, 0, 0.4)[cluster]
lp <- -0.35 * bc + 2.2 * ogrs - 0.02 * (age - 34) + 0.15 * band4 + frailty
raw <- rexp(n, rate = 0.0006 * exp(lp))
# Heavy ties: events recorded by 30-day month; follow-up censored at 24 months, plus drop-out.
follow <- pmin(720, ceiling(runif(n, 200, 1400) / 30) * 30)
time <- pmin(ceiling(raw / 30) * 30, follow)
event <- as.integer(raw <= follow & ceiling(raw / 30) * 30 <= follow)
dat <- data.frame(time, event, bc, ogrs, age, band4, cluster, arm)

km_out <- function(f) {
  s <- unclass(f)
  se <- s$std.err; se[!is.finite(se)] <- NA
  list(time = s$time, n_risk = s$n.risk, n_event = s$n.event, n_censor = s$n.censor,
       surv = s$surv, std_err = se, lower = s$lower, upper = s$upper)
}
km <- km_out(survfit(Surv(time, event) ~ 1, data = dat))
# A small curve that reaches zero (last person reconvicted): std.err Inf, limits NA in R.
small <- list(time = c(1, 2, 2, 3, 4, 5, 5, 5), event = c(1, 1, 0, 1, 0, 1, 1, 1))
km_small <- km_out(survfit(Surv(time, event) ~ 1, data = as.data.frame(small)))

sd_out <- function(s) list(chisq = s$chisq, df = length(s$n) - 1, p = pchisq(s$chisq, length(s$n) - 1, lower.tail = FALSE),
  groups = sub(".*=", "", names(s$n)), n = as.numeric(s$n), observed = as.numeric(s$obs), expected = as.numeric(s$exp))
lr2 <- sd_out(survdiff(Surv(time, event) ~ bc, data = dat))
lr3 <- sd_out(survdiff(Surv(time, event) ~ arm, data = dat))

cox_out <- function(fit) {
  s <- summary(fit)$coefficients
  ci <- summary(fit)$conf.int
  robust <- !is.null(fit$naive.var)
  # I() keeps one-coefficient fits as JSON arrays; robust_se is null without cluster.
  list(terms = I(names(coef(fit))), coef = I(unname(coef(fit))),
       se = I(unname(sqrt(diag(if (robust) fit$naive.var else fit$var)))),
       robust_se = if (robust) I(unname(sqrt(diag(fit$var)))) else NA,
       z = I(unname(s[, "z"])), p = I(unname(s[, "Pr(>|z|)"])),
       hr = I(unname(ci[, "exp(coef)"])), lower = I(unname(ci[, "lower .95"])), upper = I(unname(ci[, "upper .95"])),
       loglik = fit$loglik, n = fit$n, nevent = fit$nevent, iter = fit$iter)
}
f_un <- coxph(Surv(time, event) ~ bc, data = dat, ties = "efron")
f_un_cl <- coxph(Surv(time, event) ~ bc, data = dat, ties = "efron", cluster = cluster)
f_adj <- coxph(Surv(time, event) ~ bc + ogrs + age + band4, data = dat, ties = "efron")
f_adj_cl <- coxph(Surv(time, event) ~ bc + ogrs + age + band4, data = dat, ties = "efron", cluster = cluster)

zph_out <- function(fit) {
  z <- cox.zph(fit)$table
  list(terms = rownames(z), chisq = unname(z[, "chisq"]), df = unname(z[, "df"]), p = unname(z[, "p"]))
}

out <- list(
  generated_by = "test/reference/reconviction_survival.R",
  r_version = R.version.string,
  packages = list(survival = as.character(packageVersion("survival")), jsonlite = as.character(packageVersion("jsonlite"))),
  data = as.list(dat),
  distinct_times = length(unique(time)), events = sum(event), max_ties = max(table(time[event == 1])),
  km = km, km_small_input = small, km_small = km_small,
  logrank_bc = lr2, logrank_arm = lr3,
  cox_unadjusted = cox_out(f_un), cox_unadjusted_cluster = cox_out(f_un_cl),
  cox_adjusted = cox_out(f_adj), cox_adjusted_cluster = cox_out(f_adj_cl),
  zph_unadjusted = zph_out(f_un), zph_adjusted = zph_out(f_adj), zph_adjusted_cluster = zph_out(f_adj_cl)
)
write_json(out, "test/reference/reconviction_survival.json", digits = NA, auto_unbox = TRUE, pretty = TRUE, na = "null")
cat("events", sum(event), "of", n, "; distinct times", length(unique(time)), "; most events on one day", out$max_ties, "\n")
