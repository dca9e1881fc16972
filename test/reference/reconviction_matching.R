# Reference values for the Justice Data Lab matching design: MatchIt nearest-neighbour
# propensity matching on the logit (distance = "glm", link = "linear.logit"), caliper 0.2 SD,
# m.order = "largest", 1:1 without replacement, and summary()'s standardised mean differences.
# Run from the repo root:  Rscript test/reference/reconviction_matching.R
# Writes test/reference/reconviction_matching.json (seeded inputs and R's results).
# Needs R with MatchIt and jsonlite; the tests only read the JSON.
suppressPackageStartupMessages({ library(MatchIt); library(jsonlite) })
set.seed(20260520)

make_data <- function(n, shift) {
  ogrs <- round(runif(n, 0.05, 0.95), 4)
  age <- round(rnorm(n, 34, 9) + runif(n), 2)       # continuous, so no exact distance ties
  priors <- rpois(n, 3)
  female <- rbinom(n, 1, 0.15)
  # Poor overlap: treatment strongly related to risk and age, so some treated go unmatched.
  treat <- rbinom(n, 1, plogis(-1.2 + shift * (ogrs - 0.5) - 0.05 * (age - 34) + 0.15 * priors + 0.6 * female))
  data.frame(treat, ogrs, age, priors, female)
}

# MatchIt 4.5.1 (installed here) has a caliper bug in nearest-neighbour matching (MatchIt
# issue #163, "Caliper not working as intended on versions 4.5.1 - 4.5.3"): with
# distance = "glm" the caliper is not applied as documented (pairs far wider than the caliper are
# kept, and the result depends on the scale of the distance). Checked here: MatchIt's own
# matches differ from the documented rule, while MatchIt given the same logit distance
# multiplied by K = 1e6 (a user-supplied numeric distance; std.caliper scales with it) agrees
# exactly with an independent greedy implementation of the documented rule (below). The
# reference therefore uses the K-scaled run, with MatchIt's glm linear predictor as the
# distance, and asserts the agreement. The cause (found for adjusted_models.R, issue 10) is an
# integer abs() on distance differences in src/nn_matchC_vec.cpp: it can also pick the farther of
# two controls less than 1 logit apart, so it is not only a caliper bug. The no-caliper fixture
# below is used with MatchIt directly and agrees with the documented rule (checked), but only
# because its distances happen to fall so; do not rely on it for new fixtures.
K <- 1e6
greedy <- function(d, treat, width) {   # documented rule: largest first, nearest unused control within caliper
  tr <- which(treat == 1); tr <- tr[order(d[tr], decreasing = TRUE)]
  avail <- which(treat == 0); res <- rep(NA_integer_, length(treat))
  for (t in tr) {
    if (!length(avail)) next
    dd <- abs(d[avail] - d[t]); j <- which.min(dd)
    if (dd[j] <= width) { res[t] <- avail[j]; avail <- avail[-j] }
  }
  res
}
control_of <- function(m, n) {
  res <- rep(NA_integer_, n)
  res[as.integer(rownames(m$match.matrix))] <- suppressWarnings(as.integer(m$match.matrix[, 1]))
  res
}

run <- function(dat, caliper) {
  f <- treat ~ ogrs + age + priors + female
  m_glm <- matchit(f, data = dat, method = "nearest", distance = "glm", link = "linear.logit",
                   caliper = caliper, m.order = "largest", replace = FALSE, ratio = 1)
  logit <- unname(m_glm$distance)
  stopifnot(isTRUE(all.equal(logit, unname(predict(glm(f, family = binomial, data = dat), type = "link")), tolerance = 1e-10)))
  stopifnot(!anyDuplicated(round(logit, 10)))   # no exact distance ties
  m <- if (is.null(caliper)) m_glm else
    matchit(f, data = dat, method = "nearest", distance = logit * K, caliper = caliper,
            m.order = "largest", replace = FALSE, ratio = 1)
  width <- if (is.null(caliper)) NA else unname(m$caliper) / K
  ctl <- control_of(m, nrow(dat))
  stopifnot(identical(ctl, greedy(logit, dat$treat, if (is.null(caliper)) Inf else width)))
  stopifnot(is.null(caliper) || isTRUE(all.equal(width, caliper * sd(logit), tolerance = 1e-12)))
  tr_order <- which(dat$treat == 1); tr_order <- tr_order[order(logit[tr_order], decreasing = TRUE)]
  matched <- tr_order[!is.na(ctl[tr_order])]
  # Balance: summary() of the run whose matches are right (distance row dropped; our SMD is per covariate).
  s <- summary(m)
  keep <- rownames(s$sum.all) != "distance"
  list(caliper = if (is.null(caliper)) NA else caliper, caliper_width = width, sd_distance = sd(logit),
       distance = logit,
       pairs_treated = matched - 1L, pairs_control = ctl[matched] - 1L,   # 0-based, in matching order
       unmatched_treated = sort(which(dat$treat == 1 & is.na(ctl)) - 1L),
       weights = unname(m$weights),
       matchit_glm_matched_treated = sum(!is.na(control_of(m_glm, nrow(dat)))),
       smd_terms = rownames(s$sum.all)[keep],
       smd_all = unname(s$sum.all[keep, "Std. Mean Diff."]), smd_matched = unname(s$sum.matched[keep, "Std. Mean Diff."]),
       mean_treated_matched = unname(s$sum.matched[keep, "Means Treated"]), mean_control_matched = unname(s$sum.matched[keep, "Means Control"]),
       n_matched_treated = unname(s$nn["Matched", "Treated"]), n_unmatched_treated = unname(s$nn["Unmatched", "Treated"]))
}

d1 <- make_data(500, 4)
d2 <- make_data(300, 7)
out <- list(
  generated_by = "test/reference/reconviction_matching.R",
  r_version = R.version.string,
  packages = list(MatchIt = as.character(packageVersion("MatchIt")), jsonlite = as.character(packageVersion("jsonlite"))),
  data1 = as.list(d1), match1 = run(d1, 0.2),
  data2 = as.list(d2), match2 = run(d2, 0.2), match2_tight = run(d2, 0.05), match2_nocaliper = run(d2, NULL),
  matchit_caliper_note = paste("MatchIt 4.5.1 caliper bug (issue #163): caliper runs use distance = K * logit, K = 1e6,",
    "verified equal to the documented greedy rule; matchit_glm_matched_treated is what the buggy glm run matched.")
)
write_json(out, "test/reference/reconviction_matching.json", digits = NA, auto_unbox = TRUE, pretty = TRUE, na = "null")
for (k in c("match1", "match2", "match2_tight", "match2_nocaliper")) cat(k, ": matched", out[[k]]$n_matched_treated,
  "unmatched", out[[k]]$n_unmatched_treated, "(buggy glm run matched", out[[k]]$matchit_glm_matched_treated, ")\n")
