# R side of bench/models.ts: fits one model to the benchmark CSV as the JS reproduces it.
#
#   Rscript bench/models.R DATA.csv MODEL REPEATS
#
# MODEL is cox, kaplan_meier, cr2_ancova or matching. Loads the package and reads the CSV
# (not timed), does one warm-up fit whose key estimate it reports, then REPEATS timed fits
# (elapsed seconds of the fit only). Prints one JSON object of arrays:
#   {"estimate": [...], "seconds": [...], "package": ["name version"]},
# or {"missing": ["pkg"]} when the package is absent.

args <- commandArgs(trailingOnly = TRUE)
csv <- args[1]
model <- args[2]
repeats <- as.integer(args[3])

# JSON of a named list of vectors, via jsonlite when installed, else by hand.
emit <- function(x) {
  if (requireNamespace("jsonlite", quietly = TRUE)) {
    cat(jsonlite::toJSON(x, digits = NA), "\n")
  } else {
    values <- vapply(x, function(v) paste(if (is.character(v)) sprintf('"%s"', v) else sprintf("%.17g", v), collapse = ","), "")
    cat("{", paste0('"', names(x), '":[', values, "]", collapse = ","), "}\n", sep = "")
  }
}

package <- c(cox = "survival", kaplan_meier = "survival", cr2_ancova = "clubSandwich", matching = "MatchIt")[[model]]
if (!requireNamespace(package, quietly = TRUE)) {
  emit(list(missing = package))
  quit(status = 0)
}
suppressPackageStartupMessages(library(package, character.only = TRUE))
d <- read.csv(csv)

# Each model: the fit (the part timed) and its key estimate, as the doc comments of the JS name them.
fit <- switch(model,
  cox = function() coxph(Surv(time, event) ~ treat + risk + age, data = d, ties = "efron"),
  kaplan_meier = function() survfit(Surv(time, event) ~ 1, data = d),
  cr2_ancova = function() coef_test(lm(post ~ pre + treat, data = d), vcov = "CR2", cluster = d$group, test = "Satterthwaite"),
  matching = function() matchit(referred ~ risk + age, data = d, method = "nearest", distance = "glm",
    link = "linear.logit", caliper = 0.2, m.order = "largest", replace = FALSE, ratio = 1)
)
estimate <- switch(model,
  cox = function(f) unname(coef(f)["treat"]),
  kaplan_meier = function(f) f$surv[max(which(f$time <= median(d$time)))],
  cr2_ancova = function(f) unlist(f[f$Coef == "treat", c("beta", "SE")], use.names = FALSE),
  matching = function(f) sum(!is.na(f$match.matrix))
)

warm <- fit()
seconds <- vapply(seq_len(repeats), function(i) system.time(fit())[["elapsed"]], 0)
emit(list(estimate = estimate(warm), seconds = seconds, package = paste(package, packageVersion(package))))
