# Reference values for power and sample size: the noncentral t distribution
# (pt(q, df, ncp), AS 243), power.prop.test and power.t.test (two-sided, strict = FALSE),
# and Schoenfeld's events formula, which R has no function for and which is written out here
# with qnorm / pnorm.
# Run from the repo root:  Rscript test/reference/power.R
# Writes test/reference/power.json (inputs and R's results). Needs only base R and jsonlite.
#
# power.prop.test and power.t.test solve for n, p2 or delta with uniroot at the default
# tol = .Machine$double.eps^0.25 (about 1.2e-4 absolute); the solutions here pass tol = 1e-12
# so that they are the roots to full precision, which is what the JavaScript finds. The
# script checks that the power at each root equals the target and that R's default tolerance
# gives the same root to within its tolerance.
suppressPackageStartupMessages(library(jsonlite))

# --- noncentral t: pt(q, df, ncp) over a grid, both tails -------------------------------
grid <- expand.grid(q = c(-6, -2.5, -1, -0.2, 0, 0.3, 1, 1.96, 3, 5, 12),
                    df = c(2, 3, 4.5, 10, 29, 100, 500),
                    ncp = c(0, 0.25, 1, 2.8, 5, 10, -1.5))
# The branches of pnt.c outside the series: df > 4e5 and |ncp| > 37.62 use the normal
# approximation of Abramowitz & Stegun 26.7.10; q < 0 with ncp > 40 is 0 at once.
extra <- data.frame(q = c(2, -1, 3, 40, 45, -0.5, 1e-3), df = c(5e5, 2e6, 20, 60, 60, 8, 15),
                    ncp = c(1.5, -0.7, 38, 39, 41, 41, 0.1))
grid <- rbind(grid, extra)
nct <- list(q = grid$q, df = grid$df, ncp = grid$ncp,
            lower = pt(grid$q, grid$df, grid$ncp), upper = pt(grid$q, grid$df, grid$ncp, lower.tail = FALSE))

# --- power.prop.test ---------------------------------------------------------------------
prop_power <- expand.grid(n = c(20, 150, 600), p1 = c(0.05, 0.3, 0.62), p2 = c(0.1, 0.45, 0.9), sig = c(0.05, 0.01))
prop_power$power <- mapply(function(n, p1, p2, sig) power.prop.test(n = n, p1 = p1, p2 = p2, sig.level = sig)$power,
                           prop_power$n, prop_power$p1, prop_power$p2, prop_power$sig)

prop_n <- data.frame(p1 = c(0.3, 0.3, 0.05, 0.5, 0.6, 0.42, 0.1), p2 = c(0.4, 0.2, 0.08, 0.6, 0.35, 0.44, 0.5),
                     power = c(0.8, 0.9, 0.8, 0.5, 0.95, 0.8, 0.3), sig = c(0.05, 0.05, 0.05, 0.01, 0.05, 0.1, 0.05))
prop_n$n <- mapply(function(p1, p2, power, sig) power.prop.test(p1 = p1, p2 = p2, power = power, sig.level = sig, tol = 1e-12)$n,
                   prop_n$p1, prop_n$p2, prop_n$power, prop_n$sig)

prop_p2 <- data.frame(n = c(200, 200, 50, 1000, 412, 30, 80), p1 = c(0.3, 0.05, 0.5, 0.25, 0.33, 0.1, 0.7),
                      power = c(0.8, 0.8, 0.9, 0.8, 0.8, 0.5, 0.8), sig = c(0.05, 0.05, 0.05, 0.01, 0.05, 0.05, 0.1))
prop_p2$p2 <- mapply(function(n, p1, power, sig) power.prop.test(n = n, p1 = p1, power = power, sig.level = sig, tol = 1e-12)$p2,
                     prop_p2$n, prop_p2$p1, prop_p2$power, prop_p2$sig)
# Each root has the target power, R's default tolerance agrees to its tolerance, and the
# power rises with p2 on (p1, 1] (until it is 1 to 1e-9, then flat to rounding), so the root is unique.
for (i in seq_len(nrow(prop_p2))) with(prop_p2[i, ], {
  stopifnot(abs(power.prop.test(n = n, p1 = p1, p2 = p2, sig.level = sig)$power - power) < 1e-10)
  stopifnot(abs(power.prop.test(n = n, p1 = p1, power = power, sig.level = sig)$p2 - p2) < 1e-3)
  pw <- sapply(seq(p1 + 1e-6, 1, length.out = 2000), function(x) power.prop.test(n = n, p1 = p1, p2 = x, sig.level = sig)$power)
  stopifnot(all(diff(pw) > 0 | pw[-1] > 1 - 1e-9), all(diff(pw) > -1e-15))
})
for (i in seq_len(nrow(prop_n))) with(prop_n[i, ], {
  stopifnot(abs(power.prop.test(n = n, p1 = p1, p2 = p2, sig.level = sig)$power - power) < 1e-10)
})
# n = 20 and p1 = 0.5 cannot reach 99% power with any p2 <= 1: R warns and returns p2 > 1.
prop_unreachable <- list(n = 20, p1 = 0.5, power = 0.99,
                         p2 = suppressWarnings(power.prop.test(n = 20, p1 = 0.5, power = 0.99)$p2))
stopifnot(prop_unreachable$p2 > 1)

