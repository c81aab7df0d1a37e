"""The importer: exported sheets → one neutral sheet record → convert → front matter files."""
