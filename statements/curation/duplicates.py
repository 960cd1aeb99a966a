"""Duplicate review: groups of statements with the same or nearly the same words.

The importer links a copy to its canonical statement when the words are the same and
the sources differ (see curation.copies). What it cannot tell, an editor decides
here: `find_duplicate_groups` suggests groups, `confirm` makes one member canonical and
the others its appearances, `split` says they are different posts.

Finding groups is one pass over the archive in date order: statements sharing a text
fingerprint (one GROUP BY in the database) and near duplicates (curation.near_duplicates).
Pairs become groups through union-find. Two statements an editor split are never
in one group again, and a group already known (by its key, or inside a group already
known) is not suggested again.
"""

import hashlib
from collections.abc import Iterable
from datetime import date, datetime, timedelta

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.postgres.aggregates import ArrayAgg
from django.db import transaction
from django.db.models import Count, F, Max
from django.utils import timezone

from statements.curation import revisions
from statements.curation.copies import earliest
from statements.curation.near_duplicates import READ_CHUNK, NearDuplicates, Shingler, jaccard
from statements.dates import day_bounds
from statements.models import DuplicateGroup, Statement, publication_order
from statements.search.totals import changes_the_archive

MAX_KEY_LENGTH = 200
Membership = DuplicateGroup.members.through


# Deciding ------------------------------------------------------------------------------


@changes_the_archive
def confirm(
    group: DuplicateGroup, user: AbstractBaseUser | None, canonical: Statement | None = None
) -> list[int]:
    """One post: the canonical member (the earliest unless given) and its appearances.

    Returns the ids of the statements whose link changed.
    """
    with transaction.atomic():
        lock(group)
        members = list(group.members.only("pk", "published_at", "duplicate_of"))
        if canonical is None:
            canonical = earliest(members)
        else:
            canonical = next((m for m in members if m.pk == canonical.pk), None) or canonical
            if canonical not in members:
                raise ValueError(f"Statement {canonical.pk} is not a member of {group}")
        others = {member.pk for member in members if member.pk != canonical.pk}
        now = timezone.now()
        changed = set(
            Statement.objects.filter(duplicate_of__in=others)
            .exclude(pk=canonical.pk)
            .values_list("pk", flat=True)
        )
        changed |= {m.pk for m in members if m.pk in others and m.duplicate_of_id != canonical.pk}
        if canonical.duplicate_of_id is not None:
            changed.add(canonical.pk)
        with revisions.changes_recorded(changed, user, f"duplicate group {group.pk} confirmed"):
            # Copies of the other members follow them, so the post stays counted once.
            Statement.objects.filter(duplicate_of__in=others).exclude(pk=canonical.pk).update(
                duplicate_of=canonical, updated_at=now
            )
            Statement.objects.filter(pk__in=others).exclude(duplicate_of=canonical).update(
                duplicate_of=canonical, updated_at=now
            )
            Statement.objects.filter(pk=canonical.pk, duplicate_of__isnull=False).update(
                duplicate_of=None, updated_at=now
            )
        group.status = DuplicateGroup.Status.CONFIRMED
        group.canonical = canonical
        group.decided_by = user
        group.decided_at = now
        group.save(update_fields=["status", "canonical", "decided_by", "decided_at"])
    return sorted(changed)


def lock(group: DuplicateGroup) -> None:
    """Two editors deciding the same group at once: one decision after the other."""
    list(DuplicateGroup.objects.select_for_update().filter(pk=group.pk).values_list("pk"))


@changes_the_archive
def split(group: DuplicateGroup, user: AbstractBaseUser | None) -> list[int]:
    """Different posts: no member stays a copy of another. Returns the ids unlinked."""
    with transaction.atomic():
        lock(group)
        member_ids = list(group.members.values_list("pk", flat=True))
        linked = Statement.objects.filter(pk__in=member_ids, duplicate_of__in=member_ids)
        changed = sorted(linked.values_list("pk", flat=True))
        now = timezone.now()
        with revisions.changes_recorded(changed, user, f"duplicate group {group.pk} split"):
            linked.update(duplicate_of=None, updated_at=now)
        group.status = DuplicateGroup.Status.SPLIT
        group.canonical = None
        group.decided_by = user
        group.decided_at = now
        group.save(update_fields=["status", "canonical", "decided_by", "decided_at"])
    return changed


