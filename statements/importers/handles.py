"""A Telegram channel's handle, inferred from its own posts when no export named it.

A channel's JSON or HTML export names the channel by title and id only, but its posts link
to posts as t.me/<handle>/<message id>, often to their own channel's. The handle is the
one whose links point at the ids of the channel's own posts (a post linking to itself
first, then to another of its posts), else the one linked most. It is written only where
the source has no handle and none was ever inferred (an editor who clears a wrong one is
not overruled), with the evidence, so that its statements link to their originals
(Source.permalink_base).
"""

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q, TextField
from django.db.models.functions import Cast
from django.utils import timezone

from statements.models import Source, Statement

# t.me/<handle>/<id> and t.me/s/<handle>/<id>; handles are 5–32 letters, digits and "_"
# starting with a letter (Telegram's rule; shorter ones are reserved words such as "c").
POST_LINK = re.compile(
    r"(?:t|telegram)\.me/(?:s/)?([A-Za-z][A-Za-z0-9_]{4,31})/([0-9]{1,12})\b", re.IGNORECASE
)
NOT_HANDLES = {"joinchat", "addstickers", "addemoji", "addlist", "share", "proxy", "socks"}
# The newest posts holding a t.me link that are read (enough to tell; a bounded read).
POSTS_READ = 5_000


@dataclass
class HandleEvidence:
    handle: str
    self_links: int  # posts linking to themselves under the handle
    own_ids: int  # links under the handle to ids of the channel's own posts
    links: int  # links under the handle in all
    posts_read: int

    def as_record(self) -> dict:
        return {
            "handle": self.handle,
            "self_links": self.self_links,
            "own_ids": self.own_ids,
            "links": self.links,
            "posts_read": self.posts_read,
            "inferred_at": timezone.now().isoformat(),
        }


def handle_from_posts(
    posts: Iterable[tuple[int | None, str]], own_ids: set[int], taken: set[str] = frozenset()
) -> HandleEvidence | None:
    """The handle a channel's posts (message id, text with its links) reveal, by the rule
    above; None when they link to no post. Handles in `taken` (lower case: other sources')
    are not this channel's."""
    self_links, to_own, links, spellings = Counter(), Counter(), Counter(), Counter()
    read = 0
    for message_id, text in posts:
        read += 1
        for handle, linked in POST_LINK.findall(text):
            key = handle.lower()
            if key in NOT_HANDLES or key in taken:
                continue
            spellings[handle] += 1
            links[key] += 1
            to_own[key] += int(linked) in own_ids
            self_links[key] += message_id is not None and int(linked) == message_id
    if not links:
        return None
    best = max(links, key=lambda key: (self_links[key], to_own[key], links[key], key))
    spelling = max((s for s in spellings if s.lower() == best), key=lambda s: (spellings[s], s))
    return HandleEvidence(spelling, self_links[best], to_own[best], links[best], read)


def infer_handle(source: Source) -> HandleEvidence | None:
    """Infer and write the handle of a Telegram source that has none and never had one
    inferred; returns the evidence written (None when nothing was)."""
    if source.platform != Source.Platform.TELEGRAM or source.handle or source.handle_inferred:
        return None
    statements = Statement.objects.filter(source=source)
    linking = (
        statements.annotate(links_text=Cast("links", TextField()))
        .filter(Q(text__contains="t.me/") | Q(links_text__contains="t.me/"))
        .order_by("-pk")
        .values_list("source_message_id", "text", "links")[:POSTS_READ]
    )
    posts = [
        (message_id, " ".join([text, *map(str, links)])) for message_id, text, links in linking
    ]
    if not posts:
        return None
    linked_ids = {int(linked) for _, text in posts for _, linked in POST_LINK.findall(text)}
    own_ids = set(
        statements.filter(source_message_id__in=linked_ids).values_list(
            "source_message_id", flat=True
        )
    )
    taken = {
        handle.lower()
        for handle in Source.objects.exclude(pk=source.pk)
        .exclude(handle="")
        .values_list("handle", flat=True)
    }
    evidence = handle_from_posts(posts, own_ids, taken)
    if evidence is None:
        return None
    # Written only if still without one: an editor's handle saved meanwhile stays.
    written = Source.objects.filter(pk=source.pk, handle="", handle_inferred={}).update(
        handle=evidence.handle[:100], handle_inferred=evidence.as_record()
    )
    if not written:
        return None
    source.handle, source.handle_inferred = evidence.handle[:100], evidence.as_record()
    return evidence


def infer_missing_handles(sources: Iterable[Source]) -> list[HandleEvidence]:
    """infer_handle for each source; the evidence of those given a handle."""
    return [evidence for source in sources if (evidence := infer_handle(source))]
