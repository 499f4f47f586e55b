print("engines: (placeholder)")
