"""« Ce qui change »: what a pull request changes in the content, for the reviewers of its preview.

``git`` finds the reference (the production branch, fetched and deepened in the shallow clones
Netlify builds from) and extracts the content as it was there; ``compare`` says which actions,
centres and pages were added, modified, renamed or removed, field by field and word by word,
and which other pages of the site changed with them.
"""

from .compare import review
from .git import Reference, locate

__all__ = ["Reference", "locate", "review"]
