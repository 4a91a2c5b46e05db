// Embeddings: see ../../DESIGN notes in README.
