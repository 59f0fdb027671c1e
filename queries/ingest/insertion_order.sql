-- The one pass numbers the rows in the order they are appended: only when DuckDB keeps it.
SELECT current_setting('preserve_insertion_order');
