-- Empties the structural rejects before a Go reader lands a file (again).
DELETE FROM land_reject;
