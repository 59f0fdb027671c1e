-- The catalog's names of each indicator, for the title of a BPS-style table.
SELECT code, name_id, name_en, coalesce(aliases, '') FROM ref_indicator ORDER BY code;
