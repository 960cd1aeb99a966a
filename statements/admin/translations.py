"""Translation pairs in the admin: the finder's suggestions (`manage.py find_translation_pairs`
and each import), the two versions side by side with the score's reasons, for an editor to
confirm or reject. A rejected pair is never suggested again."""

from django.contrib import admin, messages
from django.contrib.admin.models import CHANGE, LogEntry
from django.utils.html import format_html, format_html_join

from statements.admin.base import PendingFirstStatusFilter, PlainTitles
from statements.curation.translations import decide
from statements.models import Statement, TranslationPair

PREVIEW_CHARACTERS = 1500


@admin.register(TranslationPair)
class TranslationPairAdmin(PlainTitles, admin.ModelAdmin):
    list_display = ["pair", "versions", "percent", "status", "decided_by"]
    list_filter = [PendingFirstStatusFilter]
    list_select_related = ["first__source", "second__source", "decided_by"]
    list_per_page = 50
    actions = ["confirm_selected", "reject_selected"]
    fields = ["side_by_side", "percent", "reason_list", "status", "decided_by", "decided_at"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # a rejection is kept, so the pair is never suggested again

    @admin.display(description="Pair", ordering="pk")
    def pair(self, pair):
        return f"#{pair.pk}"

    @admin.display(description="Statements")
    def versions(self, pair):
        return format_html_join(
            "",
            "<div><strong>{}</strong> {} <small>({}, {})</small></div>",
            (
                (s.language.upper(), str(s)[:90], s.source.name, f"{s.published_at:%Y-%m-%d %H:%M}")
                for s in (pair.first, pair.second)
            ),
        )

    @admin.display(description="Score", ordering="score")
    def percent(self, pair):
        return f"{pair.score:.0%}"

    @admin.display(description="Why")
    def reason_list(self, pair):
        return format_html(
            "<ul>{}</ul>", format_html_join("", "<li>{}</li>", ((r,) for r in pair.reasons))
        )

    @admin.display(description="The two versions")
    def side_by_side(self, pair):
        return format_html(
            "<div style='display:grid;grid-template-columns:1fr 1fr;gap:1em'>{}</div>",
            format_html_join(
                "",
                "<section lang='{}'><h3>{} ({})</h3>"
                "<p style='white-space:pre-line'>{}</p></section>",
                (
                    (s.language, s.title, s.language.upper(), s.text[:PREVIEW_CHARACTERS])
                    for s in (pair.first, pair.second)
                ),
            ),
        )

    def decide(self, request, queryset, *, confirmed: bool) -> int:
        """Confirm or reject each pair, every decision in the admin log."""
        word = "confirmed" if confirmed else "rejected"
        pairs = list(queryset)
        for pair in pairs:
            decide(pair, request.user, confirmed=confirmed)
            self.log_change(request, pair, f"Translation pair {word}")
            LogEntry.objects.log_actions(
                user_id=request.user.pk,
                queryset=Statement.objects.filter(pk__in=[pair.first_id, pair.second_id]).only(
                    "title", "media", "media_count"
                ),
                action_flag=CHANGE,
                change_message=f"Translation pair #{pair.pk}: {word}",
            )
        return len(pairs)

    @admin.action(description="Confirm selected: versions of one another", permissions=["change"])
    def confirm_selected(self, request, queryset):
        count = self.decide(request, queryset, confirmed=True)
        self.message_user(request, f"{count} translation pairs confirmed.", messages.SUCCESS)

    @admin.action(
        description="Reject selected: not versions of one another", permissions=["change"]
    )
    def reject_selected(self, request, queryset):
        count = self.decide(request, queryset, confirmed=False)
        self.message_user(
            request,
            f"{count} translation pairs rejected; they will not be suggested again.",
            messages.SUCCESS,
        )
