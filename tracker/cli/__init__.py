"""The shell commands: the parser, one function per command, and the files made from the parser."""
