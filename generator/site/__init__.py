"""The link stage: from loaded content to the site graph (taxonomies, centres' actions, similar actions)."""
