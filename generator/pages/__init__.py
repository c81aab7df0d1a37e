"""Every page kind of the site: its URL, its template and the narrow context it shows."""
