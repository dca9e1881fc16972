# Reference values for the robust score test of a Cox model (Lin & Wei 1989): the "Robust"
# line of summary(coxph(Surv(time, event) ~ x, cluster = group)), i.e. fit$rscore, on
# clustered, tied, censored data; with one indicator it is a log-rank test clustered on group.
# Run from the repo root:  Rscript test/reference/robust_logrank.R
# Writes test/reference/robust_logrank.json.
suppressPackageStartupMessages({ library(jsonlite); library(survival) })
set.seed(20261203)

one_case <- function(groups, size, log_hr, frailty_sd, extra = FALSE, solos = 0) {
  g <- rep(seq_len(groups), each = size)
  treat <- as.numeric(g %% 2 == 0)
  z <- rnorm(length(g))
  u <- rnorm(groups, 0, frailty_sd)[g]
  rate <- 0.002 * exp(log_hr * treat + u + (if (extra) 0.3 * z else 0))
  t <- ceiling(rexp(length(g), rate) / 7) * 7           # weekly: heavy ties
  cens <- sample(c(180, 365, 540, 730), length(g), replace = TRUE)
  time <- pmin(t, cens); event <- as.numeric(t <= cens)
  cl <- as.character(g)
  if (solos > 0) {
    time <- c(time, sample(10:700, solos, replace = TRUE)); event <- c(event, rbinom(solos, 1, 0.3))
    treat <- c(treat, rep(0, solos)); z <- c(z, rnorm(solos)); cl <- c(cl, paste0("solo", seq_len(solos)))
  }
  d <- data.frame(time = time, event = event, treat = treat, z = z, cluster = cl)
  f <- if (extra) Surv(time, event) ~ treat + z else Surv(time, event) ~ treat
  fit <- coxph(f, data = d, cluster = cluster, ties = "efron")
  rs <- summary(fit)$robscore
  list(time = d$time, event = d$event, treat = d$treat, z = if (extra) d$z else NULL, cluster = d$cluster,
       chisq = unname(rs["test"]), df = unname(rs["df"]), p = unname(rs["pvalue"]))
}
cases <- list(one_case(20, 10, 0.3, 0.5), one_case(8, 12, 0, 0.8), one_case(30, 9, 0.2, 0.3, extra = TRUE), one_case(12, 10, -0.2, 0.4, solos = 20))
writeLines(toJSON(list(cases = cases, survival = as.character(packageVersion("survival"))), auto_unbox = TRUE, digits = NA), "test/reference/robust_logrank.json")
