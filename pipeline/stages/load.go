package stages

import (
	"bufio"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strings"
)

// Stage is one stage file.
type Stage struct {
	Name    string   // the file's base name without .sql
	File    string   // path as reported in errors, e.g. queries/stages/indices/gender_index.sql
	Layer   string   // the directory under stages/
	Depends []string // names of the stages that must run first
	Creates string   // schema.table whose rows are counted after the stage; may be empty
	SQL     string
}

// Check is one check file: a query returning the offending rows.
type Check struct {
	Name     string
	Title    string // what the check asks, in words: the first sentence of its leading comment
	File     string
	Severity string // SeverityBlocking or SeverityWarning
	Depends  []string
	SQL      string
}

// Check severities.
const (
	SeverityBlocking = "blocking"
	SeverityWarning  = "warning"
)

// runnerDir holds the runner's own statements; it is not a layer of stages.
const runnerDir = "stages/runner"

var (
	stageName = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)
	tableName = regexp.MustCompile(`^[a-z_][a-z0-9_]*\.[a-z_][a-z0-9_]*$`)
)

// Load reads the stages (stages/LAYER/NAME.sql) and checks (checks/NAME.sql) of fsys and
// returns the stages in dependency order (ties broken by name) and the checks by name. A
// dependency cycle, an unknown dependency, a duplicate name or a bad header is an error that
// names the files involved.
func Load(fsys fs.FS) ([]Stage, []Check, error) {
	stageFiles, err := fs.Glob(fsys, "stages/*/*.sql")
	if err != nil {
		return nil, nil, err
	}
	byName := map[string]Stage{}
	for _, f := range stageFiles {
		if path.Dir(f) == runnerDir {
			continue
		}
		h, body, err := readFile(fsys, f)
		if err != nil {
			return nil, nil, err
		}
		st := Stage{Name: nameOf(f), File: "queries/" + f, Layer: path.Base(path.Dir(f)), SQL: body}
		for k, v := range h {
			switch k {
			case "depends":
				st.Depends = splitList(v)
			case "creates":
				if !tableName.MatchString(v) {
					return nil, nil, fmt.Errorf("%s: creates %q: want schema.table in lower case", st.File, v)
				}
				st.Creates = v
			default:
				return nil, nil, fmt.Errorf("%s: unknown header %q (want depends or creates)", st.File, k)
			}
		}
		if !stageName.MatchString(st.Name) {
			return nil, nil, fmt.Errorf("%s: stage name %q: want lower case letters, digits and _", st.File, st.Name)
		}
		if prev, dup := byName[st.Name]; dup {
			return nil, nil, fmt.Errorf("%s and %s: both define stage %s", prev.File, st.File, st.Name)
		}
		byName[st.Name] = st
	}
	ordered, err := order(byName)
	if err != nil {
		return nil, nil, err
	}
	checks, err := loadChecks(fsys, byName)
	if err != nil {
		return nil, nil, err
	}
	return ordered, checks, nil
}

func loadChecks(fsys fs.FS, stages map[string]Stage) ([]Check, error) {
	files, err := fs.Glob(fsys, "checks/*.sql")
	if err != nil {
		return nil, err
	}
	sort.Strings(files)
	var checks []Check
	for _, f := range files {
		h, body, err := readFile(fsys, f)
		if err != nil {
			return nil, err
		}
		c := Check{Name: nameOf(f), File: "queries/" + f, Title: titleOf(body), SQL: strings.TrimSuffix(strings.TrimSpace(body), ";")}
		for k, v := range h {
			switch k {
			case "severity":
				c.Severity = v
			case "depends":
				c.Depends = splitList(v)
			default:
				return nil, fmt.Errorf("%s: unknown header %q (want severity or depends)", c.File, k)
			}
		}
		if c.Severity != SeverityBlocking && c.Severity != SeverityWarning {
			return nil, fmt.Errorf("%s: check %s: severity %q: want blocking or warning", c.File, c.Name, c.Severity)
		}
		for _, d := range c.Depends {
			if _, ok := stages[d]; !ok {
				return nil, fmt.Errorf("%s: check %s: depends on unknown stage %q", c.File, c.Name, d)
			}
		}
		checks = append(checks, c)
	}
	return checks, nil
}

