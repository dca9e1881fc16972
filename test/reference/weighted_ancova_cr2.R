# Reference values for ANCOVA weighted for attrition: inverse probability of having a post
# score, stabilised and truncated, then a weighted lm with clubSandwich CR2 / Satterthwaite.
#
# How to run (from the repository root):
#     Rscript test/reference/weighted_ancova_cr2.R
# It writes test/reference/weighted_ancova_cr2.json beside this script. The tests
# (test/pipeline/analyse/stats/{attritionWeights,weightedAncovaCr2}.test.ts) read that JSON;
# they never need R. Produced with R 4.2.2, clubSandwich 0.5.8 and jsonlite 1.8.4 (the exact
# R.version.string and package versions are written into the JSON under "provenance").
#
# Every input is generated here from a fixed seed and written into the JSON with the
# expected values. Missing values are written as JSON null. People without a programme group
# have group null in the JSON and a unique cluster label ("solo1", ...) in R.
#
# The chain, for each data set (people with pre and every covariate; post may be missing):
#   response model   glm(has_post ~ pre + indicator + covariates, family = binomial)
#                    p_hat = fitted(glm)  (everyone in the model, observed or not)
#   weights          share_observed = mean(has_post); w = share_observed / p_hat for the
#                    observed (stabilised IPW, Robins, Hernan & Brumback 2000), truncated
#                    (capped) at quantile(w, c(0.01, 0.99)) of the observed (type 7, R's
#                    default; Cole & Hernan 2008)
#   ANCOVA           lm(post ~ pre + indicator + covariates, weights = w) over the observed,
#                    clubSandwich::coef_test(fit, vcov = "CR2", cluster = cluster,
#                    test = "Satterthwaite") and clubSandwich::conf_int(...)
#   unadjusted       lm(post ~ pre + indicator, weights = w), likewise
#   std_estimate     estimate / pooled SD of pre over the two arms, unweighted, over the
#                    people in the lm
#
# For a weighted lm clubSandwich's vcovCR.lm sets inverse_var = FALSE (target = I, W =
# diag(w / mean(w))), a different branch of CR2 and of the Satterthwaite df from the
# unweighted one; "equal_weights" checks that with every weight 0.8 the weighted fit gives
# the unweighted fit's results (asserted here too).

suppressPackageStartupMessages(library(clubSandwich))
library(jsonlite)

out_path <- file.path("test", "reference", "weighted_ancova_cr2.json")
if (!dir.exists(dirname(out_path))) stop("run from the repository root: Rscript test/reference/weighted_ancova_cr2.R")

seed <- 20260311
set.seed(seed)
num <- function(x) unname(as.numeric(x))

# Group sizes, a per-group arm (solos get their own arm draw), pre, covariates, a post score
# with a group effect, and post missing at random given pre, indicator and the covariates.
make_data <- function(sizes, n_solo, covariates, missing_coef) {
  n_groups <- length(sizes)
  group <- c(rep(seq_len(n_groups), sizes), rep(NA, n_solo))
  n <- length(group)
  arm_of_group <- rep_len(c(0, 1), n_groups)[sample.int(n_groups)]
  indicator <- c(arm_of_group[group[!is.na(group)]], rbinom(n_solo, 1, 0.5))
  u <- c(rnorm(n_groups, 0, 2)[group[!is.na(group)]], rnorm(n_solo, 0, 2))
  pre <- round(rnorm(n, 50, 10) + 0.5 * u, 1)
  cov <- list(age = round(runif(n, 18, 60)), prior = rbinom(n, 1, 0.4))[covariates]
  lin <- 5 + 0.8 * pre + 3 * indicator + u + rnorm(n, 0, 6)
  if ("age" %in% covariates) lin <- lin + 0.1 * cov$age
  if ("prior" %in% covariates) lin <- lin - 2 * cov$prior
  post <- round(lin, 1)
  eta <- missing_coef[1] + missing_coef[2] * (pre - 50) / 10 + missing_coef[3] * indicator
  if ("age" %in% covariates) eta <- eta + missing_coef[4] * (cov$age - 40) / 10
  post[runif(n) > plogis(eta)] <- NA
  d <- data.frame(pre = pre, post = post, indicator = indicator, group = group)
  for (name in covariates) d[[name]] <- cov[[name]]
  d
}

type7 <- function(x, probs) num(quantile(x, probs, type = 7, names = FALSE))

cr2_of <- function(fit, cluster, term = "indicator") {
  ct <- coef_test(fit, vcov = "CR2", cluster = cluster, test = "Satterthwaite")
  ci <- conf_int(fit, vcov = "CR2", cluster = cluster, test = "Satterthwaite", level = 0.95)
  V <- vcovCR(fit, cluster = cluster, type = "CR2")
  k <- which(names(coef(fit)) == term)
  list(
    estimate = num(coef(fit)[k]), se = ct$SE[k], df = ct$df_Satt[k], t = ct$tstat[k], p = ct$p_Satt[k],
    ci_low = ci$CI_L[k], ci_high = ci$CI_U[k],
    clusters = nlevels(attr(V, "cluster")),
    inverse_var = attr(V, "inverse_var"),
    coefficients = num(coef(fit)), coefficient_names = names(coef(fit)),
    residuals = num(residuals(fit)), leverage = num(hatvalues(fit)),
    sigma2 = summary(fit)$sigma^2, cov_unscaled = unname(summary(fit)$cov.unscaled),
    cr2_vcov = unname(as.matrix(V)), cr2_se_all = ct$SE, cr2_df_all = ct$df_Satt, cr2_p_all = ct$p_Satt
  )
}

