// VectorIndex: see ../../DESIGN notes in README.
