"""Named errors for bad input. Each names the file and the reason, so a batch can
report it and go on with the other files."""

from __future__ import annotations


class ReportError(ValueError):
    """A file that cannot be read or parsed; `file` and `reason` are kept apart for reports."""

    def __init__(self, file: str, reason: str, line: int | None = None) -> None:
        self.file = file
        self.reason = reason
        self.line = line
        where = f"{file}:{line}" if line is not None else file
        super().__init__(f"{where}: {reason}")


class EmptyFileError(ReportError):
    """The file holds no text at all."""


class NotTextError(ReportError):
    """Binary content where text was expected (NUL bytes, control characters)."""


class EncodingError(ReportError):
    """Text in an encoding that is neither UTF-8 nor Windows-1252/Latin-1."""


class CorruptPdfError(ReportError):
    """pypdf could not read the PDF's structure (truncated or damaged)."""


class EncryptedPdfError(ReportError):
    """The PDF needs a password to open."""


class NoTextLayerError(ReportError):
    """The PDF has pages but no extractable text: a scan without OCR."""


class FileTooLargeError(ReportError):
    """The file is over the configured size limit."""


class RepetitiveTextError(ReportError):
    """Text that repeats a handful of words over and over: no report."""


class UnsupportedFileError(ReportError):
    """A file type the tool does not read."""