pooled_sd <- function(pre, arm) {
  s0 <- pre[arm == 0]; s1 <- pre[arm == 1]
  sqrt(((length(s0) - 1) * var(s0) + (length(s1) - 1) * var(s1)) / (length(s0) + length(s1) - 2))
}

one_case <- function(d, covariates) {
  d$cluster <- ifelse(is.na(d$group), paste0("solo", cumsum(is.na(d$group))), paste0("g", d$group))
  model <- d[complete.cases(d[, c("pre", covariates)]), ]          # people the glm sees
  model$has_post <- as.numeric(!is.na(model$post))
  rhs <- paste(c("pre", "indicator", covariates), collapse = " + ")
  response <- glm(as.formula(paste("has_post ~", rhs)), family = binomial, data = model)
  p_hat <- num(fitted(response))
  share <- mean(model$has_post)
  observed <- model$has_post == 1
  w_raw <- share / p_hat[observed]
  caps <- type7(w_raw, c(0.01, 0.99))
  w <- pmin(pmax(w_raw, caps[1]), caps[2])
  obs <- model[observed, ]
  obs$w <- w
  adjusted <- lm(as.formula(paste("post ~", rhs)), data = obs, weights = w)
  unadjusted <- lm(post ~ pre + indicator, data = obs, weights = w)
  sd_pre <- pooled_sd(obs$pre, obs$indicator)
  a <- cr2_of(adjusted, obs$cluster)
  u <- cr2_of(unadjusted, obs$cluster)
  stopifnot(!a$inverse_var, !u$inverse_var)
  a$pooled_sd_pre <- u$pooled_sd_pre <- sd_pre
  a$std_estimate <- a$estimate / sd_pre
  u$std_estimate <- u$estimate / sd_pre
  a$n <- u$n <- nrow(obs)
  list(
    input = list(pre = d$pre, post = d$post, indicator = d$indicator, group = d$group, cluster = d$cluster,
                 covariates = lapply(setNames(covariates, covariates), function(name) d[[name]])),
    response_model = list(
      rows = which(complete.cases(d[, c("pre", covariates)])) - 1,  # 0-based rows of input
      coefficients = num(coef(response)), coefficient_names = names(coef(response)),
      fitted = p_hat
    ),
    weights = list(
      share_observed = share, raw = w_raw, cap_low = caps[1], cap_high = caps[2], truncated = w,
      truncated_low = sum(w_raw < caps[1]), truncated_high = sum(w_raw > caps[2])
    ),
    adjusted = a,
    unadjusted = u
  )
}

cases <- list(
  two_covariates = one_case(
    make_data(sizes = c(3, 4, 5, 6, 6, 7, 8, 8, 9, 10, 10, 11, 12, 12, 4, 5, 7, 9, 6, 8), n_solo = 8,
              covariates = c("age", "prior"), missing_coef = c(1.1, 0.5, -0.6, -0.4)),
    c("age", "prior")),
  one_covariate_small = one_case(
    {
      d <- make_data(sizes = c(2, 3, 4, 5, 5, 6, 6, 7, 8, 9, 4, 3), n_solo = 6,
                     covariates = "age", missing_coef = c(0.9, 1.2, 0.8, 0.6))
      d$age[c(4, 30)] <- NA; d$pre[c(11, 50)] <- NA          # people the glm cannot use
      d
    },
    "age"),
  strong_attrition = one_case(
    make_data(sizes = rep(c(5, 8, 11, 6, 9), 5), n_solo = 12,
              covariates = c("age", "prior"), missing_coef = c(0.4, 1.5, -1, 0.8)),
    c("age", "prior"))
)

# Equal weights: the observed of two_covariates with every weight 0.8. clubSandwich takes the
# weighted branch (inverse_var = FALSE), and the results equal the unweighted lm's.
equal <- local({
  input <- cases$two_covariates$input
  d <- data.frame(pre = input$pre, post = input$post, indicator = input$indicator, cluster = input$cluster,
                  age = input$covariates$age, prior = input$covariates$prior)
  obs <- d[!is.na(d$post), ]
  obs$w <- 0.8
  weighted <- cr2_of(lm(post ~ pre + indicator + age + prior, data = obs, weights = w), obs$cluster)
  unweighted <- cr2_of(lm(post ~ pre + indicator + age + prior, data = obs), obs$cluster)
  stopifnot(!weighted$inverse_var, unweighted$inverse_var)
  for (k in c("estimate", "se", "df", "p", "ci_low", "ci_high")) {
    stopifnot(abs(weighted[[k]] - unweighted[[k]]) <= 1e-10 * abs(unweighted[[k]]))
  }
  list(weight = 0.8, case = "two_covariates", weighted = weighted, unweighted = unweighted)
})

out <- list(
  provenance = list(
    script = "test/reference/weighted_ancova_cr2.R",
    r_version = R.version.string,
    clubSandwich = as.character(packageVersion("clubSandwich")),
    jsonlite = as.character(packageVersion("jsonlite")),
    seed = seed
  ),
  cases = cases,
  equal_weights = equal
)
write_json(out, out_path, digits = NA, auto_unbox = TRUE, pretty = TRUE, na = "null")
cat("wrote", out_path, "\n")
