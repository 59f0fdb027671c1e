//go:build !duckdb_arrow

package bench

import (
	"context"
	"errors"
)

var errNoArrow = errors.New("the Flight SQL figures need a setara built with the duckdb_arrow tag")

func stepFlight(context.Context, Spec) (StepResult, error) { return StepResult{}, errNoArrow }

func stepNativeArrow(context.Context, Spec) (StepResult, error) { return StepResult{}, errNoArrow }

func stepStreamArrow(context.Context, Spec) (StepResult, error) { return StepResult{}, errNoArrow }
