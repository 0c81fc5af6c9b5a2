"""The query language: a query string read into searchkit's own query tree (`parse`), the
dates it names (`periods`) and the rules no engine owns (`rules`); each engine translates the
tree into its own queries."""
