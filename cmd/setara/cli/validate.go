package cli

// validateHelp is the help of `setara validate`: ingest with ingestOptions.dryRun.
var validateHelp = help{
	use:   "validate [--kind K] [--sheet S] [--decimal auto|comma|point] [--strict] [--indicator CODE] [--year YYYY] [--sex P|L|T] [--annotate OUT.xlsx] FILE...",
	short: "Check files as ingest would, and load nothing",
	long:  ingestHelp.long,
	args:  minArgs(1),
}
