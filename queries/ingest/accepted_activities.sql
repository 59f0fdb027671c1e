-- The activities a programs file declares: its accepted rows' keys (a dry run keeps them for
-- the gbs files validated after it in this session, whose rows must name a known activity).
SELECT c.year, c.opd_code, c.program, c.activity
FROM checked c ANTI JOIN dup d ON c.line = d.line WHERE c.ok;
