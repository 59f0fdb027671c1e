// Package data holds setara's embedded reference data: BPS region codes and the indicator
// catalog. The default warehouse also lives in this folder (git-ignored).
//
// It is the data wing (data/): reference data the write side loads and the read side names regions
// by.
package data
