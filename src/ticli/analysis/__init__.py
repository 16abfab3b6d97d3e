"""Pure functions from entries to what ticli shows: themes, summaries, the brief,
search, privacy detectors and the shapes entries take elsewhere. No I/O."""
