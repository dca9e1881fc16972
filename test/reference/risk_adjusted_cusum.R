# Reference values for the risk-adjusted Bernoulli CUSUM (Steiner, Cook, Farewell & Treasure
# 2000, "Monitoring surgical performance using risk-adjusted cumulative sum charts",
# Biostatistics 1:441-452), written out: no installed R package computes it (CRAN's cusum,
# spcadjust and vlad are not in Debian; Debian's r-cran-spc is not installed here).
#
#   W_t = y_t log(R_A) - log(1 - p_t + R_A p_t),   S_t = max(0, S_{t-1} + W_t),   signal: S_t >= h
#
# 1. Paths: 200 people with seeded risks p_t and outcomes (in control for people 1-70, odds
#    ratio 2.5 for 71-140, 0.3 for 141-200; a few extreme risks), W_t, S_t and the signals
#    (0-based, as riskAdjustedCusum) for R_A = 2 and 0.5, with and without restart at 0 after
#    a signal. The tests compare these to 1e-9.
# 2. In-control ARL by simulation for h = 3.5, R_A = 2, risks resampled with replacement from
#    a fixed pool and outcomes Bernoulli(p_t), 5000 runs, each run until it signals (no cap),
#    with its Monte Carlo SE. The S path is computed by Lindley's recursion in vectorised
#    form (S_t = C_t - min(0, min_{u<=t} C_u), C the cumulative sum of W from S_0), which the
#    script checks against the loop on part 1. cusumThreshold's simulation must agree within
#    Monte Carlo error (not 1e-6). As a check on the simulation itself the script also gives
#    the Markov chain approximation of the ARL (Brook & Evans 1972, Biometrika 59:539-549:
#    S on a grid of N = 2000 steps on [0, h), W rounded to the grid) and asserts that it lies
#    within 3 SEs of the simulated ARL.
#
# Run from the repo root:  Rscript test/reference/risk_adjusted_cusum.R
# Writes test/reference/risk_adjusted_cusum.json (with the R version). The tests only read the JSON.
suppressPackageStartupMessages(library(jsonlite))
set.seed(20261215)

ra_cusum <- function(y, p, RA, h, restart) {
  W <- y * log(RA) - log(1 - p + RA * p)
  S <- numeric(length(y))
  s <- 0
  signals <- integer(0)
  for (t in seq_along(y)) {
    s <- max(0, s + W[t])
    S[t] <- s
    if (s >= h) {
      signals <- c(signals, t - 1L)   # 0-based
      if (restart) s <- 0
    }
  }
  list(odds_ratio = RA, threshold = h, restart = restart, weights = W, path = S, signals = I(signals))
}

# Lindley's recursion in vectorised form, from S_0 = s0 >= 0.
lindley <- function(W, s0 = 0) {
  C <- s0 + cumsum(W)
  C - pmin(0, cummin(C))
}

# 1. Paths.
n <- 200
p <- plogis(rnorm(n, qlogis(0.3), 0.8))
p[c(5, 60, 120, 180)] <- c(1e-4, 0.999, 0.002, 0.98)
true_or <- c(rep(1, 70), rep(2.5, 70), rep(0.3, 60))
odds <- true_or * p / (1 - p)
y <- rbinom(n, 1, odds / (1 + odds))
cases <- list(
  ra_cusum(y, p, 2, 2.5, TRUE),
  ra_cusum(y, p, 2, 2.5, FALSE),
  ra_cusum(y, p, 0.5, 2, TRUE),
  ra_cusum(y, p, 0.5, 2, FALSE)
)
for (cs in cases) {
  stopifnot(length(cs$signals) > 0)
  if (!cs$restart) stopifnot(isTRUE(all.equal(cs$path, lindley(cs$weights), tolerance = 1e-12)))
}

# 2. In-control ARL at h = 3.5, R_A = 2.
pool <- round(plogis(rnorm(40, qlogis(0.25), 0.9)), 4)
h <- 3.5
RA <- 2
runs <- 5000
run_length <- function(h, RA, pool, chunk = 1024) {
  t <- 0
  s <- 0
  repeat {
    pt <- sample(pool, chunk, replace = TRUE)
    yt <- as.numeric(runif(chunk) < pt)
    S <- lindley(yt * log(RA) - log(1 - pt + RA * pt), s)
    hit <- which(S >= h)
    if (length(hit) > 0) return(t + hit[1])
    t <- t + chunk
    s <- S[chunk]
  }
}
rl <- replicate(runs, run_length(h, RA, pool))
arl <- mean(rl)
se <- sd(rl) / sqrt(runs)

# Markov chain approximation (Brook & Evans 1972): states 0..N-1 for S in [0, h) on a grid of
# width h/N; W rounded to the grid; ARL from S_0 = 0 solves (I - Q) L = 1.
markov_arl <- function(h, RA, pool, N) {
  delta <- h / N
  steps <- c(round(-log(1 - pool + RA * pool) / delta), round((log(RA) - log(1 - pool + RA * pool)) / delta))
  probs <- c(1 - pool, pool) / length(pool)
  Q <- matrix(0, N, N)
  for (i in 0:(N - 1)) {
    to <- pmax(0, i + steps)
    keep <- to < N
    agg <- tapply(probs[keep], to[keep], sum)
    Q[i + 1, as.integer(names(agg)) + 1] <- agg
  }
  solve(diag(N) - Q, rep(1, N))[1]
}
arl_markov <- markov_arl(h, RA, pool, 2000)
stopifnot(abs(arl_markov - arl) < 3 * se)

writeLines(toJSON(list(
  r_version = R.version.string,
  expected = p,
  outcome = y,
  cases = cases,
  arl = list(
    threshold = h, odds_ratio = RA, pool = pool, runs = runs,
    arl = arl, se = se, median_run_length = median(rl), sd_run_length = sd(rl),
    markov_arl = arl_markov, markov_grid = 2000
  )
), auto_unbox = TRUE, digits = NA, pretty = TRUE), "test/reference/risk_adjusted_cusum.json")
