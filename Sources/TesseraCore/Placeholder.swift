// TesseraCore: see ../../DESIGN notes in README.
