DELETE FROM run_exclude
