-- Survey design and definitions of microdata (issue: survey standard errors). Optional person
-- columns: the primary sampling unit and stratum of the record (Susenas and Sakernas carry
-- them; without psu each record is its own PSU), and the months since the woman's last live
-- birth (MTF counts births of the last 24 months only). A batch records the survey and round
-- its records come from (`setara ingest --survey`), which microdata estimates carry as source.
ALTER TABLE raw_microdata ADD COLUMN psu VARCHAR;
ALTER TABLE raw_microdata ADD COLUMN strata VARCHAR;
ALTER TABLE raw_microdata ADD COLUMN months_since_last_birth INTEGER;
ALTER TABLE batch ADD COLUMN survey VARCHAR;
