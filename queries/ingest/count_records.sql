-- The records DuckDB's CSV reader read, and the lines it set aside (land_reject). The table
-- of the records (land, or check_row) is a constant of the loader, put in for the marker.
SELECT (SELECT count(*) FROM /*table*/), (SELECT count(*) FROM land_reject);
