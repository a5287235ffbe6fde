"""A report's text → typed records: metadata, goals, activities, indicators, chunks; batches of files."""
