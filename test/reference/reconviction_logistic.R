# Reference values for logistic regression of one-year reconviction: glm(binomial) and the
# cluster-robust variance sandwich::vcovCL(fit, cluster = ~cluster, type = "HC0").
# Run from the repo root:  Rscript test/reference/reconviction_logistic.R
# Writes test/reference/reconviction_logistic.json (seeded inputs and R's results).
# Needs R with sandwich and jsonlite; the tests only read the JSON.
suppressPackageStartupMessages({ library(sandwich); library(jsonlite) })
set.seed(20260519)

n <- 520
cluster <- sample(1:37, n, replace = TRUE)
bc <- rbinom(n, 1, 0.45)
ogrs <- round(runif(n, 0.05, 0.9), 4)
age <- round(rnorm(n, 35, 10))
band4 <- rbinom(n, 1, 0.35)
u <- rnorm(37, 0, 0.5)[cluster]
lp <- -1.6 - 0.3 * bc + 2.4 * ogrs - 0.015 * (age - 35) + 0.2 * band4 + u
y <- rbinom(n, 1, plogis(lp))
dat <- data.frame(y, bc, ogrs, age, band4, cluster)

fit_out <- function(fit, cl) {
  V <- if (cl) vcovCL(fit, cluster = ~cluster, type = "HC0") else vcov(fit)
  se_model <- sqrt(diag(vcov(fit)))
  se <- sqrt(diag(V))
  b <- coef(fit)
  z <- b / se
  q <- qnorm(0.975)
  list(terms = I(names(b)), coef = I(unname(b)), se = I(unname(se_model)),
       robust_se = if (cl) I(unname(se)) else NA,
       z = I(unname(z)), p = I(unname(2 * pnorm(-abs(z)))),
       or = I(unname(exp(b))), lower = I(unname(exp(b - q * se))), upper = I(unname(exp(b + q * se))),
       deviance = fit$deviance, iter = fit$iter,
       vcov = unname(V), linear_predictor = unname(predict(fit, type = "link")))
}
f_un <- glm(y ~ bc, family = binomial, data = dat)
f_adj <- glm(y ~ bc + ogrs + age + band4, family = binomial, data = dat)
# summary.glm's own z test equals the model-based Wald z above (checked here):
stopifnot(isTRUE(all.equal(unname(summary(f_adj)$coefficients[, 4]), as.numeric(fit_out(f_adj, FALSE)$p), tolerance = 1e-12)))

out <- list(
  generated_by = "test/reference/reconviction_logistic.R",
  r_version = R.version.string,
  packages = list(stats = as.character(packageVersion("stats")), sandwich = as.character(packageVersion("sandwich")),
                  jsonlite = as.character(packageVersion("jsonlite"))),
  vcovCL_note = "vcovCL(type = 'HC0') with its default cadjust = TRUE: G/(G-1) applied",
  data = as.list(dat),
  unadjusted = fit_out(f_un, FALSE), unadjusted_cluster = fit_out(f_un, TRUE),
  adjusted = fit_out(f_adj, FALSE), adjusted_cluster = fit_out(f_adj, TRUE)
)
write_json(out, "test/reference/reconviction_logistic.json", digits = NA, auto_unbox = TRUE, pretty = TRUE, na = "null")
cat("outcome rate", mean(y), "\n")
