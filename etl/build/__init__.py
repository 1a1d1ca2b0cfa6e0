"""The build: every source through its front end, the corpus stage, then the
package, validated and written part by part (`run.build`).

    run.py      the straight line, from the sources folder to the swapped-in output
    pool.py     worker processes reading sources in batches
    source.py   one source through its front end: summaries and tables
    cache.py    the parse cache (tables by parser version and source bytes)
    parts.py    session parts: assemble, validate, write, or take over unchanged
    report.py   the build report and the manifest
    results.py  what a build returns

Sources are parsed by a pool of worker processes; each returns a small summary
per document and keeps the document's tables in the parse cache, keyed by the
parser's version and the source's bytes (for an archive member: its CRC-32 and
size). A rebuild parses only new or changed sources, and a session part whose
inputs and decisions are unchanged is taken over from the previous output
instead of being written again; the result is the same, byte for byte, as a
clean build.

A source that cannot be read is reported and left out; the others still
build, unless `strict` is set.
"""

from .cache import DEFAULT_CACHE, parser_version
from .report import MANIFEST_NAME, REPORT_NAME, write_manifest
from .results import BuildResult, Interrupted, ItemResult
from .run import build

__all__ = ["DEFAULT_CACHE", "MANIFEST_NAME", "REPORT_NAME", "BuildResult", "Interrupted",
           "ItemResult", "build", "parser_version", "write_manifest"]
