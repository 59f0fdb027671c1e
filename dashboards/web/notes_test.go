package web

import (
	"strings"
	"testing"
)

// TestIndexNotesFollowTheLanguage: the stages publish each index note in English (note) and
// Indonesian (note_id); pages show the one of their language.
func TestIndexNotesFollowTheLanguage(t *testing.T) {
	h := NewHandler(fixtureStore(t, fixtureOptions{}), Options{Now: fixedNow, Logger: testLogger(t)})
	_, id, _ := get(t, h, "/?year=2023")
	if !strings.Contains(id, "catatan indonesia: Komponen pendapatan") {
		t.Errorf("Indonesian page does not show the Indonesian index note")
	}
	_, en, _ := get(t, h, "/?year=2023&lang=en")
	if strings.Contains(en, "catatan indonesia") || !strings.Contains(en, "Komponen pendapatan memakai batas") {
		t.Errorf("English page does not show the English (note) text of the index note")
	}
}
