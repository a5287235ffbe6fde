"""Reading files: text, PDF by position (and OCR of scanned pages), page furniture; the errors of bad input."""
