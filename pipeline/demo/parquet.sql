-- Converts a generated CSV file to Parquet (benchmarks). The source path comes in as the
-- variable demo_csv; COPY's target cannot be a parameter, so {{target}} is replaced by the
-- quoted output path and {{types}} by the column types of the file's header (from an allowlist).
COPY (
    SELECT * FROM read_csv(getvariable('demo_csv'), header = true, auto_detect = false,
        delim = ',', quote = '"', escape = '"', columns = {{types}})
) TO {{target}} (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 1000000);
