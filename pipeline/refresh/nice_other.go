//go:build !linux

package refresh

// Niced runs fn. Only on Linux does it lower the priority of fn's thread (nice_linux.go).
func Niced(nice int, fn func()) error {
	fn()
	return nil
}
