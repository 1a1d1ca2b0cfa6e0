"""Memory freed, handed back to the system between the build's stages.

Neither allocator the build goes through gives back on its own all that is
freed: Arrow's memory pool keeps it for reuse, and the C library's heap keeps
what lies below its last block in use. Between session parts this kept about
250 MB of memory no longer used, which every stage after would have carried.
"""

from __future__ import annotations

import ctypes

import pyarrow as pa


def _malloc_trim():
    try:
        return ctypes.CDLL("libc.so.6").malloc_trim
    except (OSError, AttributeError):  # not the GNU C library
        return None


_TRIM = _malloc_trim()


def hand_back() -> None:
    """Return to the system what the allocators keep of freed memory."""
    pa.default_memory_pool().release_unused()
    if _TRIM is not None:
        _TRIM(0)
