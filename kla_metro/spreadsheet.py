"""Spreadsheet safety shared by every export: typed text is never run as a formula."""

# A cell starting with one of these is run as a formula by spreadsheet programs.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def looks_like_formula(value) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_PREFIXES)


def cell_keep_text(cell) -> None:
    """Mark an openpyxl cell holding formula-like text as quoted text: shown as written, never evaluated."""
    if looks_like_formula(cell.value):
        cell.data_type = "s"
        cell.quotePrefix = True
