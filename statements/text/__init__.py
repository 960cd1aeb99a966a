"""Pure text rules: what is read from a statement's text. No Django here."""
