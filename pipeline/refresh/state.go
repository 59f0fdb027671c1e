package refresh

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"time"

	"github.com/setara-pug/setara/pipeline/durable"
)

// state is what the refreshes of one warehouse remember between processes (the one-shot
// command and the server share it): when the last one succeeded and failed. It lives beside
// the warehouse as WAREHOUSE.refresh.json, so a restarted server knows whether to catch up and
// its metrics start from the truth.
type state struct {
	LastSuccess time.Time `json:"last_success,omitzero"`
	LastFailure time.Time `json:"last_failure,omitzero"`
	LastError   string    `json:"last_error,omitempty"`
}

func statePath(dbPath string) string { return dbPath + ".refresh.json" }

func readState(path string) (state, error) {
	var s state
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return s, nil
	}
	if err != nil {
		return s, fmt.Errorf("refresh state %s: %w", path, err)
	}
	if err := json.Unmarshal(b, &s); err != nil {
		return state{}, fmt.Errorf("refresh state %s: %w", path, err)
	}
	return s, nil
}

// writeState replaces the state file atomically.
func writeState(path string, s state) error {
	b, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return err
	}
	if err := durable.WriteFile(path, append(b, '\n'), 0o644); err != nil {
		return fmt.Errorf("refresh state %s: %w", path, err)
	}
	return nil
}
