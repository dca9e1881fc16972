# Reference values for Newcombe's score interval for a difference of paired proportions
# (Newcombe 1998, Stat Med 17:2635-2650, method 10, no continuity correction), written out:
# no Debian R package computes it. The Wilson limits are prop.test(correct = FALSE)'s.
# Checked against the paper's Table II (example a, method 10) before writing the JSON.
# Run from the repo root:  Rscript test/reference/newcombe_paired.R
# Writes test/reference/newcombe_paired.json.
suppressPackageStartupMessages(library(jsonlite))
set.seed(20261201)

wilson <- function(x, n) unname(suppressWarnings(prop.test(x, n, correct = FALSE))$conf.int[1:2])
paired <- function(a, b, c, d) {
  n <- a + b + c + d
  p1 <- (a + b) / n; p2 <- (a + c) / n
  w1 <- wilson(a + b, n); w2 <- wilson(a + c, n)
  A <- (a + b) * (c + d) * (a + c) * (b + d)
  phi <- if (A == 0) 0 else (a * d - b * c) / sqrt(A)
  dl1 <- p1 - w1[1]; du1 <- w1[2] - p1; dl2 <- p2 - w2[1]; du2 <- w2[2] - p2
  diff <- p1 - p2
  list(both = a, treated_only = b, control_only = c, neither = d, difference = diff, phi = phi,
       lower = diff - sqrt(max(0, dl1^2 - 2 * phi * dl1 * du2 + du2^2)),
       upper = diff + sqrt(max(0, du1^2 - 2 * phi * du1 * dl2 + dl2^2)))
}

# Newcombe (1998) Table II, example (a): 36 pairs both, 12 first only, 2 second only, 0
# neither; method 10 gives 0.0569 to 0.3404 (to 4 decimals). With no discordant pairs the
# interval is symmetric about 0 (the last check).
examples <- list(
  list(cells = c(36, 12, 2, 0), lower = 0.0569, upper = 0.3404),
  list(cells = c(0, 0, 0, 10), lower = -0.2775, upper = 0.2775)
)
for (ex in examples) {
  r <- do.call(paired, as.list(ex$cells))
  stopifnot(abs(r$lower - ex$lower) < 5e-5, abs(r$upper - ex$upper) < 5e-5)
}

cases <- rbind(c(36, 12, 2, 0), c(5, 5, 0, 0), c(0, 0, 0, 10), c(6, 4, 2, 0), c(8, 4, 2, 56), c(0, 3, 9, 88),
               c(12, 0, 0, 30), c(0, 10, 10, 0), c(1, 0, 0, 0))
sim <- t(replicate(10, { n <- sample(40:400, 1); p <- rmultinom(1, n, c(0.05, 0.08, 0.1, 0.77)); as.vector(p) }))
cases <- rbind(cases, sim)
out <- lapply(seq_len(nrow(cases)), function(i) do.call(paired, as.list(cases[i, ])))
writeLines(toJSON(list(paired = out), auto_unbox = TRUE, digits = NA, pretty = TRUE), "test/reference/newcombe_paired.json")
