"""sitegen: a generator of bilingual public-education sites on MkDocs.

The MkDocs plugin (`sitegen.plugin`, registered as `sitegen`) renders the pages from
a campaign's data and runs the post-build pipeline; the `sitegen` command (`sitegen.cli`)
builds, checks, serves, imports and measures. Neither names any campaign: a campaign is
its `docs/` folder (pages and `docs/_data/`).
"""

__version__ = "1.0.0"
