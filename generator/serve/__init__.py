"""`initiatives serve`: build, serve on localhost, rebuild what changed, reload the open tab."""
