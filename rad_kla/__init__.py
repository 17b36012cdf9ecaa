"""RAD KLA: action plan per OPD, yearly targets and budgets, realisations and their verification."""
