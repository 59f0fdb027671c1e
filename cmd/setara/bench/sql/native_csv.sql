-- The yardstick of CSV ingestion: DuckDB's own reader loading the microdata file into a table,
-- with the column types given (no detection), no validation, no line numbers, no batch.
CREATE TABLE native AS
SELECT * FROM read_csv(?, header = true, auto_detect = false, delim = ',', quote = '"', escape = '"',
    columns = {'region_code': 'VARCHAR', 'year': 'INTEGER', 'person_id': 'VARCHAR', 'weight': 'DOUBLE',
        'sex': 'VARCHAR', 'age': 'INTEGER', 'years_schooling': 'DOUBLE', 'highest_education': 'TINYINT',
        'labour_force_status': 'VARCHAR', 'occupation_group': 'TINYINT', 'earnings': 'DOUBLE',
        'ever_married': 'BOOLEAN', 'last_birth_in_facility': 'BOOLEAN', 'age_at_first_birth': 'INTEGER',
        'psu': 'VARCHAR', 'strata': 'VARCHAR', 'months_since_last_birth': 'INTEGER'})
