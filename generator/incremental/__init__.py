"""Everything that makes a rebuild cheap, behind one seam: the build cache and file signatures."""
