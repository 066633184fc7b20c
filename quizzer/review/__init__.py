"""Remember it: the review loop (a session, answer checking, the FSRS schedule, the store, statistics, progress export)."""
