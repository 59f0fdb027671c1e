-- Every OPD code with its latest name (the upload page names a contributor's OPDs).
SELECT opd_code, arg_max(opd_name, year) FROM program_summary GROUP BY opd_code;
