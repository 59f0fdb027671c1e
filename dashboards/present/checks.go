package present

// checkTitles names the checks of queries/checks in words: check name -> {Indonesian, English}.
// The run itself words a failure from the first sentence of the check file (English); the
// web says it in the page's language from here.
var checkTitles = map[string][2]string{
	"constants_present":            {"Setiap konstanta rumus tersedia", "Every constant the formulas use is defined"},
	"gender_index_in_range":        {"Setiap nilai indeks berada dalam rentang sahnya", "Every index value lies within its valid range"},
	"gender_index_key_unique":      {"Satu nilai per indeks, wilayah dan tahun", "One value per index, region and year"},
	"indicator_value_key_not_null": {"Kunci sel indikator lengkap", "Indicator cells have complete keys"},
	"indicator_value_key_unique":   {"Satu nilai per sel indikator", "One value per indicator cell"},
	"microdata_weight_positive":    {"Bobot survei lebih dari nol", "Survey weights are above zero"},
	"program_denominator_positive": {"Anggaran dan target keluaran lebih dari nol", "Budgets and output targets are above zero"},
	"program_summary_key_unique":   {"Satu ringkasan program per OPD dan tahun", "One program summary per OPD and year"},
	"sex_total_consistency":        {"Total sesuai dengan nilai perempuan dan laki-laki", "Totals agree with the female and male values"},
	"unreliable_cells":             {"Estimasi mikrodata dengan sampel cukup", "Microdata estimates with enough records"},
}

// CheckTitle is the name in words of the check called name, in l; ok is false for a check
// the catalog does not know (one added later).
func (l Lang) CheckTitle(name string) (title string, ok bool) {
	t, ok := checkTitles[name]
	if !ok {
		return "", false
	}
	return l.Pick(t[0], t[1]), true
}
