package ingest

import (
	"context"
	"fmt"
	"strings"
	"testing"
)

// Each case is a small file with known good and bad rows; every problem message is kept in
// testdata/problems.golden (review the diff after -update).
func TestValidationRules(t *testing.T) {
	cases := []struct {
		name     string
		file     string
		opts     Options
		body     string
		accepted int64
		rejected int64
		query    string // optional: a query over the warehouse and its expected text
		want     string
	}{
		{"indicators synonyms and ranges", "ind.csv", Options{}, "region_code,year,indicator,sex,value\n" +
			"1275,2020,UHH,female,70\n1275,2020,hls,Laki-Laki,13\n1275,2020,tpak,t,60\n" + // good
			"1275,1899,uhh,P,70\n1275,2020,mtf,L,0.1\n1275,2020,uhh,L,101\n1275,2020,lfpr,wanita,NaN\n" +
			"1275,2021,tpak,P,50\n1275,2021,labour_force_participation,F,51\n", 3, 6, "", ""},
		{"indicators decimal comma declared", "comma.csv", Options{Decimal: "comma"}, "region_code;year;indicator;sex;value\n" +
			"1275;2020;population;T;2.460.858\n1275;2020;uhh;P;73,5\n1275;2020;uhh;L;7.35\n", 2, 1,
			`SELECT string_agg(value::VARCHAR, ' ' ORDER BY line) FROM raw_indicator`, "2460858.0 73.5"},
		{"microdata", "micro.csv", Options{}, "region_code,year,person_id,weight,sex,age,years_schooling,highest_education,labour_force_status,occupation_group,earnings,ever_married,last_birth_in_facility,age_at_first_birth\n" +
			"1275010,2024,a,1.5,P,30,12,3,bekerja,2,3000000,ya,y,22\n" +
			"1275010,2024,b,1.5,L,40,,,,,,,,\n" +
			"1275010,2024,c,0,P,30,,,,,,,,\n" +
			"1275010,2024,d,1,T,30,,,,,,,,\n" +
			"1275010,2024,e,1,P,121,,,,,,,,\n" +
			"1275010,2024,f,1,P,30,,8,,,,,,\n" +
			"1275010,2024,g,1,P,30,,,pengangguran,3,,,,\n" +
			"1275010,2024,h,1,P,30,,,retired,,,,,\n" +
			"1275010,2024,i,1,P,30,,,employed,10,,,,\n" +
			"1275010,2024,j,1,P,30,,,,,-5,,,\n" +
			"1275010,2024,k,1,P,30,,,,,,maybe,,\n" +
			"1275010,2024,l,1,P,20,,,,,,,,25\n" +
			"1275010,2024,a,1,P,30,,,,,,,,\n", 1, 12, "", ""},
		{"programs", "prog.csv", Options{}, "year,opd_code,opd_name,program,activity,budget,realization,gender_responsive,target_groups,output_indicator,output_target,output_realized,beneficiaries_male,beneficiaries_female\n" +
			"2024,1.02,Dinkes,P1,A1,1000000,900000,ya,Lansia; perempuan,x,10,9,5,6\n" +
			"2024,1.02,Dinkes,P1,A2,1000000,900000,0,,,,,,\n" +
			"2024,1.02,Dinkes,P1,A3,-1,0,1,,,,,,\n" +
			"2024,1.02,Dinkes,P1,A4,1,-1,1,,,,,,\n" +
			"2024,1.02,Dinkes,P1,A5,1,1,mungkin,,,,,,\n" +
			"2024,1.02,Dinkes,P1,A6,1,1,1,perempuan;pemuda,,,,,\n" +
			"2024,1.02,Dinkes,P1,A7,1,1,1,,,,,1.5,\n" +
			"2024,,Dinkes,P1,A8,1,1,1,,,,,,\n", 2, 6,
			`SELECT string_agg(activity || array_to_string(target_groups, '+') || gender_responsive, ' ' ORDER BY line) FROM raw_program`, "A1lansia+perempuantrue A2false"},
		{"regions", "reg.csv", Options{}, "region_code,name,level,parent_code\n" +
			"Q1,Q one,desa,Q2\nQ2,Q two,kecamatan,1275\nQ3,,village,\nQ4,Q four,hamlet,\nQ5,Q five,village,NOPE\nQ6,Q six,village,Q6\n", 2, 4, "", ""},
	}
	var golden strings.Builder
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			db := openWarehouse(t)
			path := writeFile(t, t.TempDir(), c.file, c.body)
			c.opts.Now = fixedNow
			res, err := LoadFile(context.Background(), db, path, c.opts)
			if err != nil {
				t.Fatal(err)
			}
			if res.Accepted != c.accepted || res.Rejected != c.rejected {
				t.Errorf("accepted %d, rejected %d; want %d, %d\n%v", res.Accepted, res.Rejected, c.accepted, c.rejected, res.Problems)
			}
			if c.query != "" {
				var got string
				if err := db.QueryRow(c.query).Scan(&got); err != nil || got != c.want {
					t.Errorf("%s = %q, %v; want %q", c.query, got, err, c.want)
				}
			}
			fmt.Fprintf(&golden, "# %s\n", c.name)
			for _, p := range res.Problems {
				golden.WriteString(p.String() + "\n")
			}
		})
	}
	checkGolden(t, "problems.golden", golden.String())
}

func TestDetectKind(t *testing.T) {
	for _, c := range []struct {
		header []string
		want   string
	}{
		{[]string{"Region_Code", "YEAR", "indicator", "sex", "value"}, "indicators"},
		{[]string{"region_code", "name", "level"}, "regions"},
		{[]string{"region_code", "year", "person_id", "weight", "sex", "age", "extra"}, "microdata"},
		{[]string{"year", "opd_code", "opd_name", "program", "activity", "budget", "realization", "gender_responsive"}, "programs"},
		{[]string{"region_code", "year"}, ""},
	} {
		got, err := DetectKind(c.header)
		if got != c.want || (err == nil) != (c.want != "") {
			t.Errorf("DetectKind(%v) = %q, %v; want %q", c.header, got, err, c.want)
		}
	}
}