# Finding -------------------------------------------------------------------------------


def group_key(member_ids: Iterable[int]) -> str:
    key = ",".join(str(pk) for pk in sorted(member_ids))
    return key if len(key) <= MAX_KEY_LENGTH else hashlib.sha256(key.encode()).hexdigest()


class UnionFind:
    """Statements joined pair by pair into groups, never two an editor split into one."""

    def __init__(self, split_groups_of: dict[int, set[int]]) -> None:
        self.parent: dict[int, int] = {}
        self.split_groups_of = split_groups_of
        # By group root: the split groups of its members (only where there are some).
        self.split_groups: dict[int, set[int]] = {}

    def find(self, item: int) -> int:
        if item not in self.parent:
            self.parent[item] = item
            if item in self.split_groups_of:
                self.split_groups[item] = set(self.split_groups_of[item])
            return item
        root = item
        while self.parent[root] != root:
            root = self.parent[root]
        while item != root:  # later finds go straight to the root
            self.parent[item], item = root, self.parent[item]
        return root

    def union(self, a: int, b: int) -> None:
        found_a, found_b = self.find(a), self.find(b)
        root_a, root_b = min(found_a, found_b), max(found_a, found_b)
        if root_a == root_b:
            return
        split_a, split_b = self.split_groups.get(root_a), self.split_groups.get(root_b)
        if split_a and split_b and split_a & split_b:
            return
        self.parent[root_b] = root_a
        if split_b:
            self.split_groups[root_a] = (split_a or set()) | self.split_groups.pop(root_b)

    def groups(self) -> list[list[int]]:
        found: dict[int, list[int]] = {}
        for item in self.parent:
            found.setdefault(self.find(item), []).append(item)
        return [members for members in found.values() if len(members) > 1]


class KnownGroups:
    """The groups already stored: which statements each holds, and which were split."""

    def __init__(self) -> None:
        self.members: dict[int, set[int]] = {}
        self.status: dict[int, str] = {}
        self.groups_of: dict[int, set[int]] = {}
        rows = Membership.objects.values_list(
            "duplicategroup_id", "statement_id", "duplicategroup__status"
        )
        for group_id, statement_id, status in rows.iterator(chunk_size=READ_CHUNK):
            self.members.setdefault(group_id, set()).add(statement_id)
            self.status[group_id] = status
            self.groups_of.setdefault(statement_id, set()).add(group_id)
        split = DuplicateGroup.Status.SPLIT
        self.split_groups_of = {
            statement_id: split_groups
            for statement_id, groups in self.groups_of.items()
            if (split_groups := {g for g in groups if self.status[g] == split})
        }

    def covers(self, member_ids: list[int]) -> bool:
        """Whether one stored group holds all these statements."""
        shared = set(self.groups_of.get(member_ids[0], ()))
        for statement_id in member_ids[1:]:
            shared &= self.groups_of.get(statement_id, set())
            if not shared:
                return False
        return bool(shared)

    def pending_inside(self, member_ids: list[int]) -> set[int]:
        """Pending groups whose statements are all among these (a smaller earlier find)."""
        members = set(member_ids)
        candidates = set().union(*(self.groups_of.get(pk, set()) for pk in member_ids))
        return {
            g
            for g in candidates
            if self.status[g] == DuplicateGroup.Status.PENDING and self.members[g] <= members
        }


