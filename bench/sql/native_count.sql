SELECT count(*) FROM native
