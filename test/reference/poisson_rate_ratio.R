# Reference values for Poisson regression of reconviction counts (rate ratios):
# glm(family = poisson), with and without an offset (log exposure), and the cluster-robust
# variance sandwich::vcovCL(fit, cluster = ~cluster, type = "HC0") (vcovCL's default for glm,
# with its default cadjust = TRUE: G/(G-1)), as test/reference/reconviction_logistic.R.
# z, p and the Wald CI are computed here from the SE by hand (normal distribution) and checked
# against lmtest::coeftest / lmtest::coefci with the same variance.
# Run from the repo root:  Rscript test/reference/poisson_rate_ratio.R
# Writes test/reference/poisson_rate_ratio.json (seeded inputs and R's results).
# Needs R with sandwich, lmtest and jsonlite; the tests only read the JSON.
suppressPackageStartupMessages({ library(sandwich); library(lmtest); library(jsonlite) })
set.seed(20260602)

n <- 412
G <- 41
cluster <- sample(1:G, n, replace = TRUE)
treat <- rbinom(n, 1, 0.5)
x1 <- round(runif(n, 0.05, 0.9), 4)          # OGRS-like score
x2 <- round(rnorm(n, 35, 10))                 # age
exposure <- round(runif(n, 0.5, 3), 3)        # years at risk
u <- rnorm(G, 0, 0.4)[cluster]
lp <- -0.9 - 0.25 * treat + 1.1 * x1 - 0.012 * (x2 - 35) + u
y <- pmin(rpois(n, exp(lp + log(exposure))), 5) # counts 0..5
dat <- data.frame(y, treat, x1, x2, exposure, cluster)

fit_out <- function(fit, cl, data) {
  V <- if (cl) vcovCL(fit, cluster = ~cluster, type = "HC0") else vcov(fit)
  se_model <- sqrt(diag(vcov(fit)))
  se <- sqrt(diag(V))
  b <- coef(fit)
  z <- b / se
  q <- qnorm(0.975)
  p <- 2 * pnorm(-abs(z))
  ct <- coeftest(fit, vcov. = V)
  ci <- coefci(fit, vcov. = V, level = 0.95)
  stopifnot(isTRUE(all.equal(unname(ct[, 2]), unname(se), tolerance = 1e-12)),
            isTRUE(all.equal(unname(ct[, 4]), unname(p), tolerance = 1e-12)),
            isTRUE(all.equal(unname(exp(ci)), unname(cbind(exp(b - q * se), exp(b + q * se))), tolerance = 1e-12)))
  list(terms = I(names(b)), coef = I(unname(b)), se = I(unname(se_model)),
       robust_se = if (cl) I(unname(se)) else NA,
       z = I(unname(z)), p = I(unname(p)),
       rate_ratio = I(unname(exp(b))), lower = I(unname(exp(b - q * se))), upper = I(unname(exp(b + q * se))),
       deviance = fit$deviance, iter = fit$iter,
       vcov = unname(V), linear_predictor = unname(predict(fit, type = "link")))
}
f_un <- glm(y ~ treat, family = poisson, data = dat)
f_adj <- glm(y ~ treat + x1 + x2, family = poisson, data = dat)
f_off <- glm(y ~ treat + x1 + x2 + offset(log(exposure)), family = poisson, data = dat)
# summary.glm's own z test equals the model-based Wald z above (checked here):
stopifnot(isTRUE(all.equal(unname(summary(f_adj)$coefficients[, 4]), as.numeric(fit_out(f_adj, FALSE, dat)$p), tolerance = 1e-12)))

# A small case: 12 people in 4 clusters, with an offset.
small <- data.frame(y = c(0, 2, 1, 3, 0, 1, 4, 2, 0, 0, 1, 5),
                    treat = c(0, 1, 0, 1, 0, 0, 1, 1, 0, 1, 0, 1),
                    x1 = c(0.2, 0.5, 0.3, 0.8, 0.1, 0.4, 0.9, 0.6, 0.25, 0.3, 0.55, 0.7),
                    exposure = c(1, 1.5, 0.8, 2, 1, 1.2, 2.5, 1, 0.6, 1.1, 1.4, 2.2),
                    cluster = c(1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4))
f_small <- glm(y ~ treat + x1 + offset(log(exposure)), family = poisson, data = small)

out <- list(
  generated_by = "test/reference/poisson_rate_ratio.R",
  r_version = R.version.string,
  packages = list(stats = as.character(packageVersion("stats")), sandwich = as.character(packageVersion("sandwich")),
                  lmtest = as.character(packageVersion("lmtest")), jsonlite = as.character(packageVersion("jsonlite"))),
  vcovCL_note = "vcovCL(type = 'HC0') with its default cadjust = TRUE: G/(G-1) applied",
  data = as.list(dat),
  unadjusted = fit_out(f_un, FALSE, dat), unadjusted_cluster = fit_out(f_un, TRUE, dat),
  adjusted = fit_out(f_adj, FALSE, dat), adjusted_cluster = fit_out(f_adj, TRUE, dat),
  offset = fit_out(f_off, FALSE, dat), offset_cluster = fit_out(f_off, TRUE, dat),
  small_data = as.list(small),
  small = fit_out(f_small, FALSE, small), small_cluster = fit_out(f_small, TRUE, small)
)
write_json(out, "test/reference/poisson_rate_ratio.json", digits = NA, auto_unbox = TRUE, pretty = TRUE, na = "null")
cat("mean count", mean(y), " table:", table(y), "\n")
