# Reference values for the intra-class correlation by the one-way ANOVA estimator
# (Donner 1986, Int Stat Rev 54:67; as ICC::ICCest, which is not installed here, so its formula
# is written out) and Kish's design effect 1 + (m - 1) ICC (written out).
#   MSB, MSW: anova(lm(y ~ factor(cluster)))
#   n0 = (N - sum(n_i^2) / N) / (k - 1);  ICC = (MSB - MSW) / (MSB + (n0 - 1) MSW)
# With strata (clusters nested in strata, e.g. the arm): MSB is the factor(cluster) row of
# anova(lm(y ~ factor(stratum) + factor(cluster))) (df k - s), MSW its residual row, and
#   n0 = (N - sum_s sum_{i in s} n_i^2 / N_s) / (k - s),
# the coefficient of the between-cluster variance in E[MSB]; the script checks it against that
# expectation computed exactly as trace(A Z Z') / (k - s), A the projection for the cluster
# term after stratum and Z the cluster indicator matrix.
# Run from the repo root:  Rscript test/reference/intraclass.R
# Writes test/reference/intraclass.json (seeded inputs and R's results). Needs only base R and jsonlite.
suppressPackageStartupMessages(library(jsonlite))
set.seed(20260601)

k <- 34
sizes <- sample(c(1, 2, 3:16), k, replace = TRUE)   # unequal, with singletons
arm_of_cluster <- rep(c("bc", "legacy"), length.out = k)
cluster <- rep(sprintf("g%02d", seq_len(k)), sizes)
stratum <- rep(arm_of_cluster, sizes)
u <- rnorm(k, 0, 2)
y <- round(50 + ifelse(stratum == "bc", 6, 0) + rep(u, sizes) + rnorm(length(cluster), 0, 6), 1)

icc_oneway <- function(y, cluster) {
  a <- anova(lm(y ~ factor(cluster)))
  msb <- a$`Mean Sq`[1]; msw <- a$`Mean Sq`[2]
  ni <- table(cluster); N <- length(y); k <- length(ni)
  n0 <- (N - sum(ni^2) / N) / (k - 1)
  list(icc = (msb - msw) / (msb + (n0 - 1) * msw), msb = msb, msw = msw, n0 = n0, clusters = k, strata = 1,
       n = N, df_between = a$Df[1], df_within = a$Df[2])
}
icc_nested <- function(y, cluster, stratum) {
  a <- anova(lm(y ~ factor(stratum) + factor(cluster)))
  stopifnot(rownames(a)[2] == "factor(cluster)")
  msb <- a$`Mean Sq`[2]; msw <- a$`Mean Sq`[3]
  N <- length(y); k <- length(unique(cluster)); s <- length(unique(stratum))
  size_term <- sum(sapply(split(cluster, stratum), function(cl) sum(table(cl)^2) / length(cl)))
  n0 <- (N - size_term) / (k - s)
  # n0 is the coefficient of the between-cluster variance in E[MSB] = sigma_w^2 + n0 sigma_b^2.
  Z <- model.matrix(~ factor(cluster) - 1); S <- model.matrix(~ factor(stratum) - 1)
  proj <- function(M) M %*% solve(crossprod(M), t(M))
  A <- proj(Z) - proj(S)
  stopifnot(abs(sum(diag(A %*% Z %*% t(Z))) / (k - s) - n0) < 1e-9 * n0)
  # Centring y at its stratum mean and a one-way ANOVA gives the same sums of squares.
  yc <- y - ave(y, stratum)
  a1 <- anova(lm(yc ~ factor(cluster)))
  stopifnot(isTRUE(all.equal(a1$`Sum Sq`, a$`Sum Sq`[2:3], tolerance = 1e-10)))
  list(icc = (msb - msw) / (msb + (n0 - 1) * msw), msb = msb, msw = msw, n0 = n0, clusters = k, strata = s,
       n = N, df_between = a$Df[2], df_within = a$Df[3])
}

# A small example (the doc comment's) and one with less variation between clusters than within.
small <- list(y = c(1, 2, 3, 5, 6, 8, 2, 3), cluster = c("a", "a", "a", "b", "b", "b", "c", "c"))
negative <- list(y = c(1, 9, 5, 2, 8, 5, 3, 7, 4), cluster = c(1, 1, 1, 2, 2, 2, 3, 3, 3))
# Three strata, one of them with a single cluster (it contributes no between-cluster df).
three <- list(y = c(4, 5, 7, 9, 8, 6, 2, 3, 3, 1, 10, 12, 11), cluster = c(1, 1, 2, 2, 2, 3, 3, 4, 4, 4, 5, 5, 5),
              stratum = c("x", "x", "x", "x", "x", "y", "y", "y", "y", "y", "z", "z", "z"))

results <- list(
  oneway = icc_oneway(y, cluster),
  nested = icc_nested(y, cluster, stratum),
  small = icc_oneway(small$y, small$cluster),
  negative = icc_oneway(negative$y, negative$cluster),
  three_strata = icc_nested(three$y, three$cluster, three$stratum)
)
stopifnot(results$negative$icc < 0)
deff <- lapply(results[c("oneway", "nested")], function(r) {
  m <- r$n / r$clusters
  list(mean_cluster_size = m, icc = r$icc, deff = 1 + (m - 1) * r$icc)
})
deff$grid <- list(mean_cluster_size = c(1, 5, 10, 25.5), icc = c(0.3, 0.05, 0.05, -0.01))
deff$grid$deff <- 1 + (deff$grid$mean_cluster_size - 1) * deff$grid$icc

out <- list(
  generated_by = "test/reference/intraclass.R",
  r_version = R.version.string,
  packages = list(stats = as.character(packageVersion("stats")), jsonlite = as.character(packageVersion("jsonlite"))),
  data = list(y = y, cluster = cluster, stratum = stratum),
  small_data = small, negative_data = negative, three_strata_data = three,
  results = results, design_effect = deff
)
write_json(out, "test/reference/intraclass.json", digits = NA, auto_unbox = TRUE, pretty = TRUE, na = "null")
cat("one-way ICC", results$oneway$icc, " nested ICC", results$nested$icc, " n =", length(y), "\n")
