// Placeholder replaced by the generator implementation.
print("bwgen: not yet implemented")
