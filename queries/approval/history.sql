SELECT run_id, decision, decided_by, decided_at, coalesce(reason, '')
FROM run_approval
ORDER BY approval_id
