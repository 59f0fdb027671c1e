UPDATE run SET finished_at = ?, status = ?, error = ?, snapshot = ? WHERE run_id = ?
