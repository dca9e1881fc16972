# Reference values for models with aliased covariates: a covariate that is the sum of two
# others and one that is constant. lm, glm(binomial) and coxph give them NA and fit the rest;
# progeval leaves them out (estimableCovariates) and must get the same estimates.
# Run from the repo root:  Rscript test/reference/aliased_covariates.R
# Writes test/reference/aliased_covariates.json.
suppressPackageStartupMessages({ library(jsonlite); library(survival) })
set.seed(20261205)
n <- 300
treat <- rbinom(n, 1, 0.4)
x1 <- round(rnorm(n, 40, 10)); x2 <- rpois(n, 3)
x3 <- x1 + x2                  # aliased: a combination of x1 and x2
x4 <- rep(2, n)                # aliased: constant (with the intercept)
y <- 20 + 2 * treat + 0.3 * x1 - 0.5 * x2 + rnorm(n, 0, 4)
b <- rbinom(n, 1, plogis(-2 + 0.5 * treat + 0.03 * x1 - 0.1 * x2))
time <- ceiling(rexp(n, 0.002 * exp(0.3 * treat + 0.01 * x1))); cens <- sample(c(200, 400, 700), n, replace = TRUE)
status <- as.numeric(time <= cens); time <- pmin(time, cens)

ols <- lm(y ~ treat + x1 + x2 + x3 + x4)
logit <- glm(b ~ treat + x1 + x2 + x3 + x4, family = binomial)
cox <- coxph(Surv(time, status) ~ treat + x1 + x2 + x3 + x4, ties = "efron")
stopifnot(is.na(coef(ols)["x3"]), is.na(coef(ols)["x4"]), is.na(coef(logit)["x3"]), is.na(coef(cox)["x3"]), is.na(coef(cox)["x4"]))
kept <- function(fit) { cf <- coef(fit); keep <- !is.na(cf); list(names = names(cf)[keep], coef = unname(cf[keep]), se = unname(sqrt(diag(vcov(fit))))) }
out <- list(treat = treat, x1 = x1, x2 = x2, x3 = x3, x4 = x4, y = y, b = b, time = time, status = status,
            aliased = c("x3", "x4"), lm = kept(ols), glm = kept(logit), coxph = kept(cox))
writeLines(toJSON(out, auto_unbox = TRUE, digits = NA), "test/reference/aliased_covariates.json")