// order sorts stages topologically; among stages ready at the same time, by name.
func order(byName map[string]Stage) ([]Stage, error) {
	names := make([]string, 0, len(byName))
	for n := range byName {
		names = append(names, n)
	}
	sort.Strings(names)
	waiting := map[string]int{}
	dependents := map[string][]string{}
	for _, n := range names {
		st := byName[n]
		for _, d := range st.Depends {
			if _, ok := byName[d]; !ok {
				return nil, fmt.Errorf("%s: stage %s: depends on unknown stage %q", st.File, st.Name, d)
			}
			waiting[n]++
			dependents[d] = append(dependents[d], n)
		}
	}
	var ready, out []string
	for _, n := range names {
		if waiting[n] == 0 {
			ready = append(ready, n)
		}
	}
	for len(ready) > 0 {
		sort.Strings(ready)
		n := ready[0]
		ready = ready[1:]
		out = append(out, n)
		for _, d := range dependents[n] {
			waiting[d]--
			if waiting[d] == 0 {
				ready = append(ready, d)
			}
		}
	}
	if len(out) < len(names) {
		return nil, cycleError(byName, waiting)
	}
	stages := make([]Stage, len(out))
	for i, n := range out {
		stages[i] = byName[n]
	}
	return stages, nil
}

// cycleError names one cycle among the stages that could not be ordered, file by file.
func cycleError(byName map[string]Stage, waiting map[string]int) error {
	var stuck []string
	for n, w := range waiting {
		if w > 0 {
			stuck = append(stuck, n)
		}
	}
	sort.Strings(stuck)
	// Walk dependencies from the first stuck stage, staying among stuck stages, until a stage
	// repeats: the path from its first visit is a cycle.
	seen := map[string]int{}
	var walk []string
	n := stuck[0]
	for {
		if i, ok := seen[n]; ok {
			walk = append(walk[i:], n)
			break
		}
		seen[n] = len(walk)
		walk = append(walk, n)
		deps := append([]string(nil), byName[n].Depends...)
		sort.Strings(deps)
		for _, d := range deps {
			if waiting[d] > 0 {
				n = d
				break
			}
		}
	}
	parts := make([]string, len(walk))
	for i, s := range walk {
		parts[i] = fmt.Sprintf("%s (%s)", byName[s].File, s)
	}
	return fmt.Errorf("dependency cycle: %s", strings.Join(parts, " -> "))
}

// readFile returns the header lines ("-- key: value" in the leading comment block) and the body.
func readFile(fsys fs.FS, name string) (map[string]string, string, error) {
	b, err := fs.ReadFile(fsys, name)
	if err != nil {
		return nil, "", fmt.Errorf("queries/%s: %w", name, err)
	}
	header := map[string]string{}
	sc := bufio.NewScanner(strings.NewReader(string(b)))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		comment, ok := strings.CutPrefix(line, "--")
		if !ok {
			break
		}
		key, value, ok := strings.Cut(strings.TrimSpace(comment), ":")
		key = strings.TrimSpace(key)
		if !ok || !isHeaderKey(key) {
			continue
		}
		if _, dup := header[key]; dup {
			return nil, "", fmt.Errorf("queries/%s: header %q given twice", name, key)
		}
		header[key] = strings.TrimSpace(value)
	}
	return header, string(b), nil
}

// isHeaderKey tells a header line from prose: headers are one known lower-case word.
func isHeaderKey(k string) bool {
	switch k {
	case "depends", "creates", "severity":
		return true
	}
	return false
}

// titleOf is the first sentence of the leading comment of a check file (its prose, not its
// header lines).
func titleOf(body string) string {
	var words []string
	for _, line := range strings.Split(body, "\n") {
		comment, ok := strings.CutPrefix(strings.TrimSpace(line), "--")
		if !ok {
			break
		}
		comment = strings.TrimSpace(comment)
		if key, _, ok := strings.Cut(comment, ":"); ok && isHeaderKey(strings.TrimSpace(key)) {
			break
		}
		words = append(words, comment)
		if strings.HasSuffix(comment, ".") {
			break
		}
	}
	t := strings.Join(words, " ")
	if i := strings.Index(t, ". "); i >= 0 {
		t = t[:i+1]
	}
	return strings.TrimSuffix(t, ".")
}

func nameOf(file string) string { return strings.TrimSuffix(path.Base(file), ".sql") }

func splitList(v string) []string {
	var out []string
	for _, s := range strings.Split(v, ",") {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}
