"""The content model: documents, site configuration, fields, and loading + validating ``content/``."""