def find_duplicate_groups(
    *, days: float = 3, threshold: float = 0.8, since: date | None = None
) -> dict[str, int]:
    """Find groups of duplicates and store the new ones; returns counts.

    Exact duplicates are found whenever they were published; near ones only within
    `days` of each other. With `since`, only statements dated from that day on (and
    their neighbours within `days`) are looked at.
    """
    start, _ = day_bounds(since, None)
    known = KnownGroups()
    pairs = UnionFind(known.split_groups_of)
    for ids in same_fingerprint(start):
        # Each joined to the one before it: past a split pair, later copies still join.
        for previous, current in zip(ids, ids[1:], strict=False):
            pairs.union(previous, current)
    scan = NearDuplicates(timedelta(days=days), threshold, start)
    for a, b in scan.pairs():
        pairs.union(a, b)

    counts = {"statements": scan.read, "exact": 0, "near": 0, "known": 0, "replaced": 0}
    new_groups = []
    for member_ids in pairs.groups():
        member_ids.sort()
        if known.covers(member_ids):
            counts["known"] += 1
        else:
            new_groups.append(member_ids)
    store_groups(new_groups, known, counts)
    return counts


def same_fingerprint(start: datetime | None) -> Iterable[list[int]]:
    """Ids of statements sharing a text fingerprint, oldest first, one list per fingerprint."""
    found = (
        Statement.objects.exclude(text_fingerprint="")
        .values("text_fingerprint")
        .annotate(
            count=Count("id"),
            latest=Max("sort_date"),
            ids=ArrayAgg("id", order_by=(F("sort_date").asc(nulls_last=True), "id")),
        )
        .filter(count__gt=1)
    )
    if start:
        found = found.filter(latest__gte=start)
    for row in found.order_by().iterator(chunk_size=READ_CHUNK):
        yield row["ids"]


def store_groups(new_groups: list[list[int]], known: KnownGroups, counts: dict) -> None:
    """Store the new groups with their similarity; pending groups inside them go."""
    shingler = Shingler()
    batch_size = 500
    with transaction.atomic():
        for offset in range(0, len(new_groups), batch_size):
            batch = new_groups[offset : offset + batch_size]
            rows = {
                row[0]: row
                for row in Statement.objects.filter(
                    pk__in=[pk for members in batch for pk in members]
                ).values_list("id", "published_at", "title", "text", "text_fingerprint")
            }
            groups = []
            for members in batch:
                members = [pk for pk in members if pk in rows]  # deleted meanwhile
                if len(members) > 1:
                    similarity, exact = group_similarity([rows[pk] for pk in members], shingler)
                    group = DuplicateGroup(
                        key=group_key(members), similarity=similarity, exact=exact
                    )
                    group.member_ids = members
                    groups.append(group)
            existing = set(
                DuplicateGroup.objects.filter(key__in=[g.key for g in groups]).values_list(
                    "key", flat=True
                )
            )
            groups = [group for group in groups if group.key not in existing]
            counts["known"] += len(existing)
            replaced = set().union(*(known.pending_inside(g.member_ids) for g in groups))
            DuplicateGroup.objects.filter(pk__in=replaced).delete()
            counts["replaced"] += len(replaced)
            DuplicateGroup.objects.bulk_create(groups)
            Membership.objects.bulk_create(
                Membership(duplicategroup_id=group.pk, statement_id=pk)
                for group in groups
                for pk in group.member_ids
            )
            for group in groups:
                counts["exact" if group.exact else "near"] += 1


def group_similarity(rows: list[tuple], shingler: Shingler) -> tuple[float, bool]:
    """The lowest similarity of a member to the earliest one, and whether all have the
    same words. Rows are (id, published_at, title, text, text_fingerprint)."""
    fingerprints = {row[4] for row in rows}
    if len(fingerprints) == 1 and "" not in fingerprints:
        return 1.0, True
    first = min(rows, key=lambda row: publication_order(row[1], row[0]))
    first_shingles = shingler.shingles(first[2], first[3])
    lowest = 1.0
    for row in rows:
        if row is not first and not (row[4] and row[4] == first[4]):
            lowest = min(lowest, jaccard(first_shingles, shingler.shingles(row[2], row[3])))
    return round(lowest, 4), False
