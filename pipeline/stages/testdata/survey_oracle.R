# The reference computation of setara's microdata estimates and their standard errors with R's
# survey package (Lumley): Rscript survey_oracle.R SURVEY.csv OUT.csv DOMAIN...
#
# The design is svydesign(ids = ~psu, strata = ~strata, weights = ~weight): PSUs drawn with
# replacement within strata, Taylor linearisation. A PSU is its psu code within its region and
# stratum (psu_id below); a record without a psu is a PSU of its own, and the records without
# strata are one stratum. A stratum with one PSU adds nothing to the variance
# (survey.lonely.psu = "certainty"). A domain is a region code prefix (BPS codes nest: 1275010
# is in 1275, which is in 12); an estimate for a domain is taken on a subset of the whole
# design, so PSUs without records of the domain count as zeros.
#
# Each output row: domain, indicator, sex, estimate, se, rse (cv) and cases (the records of
# the domain counted in the numerator; for a mean or a total all records of the domain).
suppressPackageStartupMessages(library(survey))
options(survey.lonely.psu = "certainty")

args <- commandArgs(trailingOnly = TRUE)
df <- read.csv(args[1], colClasses = c(region_code = "character", person_id = "character",
                                       psu = "character", strata = "character",
                                       labour_force_status = "character", ever_married = "logical",
                                       last_birth_in_facility = "logical"))
out_file <- args[2]
domains <- args[-(1:2)]

# a record without a psu is its own PSU
df$psu_id <- ifelse(df$psu == "", paste("record", df$person_id),
                    paste(df$region_code, df$strata, df$psu))
lfs <- ifelse(df$labour_force_status == "", NA, df$labour_force_status)
female <- df$sex == "P"
married <- !is.na(df$ever_married) & df$ever_married
woman <- female & df$age >= 15 & df$age <= 49 & married

# Every indicator: its universe, its variable (the numerator per person) and its scale. A
# share is the ratio of the women's amount to everyone's over the universe.
df$one <- 1
df$lfp <- as.numeric(!is.na(lfs) & lfs %in% c("employed", "unemployed"))
df$rls <- df$years_schooling
df$sma <- as.numeric(!is.na(df$highest_education) & df$highest_education >= 3)
df$sec <- as.numeric(!is.na(df$highest_education) &
                     (df$highest_education >= 2 | (!is.na(df$years_schooling) & df$years_schooling > 6)))
df$mtf <- as.numeric(!is.na(df$last_birth_in_facility) & !df$last_birth_in_facility)
df$mhpk <- as.numeric(!is.na(df$age_at_first_birth) & df$age_at_first_birth < 20)
df$prof <- as.numeric(female)
df$earn <- ifelse(is.na(df$earnings), 0, df$earnings)
df$earn_f <- df$earn * female

spec <- list(
  list(code = "labour_force_participation", var = "lfp", scale = 100, by_sex = TRUE,
       universe = df$age >= 15 & !is.na(lfs)),
  list(code = "mean_schooling", var = "rls", scale = 1, by_sex = TRUE, mean = TRUE,
       universe = df$age >= 25 & !is.na(df$years_schooling)),
  list(code = "senior_high_education", var = "sma", scale = 100, by_sex = TRUE,
       universe = df$age >= 25 & !is.na(df$highest_education)),
  list(code = "secondary_education", var = "sec", scale = 100, by_sex = TRUE,
       universe = df$age >= 25 & !is.na(df$highest_education)),
  list(code = "birth_outside_facility", var = "mtf", scale = 1, women = TRUE,
       universe = woman & !is.na(df$last_birth_in_facility) &
                  !is.na(df$months_since_last_birth) & df$months_since_last_birth <= 24),
  list(code = "first_birth_under_20", var = "mhpk", scale = 1, women = TRUE,
       universe = woman & !is.na(df$age_at_first_birth)),
  list(code = "professional_share", var = "prof", scale = 100, share = TRUE,
       universe = !is.na(lfs) & lfs == "employed" & !is.na(df$occupation_group) &
                  df$occupation_group >= 1 & df$occupation_group <= 3),
  list(code = "earnings_share", var = "earn_f", den = "earn", scale = 100, share = TRUE,
       universe = df$earn > 0),
  list(code = "population", var = "one", scale = 1, by_sex = TRUE, total = TRUE,
       universe = rep(TRUE, nrow(df)))
)

des <- svydesign(ids = ~psu_id, strata = ~strata, weights = ~weight, data = df)

rows <- list()
for (d in domains) {
  in_domain <- startsWith(df$region_code, d)
  for (s in spec) {
    sexes <- if (isTRUE(s$by_sex)) c("P", "L", "T") else "P"
    for (sex in sexes) {
      mask <- in_domain & s$universe
      if (isTRUE(s$women) || (isTRUE(s$by_sex) && sex == "P")) mask <- mask & female
      if (isTRUE(s$by_sex) && sex == "L") mask <- mask & !female
      if (sum(mask) == 0) next
      sub <- des[mask, ]
      f <- as.formula(paste0("~", s$var))
      if (isTRUE(s$total)) {
        r <- svytotal(f, sub)
      } else if (!is.null(s$den)) {
        r <- svyratio(f, as.formula(paste0("~", s$den)), sub)
      } else {
        r <- svymean(f, sub)
      }
      est <- as.numeric(coef(r))
      se <- as.numeric(SE(r))
      cases <- if (isTRUE(s$total) || isTRUE(s$mean)) sum(mask) else sum(mask & df[[s$var]] != 0)
      rows[[length(rows) + 1]] <- data.frame(domain = d, indicator = s$code, sex = sex,
        estimate = sprintf("%.17g", s$scale * est), se = sprintf("%.17g", s$scale * se),
        rse = sprintf("%.17g", se / abs(est)), cases = cases)
    }
  }
}
write.csv(do.call(rbind, rows), out_file, row.names = FALSE, quote = FALSE)
