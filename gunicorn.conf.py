"""Gunicorn's settings for this site, read from the directory gunicorn starts in.

Flags given on the command line (workers, bind, timeout) still win over this file.
"""

import gc


def post_fork(server, worker) -> None:
    """Fewer pauses for Python's garbage collector in each worker.

    A search page allocates tens of thousands of short-lived objects (template nodes, query
    expressions); at the default threshold (700) the collector runs many times a request
    and now and then scans every object, which made one search page in twenty 20-100 ms
    slower. Objects that exist at fork (Django, the URL conf) are frozen out of those scans,
    and the youngest generation is collected every 20,000 allocations instead.
    """
    gc.freeze()
    gc.set_threshold(20_000, 50, 100)
