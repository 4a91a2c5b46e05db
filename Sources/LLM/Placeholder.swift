// LLM: see ../../DESIGN notes in README.
