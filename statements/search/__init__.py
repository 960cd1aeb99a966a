"""What a query means and what it finds: the query language, its SQL, results, pages,
facets, chips, the timeline and highlighting. Views, the API, exports and feeds call these
modules and never build search SQL of their own."""
