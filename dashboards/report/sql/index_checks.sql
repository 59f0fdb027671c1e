-- $1 region: its published index values beside setara's (index_check), every year.
SELECT year, index_code, published, computed, agrees, precision, coalesce(source, '')
FROM index_check WHERE region_code = $1 ORDER BY index_code, year
