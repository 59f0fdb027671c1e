// Package demo writes setara's deterministic demo and benchmark data set: a regions file (in
// national mode), published-style indicators, synthetic survey microdata and OPD program
// outputs, in the input formats of the design (regions, indicators, microdata, programs).
//
// The default data set covers Kota Medan's 21 kecamatan and Sumatera Utara's 33 kabupaten/kota
// for 2018-2024. Every synthetic indicator row carries the source "data contoh (sintetis)"; the
// few real published BPS figures (Sumatera Utara's IKG components for 2022 and 2023) are written
// with their BPS source from the embedded published.csv. The same Options always give the same
// bytes: all randomness comes from math/rand/v2 PCG streams seeded by Options.Seed and the
// region and year being generated.
//
//	files, err := demo.Write(ctx, "demo", demo.DefaultOptions())
//	// files.Indicators, files.Microdata, files.Programs are ready for ingest.LoadFile.
//
// Microdata is streamed through a buffered writer, so national benchmark sets of tens of
// millions of persons never sit in memory.
//
// It belongs to the write side (pipeline/): it writes input files, never the warehouse.
package demo
