DELETE FROM run_context
