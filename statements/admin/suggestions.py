"""The editors' queue of suggested participants (names the importer saw after a title):
accept as new participants, as another spelling of a participant, or reject for good."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import AutocompleteSelect
from django.db.models import Count
from django.shortcuts import render
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from statements.admin.base import PendingFirstStatusFilter, page_context, user_name
from statements.curation import suggestions
from statements.models import Participant, ParticipantSuggestion

Status = ParticipantSuggestion.Status
LISTED_STATEMENTS = 50  # on the change page
LINKED_STATEMENTS = 500  # in its link to the statement list (a URL has a length)


class AliasForm(forms.Form):
    participant = forms.ModelChoiceField(
        Participant.objects.order_by("name"),
        # Type to find the participant (name or alias, any spelling) among thousands.
        widget=AutocompleteSelect(ParticipantSuggestion._meta.get_field("participant"), admin.site),
        help_text="The selected names become aliases of this participant.",
    )


@admin.register(ParticipantSuggestion)
class ParticipantSuggestionAdmin(admin.ModelAdmin):
    list_display = ["name", "context", "statement_count", "status", "participant", "created_at"]
    list_filter = [PendingFirstStatusFilter]
    list_select_related = ["participant"]
    search_fields = ["name", "key"]  # the key is the name folded: "szijjarto" finds Szijjártó
    fields = ["name", "context", "status", "participant", "decided_by_name", "created_at"]
    fields += ["seen_in"]
    readonly_fields = ["context", "status", "participant", "decided_by_name", "created_at"]
    readonly_fields += ["seen_in"]
    decided_by_name = user_name("decided_by", "Decided by")
    actions = ["accept_as_new", "accept_as_alias", "reject"]

    def has_add_permission(self, request):
        return False  # the importer suggests; editors decide

    def get_queryset(self, request):
        # Not ModelAdmin's: it orders before the annotation the ordering names exists.
        return ParticipantSuggestion.objects.annotate(statement_count=Count("statements"))

    def get_ordering(self, request):
        return ["-statement_count", "name"]  # the names seen most first

    @admin.display(description="Statements", ordering="statement_count")
    def statement_count(self, suggestion):
        return suggestion.statement_count

    @admin.display(description="Seen in")
    def seen_in(self, suggestion):
        statements = suggestion.statements.order_by("-sort_date", "-pk")
        ids = list(statements.values_list("pk", flat=True)[:LINKED_STATEMENTS])
        if not ids:
            return "No statements"
        items = format_html_join(
            "",
            "<li><a href='{}'>{}</a></li>",
            (
                (reverse("admin:statements_statement_change", args=[s.pk]), s.display_title[:120])
                for s in statements.only("pk", "title", "media", "media_count")[:LISTED_STATEMENTS]
            ),
        )
        total = suggestion.statements.count()
        label = f"All {total}" if total <= len(ids) else f"The latest {len(ids)} of {total}"
        return format_html(
            "<ul>{}</ul><a href='{}?id__in={}'>{} in the list of statements</a>",
            items,
            reverse("admin:statements_statement_changelist"),
            ",".join(map(str, ids)),
            label,
        )

    @admin.action(description="Accept selected as new participants", permissions=["change"])
    def accept_as_new(self, request, queryset):
        accepted = []
        for suggestion in queryset.exclude(status=Status.ACCEPTED):
            participant = suggestions.accept(suggestion, request.user)
            self.log_change(request, suggestion, f"Accepted as the participant {participant}")
            accepted.append(participant.name)
        if accepted:
            self.message_user(request, f"New participants: {', '.join(accepted)}.")
        else:
            self.message_user(request, "The selected names were accepted before.", messages.INFO)

    @admin.action(
        description="Accept selected as aliases of a participant…", permissions=["change"]
    )
    def accept_as_alias(self, request, queryset):
        """Another spelling of someone the archive has: the editor picks whom."""
        chosen = list(queryset.exclude(status=Status.ACCEPTED))
        if not chosen:
            self.message_user(request, "The selected names were accepted before.", messages.INFO)
            return None
        form = AliasForm(
            request.POST if "apply" in request.POST else None,
            initial={"participant": self.likely_participant(chosen)},
        )
        if not form.is_valid():
            title = "Accept as aliases of a participant"
            context = page_context(self, request, title, form=form, chosen=chosen)
            return render(
                request, "admin/statements/participantsuggestion/accept_as_alias.html", context
            )
        participant = form.cleaned_data["participant"]
        for suggestion in chosen:
            suggestions.accept(suggestion, request.user, participant=participant)
            self.log_change(request, suggestion, f"Accepted as an alias of {participant}")
        names = ", ".join(s.name for s in chosen)
        self.message_user(request, f"{names}: now aliases of {participant}.")
        return None

    @staticmethod
    def likely_participant(chosen) -> Participant | None:
        """The participant whose spellings share the first name's last word (a surname)."""
        surname = chosen[0].name.replace(".", " ").split()[-1]
        return Participant.objects.spelled_like(surname).order_by("name").first()

    @admin.action(description="Reject selected (never suggest again)", permissions=["change"])
    def reject(self, request, queryset):
        rejected = 0
        for suggestion in queryset.filter(status=Status.PENDING):
            if suggestions.reject(suggestion, request.user):
                self.log_change(request, suggestion, "Rejected")
                rejected += 1
        self.message_user(request, f"{rejected} rejected; they will not be suggested again.")
