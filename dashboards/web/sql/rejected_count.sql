SELECT count(*) FROM rejected_rows;
