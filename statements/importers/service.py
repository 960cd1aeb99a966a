"""Service posts: what a channel's own actions leave in its history (its photo or video
changed, a message pinned, a video chat started). They are skipped and counted, never
statements, whichever format carries them.

The exports mark them (JSON "type": "service", HTML "message service"); the web preview
marks most of them (class service_message) but not all ("Channel video changed" comes as
an ordinary post), and a plain-text scrape marks none: there a post whose whole text is
a service line is one.
"""

import re

CALLS = r"(?:live\ stream|video\ chat|voice\ chat)"
SERVICE_TEXT = re.compile(
    rf"""
    (?:channel|group)\ (?:photo|video|picture)\ (?:updated|changed|removed)
    | (?:channel|group)\ created
    | (?:channel|group)\ (?:name\ was\ changed|renamed)\ to\ .+
    | .{{0,200}}?\bpinned\ (?:«.*»|".*"|a\ [\w ]{{1,20}})
    | (?:.{{0,200}}?\ )?(?:started|ended|scheduled)\ (?:a\ )?{CALLS}.{{0,40}}
    | {CALLS}\ (?:started|ended|scheduled).{{0,40}}
    """,
    re.IGNORECASE | re.VERBOSE | re.DOTALL,
)
REASON = "service message"


def is_service_text(text: str) -> bool:
    """Whether a post's whole text is the line a service message shows."""
    return bool(SERVICE_TEXT.fullmatch(" ".join(text.split())))
