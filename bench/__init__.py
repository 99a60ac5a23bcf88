"""`make bench`: speed measurements, each against a baseline measured in the same run."""
