"""Live sync of a public channel through its web preview (t.me/s/<handle>).

Pages go from the newest post backwards (`?before=ID`). A sync reads pages until
it reaches a post the archive already has (or `since`), then imports what it
read through the import pipeline, oldest first.

If a page cannot be fetched part way, the posts already read are imported and
the source remembers the gap left between them and the archive's older posts;
the next sync fills that gap first. Nothing read is lost, and nothing is skipped.

The pages read show a stretch of the channel: an archived post inside it that the
preview no longer shows was deleted at the source, and is marked so (curation.deletions).
"""

import time
import urllib.error
import urllib.request
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Max

from statements.curation.deletions import notice_deletions
from statements.importers import tme_html
from statements.importers.records import Record
from statements.importers.run import finish_run, import_into_run
from statements.models import ImportRun, Source

USER_AGENT = "StatementArchive/0.1 (research archive; polite sync)"


class SyncError(Exception):
    """The channel cannot be synced now; the message says why and what to do."""


class ChannelMissing(SyncError):
    pass


@dataclass
class Fetcher:
    """Gets preview pages politely: a pause between requests, retries with back-off."""

    base_url: str
    delay: float
    retries: int
    timeout: float = 20.0
    requests: int = 0

    def page(self, handle: str, before: int | None = None) -> str:
        url = f"{self.base_url.rstrip('/')}/{handle}" + (f"?before={before}" if before else "")
        for attempt in range(self.retries + 1):
            if self.requests:
                time.sleep(self.delay * (2**attempt if attempt else 1))
            self.requests += 1
            try:
                request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
                with urllib.request.urlopen(request, timeout=self.timeout) as response:
                    return response.read().decode("utf-8", errors="replace")
            except urllib.error.HTTPError as exc:
                if exc.code == 404:
                    raise ChannelMissing(
                        f"channel @{handle} does not exist ({url} gave 404)"
                    ) from None
                if exc.code < 500 and exc.code != 429:
                    raise SyncError(f"{url} answered {exc.code} {exc.reason}") from None
                problem = f"{exc.code} {exc.reason}"
            except (urllib.error.URLError, TimeoutError, ConnectionError) as exc:
                problem = str(getattr(exc, "reason", exc))
        raise SyncError(f"could not fetch {url} after {self.retries + 1} tries ({problem})")


def default_fetcher() -> Fetcher:
    return Fetcher(
        base_url=settings.TELEGRAM_PREVIEW_URL,
        delay=settings.SYNC_DELAY_SECONDS,
        retries=settings.SYNC_RETRIES,
    )


def sync_channel(
    handle: str, since: int | None = None, fetcher: Fetcher | None = None
) -> tuple[ImportRun, int]:
    """Fetch and import a channel's new posts. Returns (run, pages fetched).

    Raises SyncError (after importing whatever was read) when pages cannot be fetched.
    """
    fetcher = fetcher or default_fetcher()
    handle = handle.lstrip("@")
    source = Source.objects.filter(handle__iexact=handle).first()
    run = ImportRun.objects.create(
        path=f"{fetcher.base_url.rstrip('/')}/{handle}", format="tme-sync"
    )
    pages = 0
    try:
        gap = (source.sync_state or {}).get("gap") if source and since is None else None
        if gap:  # an earlier sync stopped part way: first read what it missed
            pages += read_and_import(
                fetcher, handle, run, stop_at=gap["after"], start=gap["before"]
            )
            source.refresh_from_db()
            source.sync_state = {}
            source.save(update_fields=["sync_state"])
        stop_at = since if since is not None else newest_archived(handle)
        pages += read_and_import(fetcher, handle, run, stop_at=stop_at)
    finally:
        finish_run(run)
    return run, pages


def newest_archived(handle: str) -> int:
    found = Source.objects.filter(handle__iexact=handle).aggregate(
        newest=Max("statements__source_message_id")
    )
    return found["newest"] or 0


def read_and_import(
    fetcher: Fetcher, handle: str, run: ImportRun, stop_at: int, start: int | None = None
) -> int:
    """Read pages from `start` (or the newest) back to post `stop_at`, then import them."""
    records, before, pages = [], start, 0
    shown: set[int] = set()
    try:
        while True:
            html = fetcher.page(handle, before)
            if "tgme_channel_history" not in html:  # t.me shows a channel card instead
                if pages == 0 and start is None:
                    raise ChannelMissing(
                        f"channel @{handle} does not exist or has no public preview"
                    )
                raise SyncError(f"the page before post {before} of @{handle} shows no posts")
            try:
                page = tme_html.parse_page(html)
                ids = [_post_id(record) for record in page.records]
            except Exception as exc:  # markup the parser does not know: a gap, not a crash
                raise SyncError(
                    f"the page before post {before} could not be read ({exc})"
                ) from None
            pages += 1
            shown.update(ids)
            newer = [r for r, number in zip(page.records, ids, strict=True) if number > stop_at]
            records = newer + records
            lowest = min(ids, default=None)
            # The next page back: as the page says, else from its oldest post.
            following = page.before or lowest
            if (
                len(newer) < len(page.records)
                or following is None
                or following <= stop_at + 1
                or (before is not None and following >= before)
            ):
                break
            before = following
    except SyncError:
        if records:
            _import(run, records, handle)
            remember_gap(handle, before=min(map(_post_id, records)), after=stop_at)
        _notice_deletions(handle, shown, run)
        raise
    if records:
        _import(run, records, handle)
    _notice_deletions(handle, shown, run)
    return pages


def _post_id(record: Record) -> int:
    """The message id from a record's position ("post channel/123")."""
    number = record.position.rpartition("/")[2]
    return int(number) if number.isdigit() else 0


def _import(run: ImportRun, records: list[Record], handle: str) -> None:
    import_into_run(run, records, label=f"@{handle}", fallback_name=handle)


def _notice_deletions(handle: str, shown: set[int], run: ImportRun) -> None:
    """Mark what the pages read no longer show (and unmark what they show again); the
    run's outcome says how many."""
    source = Source.objects.filter(handle__iexact=handle).first()
    if source is None:
        return
    found = notice_deletions(source, shown, run)
    if found.marked or found.unmarked:
        outcome = run.outcome or {}
        run.outcome = {
            **outcome,
            "deleted_at_source": outcome.get("deleted_at_source", 0) + found.marked,
            "shown_again": outcome.get("shown_again", 0) + found.unmarked,
        }
        run.save(update_fields=["outcome"])


def remember_gap(handle: str, before: int, after: int) -> None:
    source = Source.objects.filter(handle__iexact=handle).first()
    if source is not None:
        source.sync_state = {"gap": {"before": before, "after": after}}
        source.save(update_fields=["sync_state"])
