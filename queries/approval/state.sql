SELECT run_id, coalesce(snapshot, ''), standing, decided_by, decided_at, coalesce(reason, '')
FROM run_approval_state
WHERE run_id = ?
