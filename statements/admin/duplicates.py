"""Duplicate review in the admin: groups found by `manage.py find_duplicates`, side by
side, for an editor to confirm (one canonical statement) or split (different posts)."""

import re
from difflib import SequenceMatcher

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch
from django.template.response import TemplateResponse
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from statements.admin.base import PendingFirstStatusFilter, PlainTitles, page_context
from statements.curation.copies import earliest
from statements.curation.duplicates import confirm, split
from statements.models import DuplicateGroup, Statement
from statements.text.normalize import fold

LISTED_MEMBERS = 3
SHOWN_MEMBERS = 50
PREVIEW_CHARACTERS = 2000


def marked_differences(text: str, reference: str) -> SafeString:
    """The text, its words that the reference does not have in that place marked: the one
    changed word of a near duplicate is hard to see otherwise."""
    tokens = re.findall(r"\s+|\S+", text)
    words = [index for index, token in enumerate(tokens) if not token.isspace()]
    matcher = SequenceMatcher(
        None, [fold(word) for word in reference.split()], [fold(tokens[i]) for i in words], False
    )
    marked = {
        words[position]
        for tag, _, _, start, end in matcher.get_opcodes()
        if tag != "equal"
        for position in range(start, end)
    }
    return mark_safe(
        "".join(
            format_html("<mark>{}</mark>", token) if index in marked else escape(token)
            for index, token in enumerate(tokens)
        )
    )


def add_previews(members: list[Statement], marked: bool) -> None:
    """Give each member the start of its text as `preview` (its differences from the first
    member's marked if `marked`) and `cut`, whether the text goes on."""
    reference = members[0].text[:PREVIEW_CHARACTERS]
    for member in members:
        preview = member.text[:PREVIEW_CHARACTERS]
        member.preview = marked_differences(preview, reference) if marked else preview
        member.cut = len(member.text) > PREVIEW_CHARACTERS


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("confirm", "Confirm"), ("split", "Split")])
    # Empty: the earliest.
    canonical = forms.ModelChoiceField(queryset=Statement.objects.none(), required=False)

    def __init__(self, *args, group: DuplicateGroup, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["canonical"].queryset = group.members.all()


@admin.register(DuplicateGroup)
class DuplicateGroupAdmin(PlainTitles, admin.ModelAdmin):
    list_display = ["group", "member_list", "member_count", "similar", "exact", "status"]
    list_filter = [PendingFirstStatusFilter, "exact"]
    list_per_page = 50
    actions = ["confirm_selected", "split_selected"]

    def has_add_permission(self, request):
        return False

    def get_queryset(self, request):
        first_members = (
            Statement.objects.select_related("source")
            .only("title", "media", "media_count", "published_at", "sort_date", "source__name")
            .earliest_first()[:LISTED_MEMBERS]
        )
        return (
            super()
            .get_queryset(request)
            .annotate(member_count=Count("members"))
            .prefetch_related(Prefetch("members", first_members, to_attr="first_members"))
        )

    @admin.display(description="Group", ordering="pk")
    def group(self, group):
        return f"#{group.pk}"

    @admin.display(description="Statements")
    def member_list(self, group):
        lines = format_html_join(
            "",
            "<li>{} <small>({}, {})</small></li>",
            (
                (
                    str(member)[:90],
                    member.source.name,
                    f"{member.sort_date:%Y-%m-%d}" if member.sort_date else "undated",
                )
                for member in group.first_members
            ),
        )
        more = group.member_count - len(group.first_members)
        return format_html(
            "<ul class='archive-list'>{}</ul>{}",
            lines,
            format_html("<small>and {} more</small>", more) if more > 0 else "",
        )

    @admin.display(description="Members", ordering="member_count")
    def member_count(self, group):
        return group.member_count

    @admin.display(description="Similarity", ordering="similarity")
    def similar(self, group):
        return f"{group.similarity:.0%}"

    def change_view(self, request, object_id, form_url="", extra_context=None):
        """The members side by side, and the decision (POST, change permission)."""
        group = self.get_object(request, unquote(object_id))
        if group is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.has_view_or_change_permission(request, group):
            raise PermissionDenied
        form = DecisionForm(request.POST or None, group=group)
        if request.method == "POST":
            if not self.has_change_permission(request, group):
                raise PermissionDenied
            if form.is_valid():
                done = self.decide(
                    request, group, form.cleaned_data["decision"], form.cleaned_data["canonical"]
                )
                self.message_user(request, done, messages.SUCCESS)
                return self.response_post_save_change(request, group)
        members = list(group.members.select_related("source").earliest_first()[: SHOWN_MEMBERS + 1])
        canonical = group.canonical if group.canonical_id else earliest(members)
        add_previews(members, marked=not group.exact)
        context = page_context(
            self,
            request,
            f"Duplicate group #{group.pk}",
            group=group,
            members=members[:SHOWN_MEMBERS],
            more=max(group.member_count - SHOWN_MEMBERS, 0),
            canonical_pk=canonical.pk,
            form=form,
            can_decide=self.has_change_permission(request, group),
        )
        context.update(extra_context or {})
        return TemplateResponse(request, "admin/statements/duplicategroup/review.html", context)

    def decide(self, request, group, decision: str, canonical: Statement | None = None) -> str:
        """Confirm or split, each change in the admin log; says what was done."""
        if decision == "confirm":
            changed = confirm(group, request.user, canonical)
            message = f"Confirmed: statement {group.canonical_id} is canonical"
            done = (
                f"Group #{group.pk} confirmed: {group.canonical} is canonical, "
                f"the other statements its appearances."
            )
        else:
            changed = split(group, request.user)
            message = "Split: not duplicates"
            done = f"Group #{group.pk} split: its statements are separate posts."
        self.log_change(request, group, message)
        LogEntry.objects.log_actions(
            user_id=request.user.pk,
            queryset=Statement.objects.filter(pk__in=changed).only("title", "media", "media_count"),
            action_flag=CHANGE,
            change_message=f"Duplicate group #{group.pk}: {message.lower()}",
        )
        return done

    @admin.action(description="Confirm selected (earliest as canonical)", permissions=["change"])
    def confirm_selected(self, request, queryset):
        for group in queryset:
            self.decide(request, group, "confirm")
        self.message_user(request, f"{len(queryset)} groups confirmed.", messages.SUCCESS)

    @admin.action(description="Split selected", permissions=["change"])
    def split_selected(self, request, queryset):
        for group in queryset:
            self.decide(request, group, "split")
        self.message_user(request, f"{len(queryset)} groups split.", messages.SUCCESS)
