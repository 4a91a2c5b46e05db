// TesseraStorage: see ../../DESIGN notes in README.
