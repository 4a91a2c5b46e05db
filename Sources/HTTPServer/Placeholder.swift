// HTTPServer: see ../../DESIGN notes in README.
