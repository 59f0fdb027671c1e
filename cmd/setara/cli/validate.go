package cli

// validateHelp is the help of `setara validate`: ingest with ingestOptions.dryRun.
var validateHelp = help{
	use:   "validate [--kind K] [--sheet S] [--decimal auto|comma|point] [--strict] FILE...",
	short: "Check files as ingest would, and load nothing",
	args:  minArgs(1),
}