# --- power.t.test (two.sample, two.sided, strict = FALSE) --------------------------------
t_power <- expand.grid(n = c(2, 3.5, 12, 60, 400), delta = c(0.1, 0.5, 1.3, 4), sd = c(1, 2.5), sig = c(0.05, 0.01))
t_power$power <- mapply(function(n, delta, sd, sig) power.t.test(n = n, delta = delta, sd = sd, sig.level = sig)$power,
                        t_power$n, t_power$delta, t_power$sd, t_power$sig)
t_n <- data.frame(delta = c(1, 0.5, 0.2, 3, 8, 0.05, 1.1, -0.4), sd = c(1, 1, 1, 2, 1, 1, 1.7, 1),
                  power = c(0.8, 0.9, 0.8, 0.95, 0.8, 0.9, 0.5, 0.8), sig = c(0.05, 0.05, 0.01, 0.05, 0.05, 0.05, 0.1, 0.05))
t_n$n <- mapply(function(delta, sd, power, sig) power.t.test(delta = delta, sd = sd, power = power, sig.level = sig, tol = 1e-12)$n,
                t_n$delta, t_n$sd, t_n$power, t_n$sig)
t_delta <- data.frame(n = c(20, 20, 5, 100, 2.5, 1500, 64), sd = c(1, 2, 1, 1, 1, 3.2, 1),
                      power = c(0.8, 0.8, 0.9, 0.8, 0.8, 0.9, 0.3), sig = c(0.05, 0.05, 0.05, 0.01, 0.05, 0.05, 0.05))
t_delta$delta <- mapply(function(n, sd, power, sig) power.t.test(n = n, sd = sd, power = power, sig.level = sig, tol = 1e-12)$delta,
                        t_delta$n, t_delta$sd, t_delta$power, t_delta$sig)
for (i in seq_len(nrow(t_n))) with(t_n[i, ], {
  stopifnot(abs(power.t.test(n = n, delta = delta, sd = sd, sig.level = sig)$power - power) < 1e-10)
  stopifnot(abs(power.t.test(delta = delta, sd = sd, power = power, sig.level = sig)$n - n) < 1e-3)
})
for (i in seq_len(nrow(t_delta))) with(t_delta[i, ], {
  stopifnot(abs(power.t.test(n = n, delta = delta, sd = sd, sig.level = sig)$power - power) < 1e-10)
})

# --- Schoenfeld (1983) events, written out -----------------------------------------------
# D = (z_{1-a/2} + z_power)^2 / (pi (1 - pi) log(HR)^2);  HR = exp((z_{1-a/2} + z_power) / sqrt(D pi (1 - pi)));
# power = pnorm(sqrt(D pi (1 - pi)) |log HR| - z_{1-a/2}).
schoenfeld_events <- function(hr, power, sig, pi) (qnorm(1 - sig / 2) + qnorm(power))^2 / (pi * (1 - pi) * log(hr)^2)
schoenfeld_hr <- function(d, power, sig, pi) exp((qnorm(1 - sig / 2) + qnorm(power)) / sqrt(d * pi * (1 - pi)))
schoenfeld_power <- function(d, hr, sig, pi) pnorm(sqrt(d * pi * (1 - pi)) * abs(log(hr)) - qnorm(1 - sig / 2))
s_events <- data.frame(hr = c(0.7, 0.7, 1.5, 0.85, 2, 0.5), power = c(0.8, 0.9, 0.8, 0.8, 0.5, 0.95),
                       sig = c(0.05, 0.05, 0.01, 0.05, 0.05, 0.1), pi = c(0.5, 0.5, 0.5, 1 / 3, 0.7, 0.25))
s_events$events <- with(s_events, schoenfeld_events(hr, power, sig, pi))
s_hr <- data.frame(events = c(250, 40, 1000, 97.5, 600), power = c(0.8, 0.8, 0.9, 0.8, 0.5),
                   sig = c(0.05, 0.05, 0.05, 0.01, 0.05), pi = c(0.5, 0.3, 0.5, 0.5, 0.8))
s_hr$hr <- with(s_hr, schoenfeld_hr(events, power, sig, pi))
s_power <- data.frame(events = c(250, 40, 1000, 97.5), hr = c(0.7, 1.6, 1.1, 0.5), sig = c(0.05, 0.05, 0.05, 0.01), pi = c(0.5, 0.3, 0.5, 0.6))
s_power$power <- with(s_power, schoenfeld_power(events, hr, sig, pi))
# The inverses agree with the events formula.
stopifnot(isTRUE(all.equal(schoenfeld_events(s_hr$hr, s_hr$power, s_hr$sig, s_hr$pi), s_hr$events, tolerance = 1e-12)))
stopifnot(isTRUE(all.equal(schoenfeld_power(s_events$events, s_events$hr, s_events$sig, s_events$pi), s_events$power, tolerance = 1e-12)))

out <- list(
  generated_by = "test/reference/power.R",
  r_version = R.version.string,
  packages = list(stats = as.character(packageVersion("stats")), jsonlite = as.character(packageVersion("jsonlite"))),
  uniroot_note = "n, p2 and delta solved with tol = 1e-12 (R's default tol is .Machine$double.eps^0.25)",
  noncentral_t = nct,
  prop_power = as.list(prop_power), prop_n = as.list(prop_n), prop_p2 = as.list(prop_p2), prop_unreachable = prop_unreachable,
  t_power = as.list(t_power), t_n = as.list(t_n), t_delta = as.list(t_delta),
  schoenfeld_events = as.list(s_events), schoenfeld_hr = as.list(s_hr), schoenfeld_power = as.list(s_power)
)
write_json(out, "test/reference/power.json", digits = NA, auto_unbox = TRUE, pretty = TRUE, na = "null")
