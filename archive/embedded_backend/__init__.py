"""Django's PostgreSQL backend on the embedded server (selected when DATABASE_URL is unset)."""
