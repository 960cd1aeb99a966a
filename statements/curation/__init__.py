"""What editors do, as services the admin and commands call."""
