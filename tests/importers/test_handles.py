"""A channel's handle read from its own posts' t.me links when its export names none."""

from io import StringIO

from django.core.management import call_command

from statements.importers.handles import handle_from_posts
from statements.importers.run import import_paths
from statements.models import Source, Statement
from tests import factories as make
from tests.importers.test_import_run import export, message, write_json


def channel_export(tmp_path):
    """A JSON export (no handle in it) whose posts link to each other as t.me/MID_Serbia/<id>
    and once to another channel's post more often than to any single own post."""
    return write_json(
        tmp_path,
        export(
            [
                message(10, "Lavrov met Vučić."),
                message(11, "Read the remarks: https://t.me/MID_Serbia/10"),
                message(12, "See t.me/s/MID_Serbia/11 and t.me/MFARussia/99000"),
                message(13, "Repost of t.me/MFARussia/99001, t.me/MFARussia/99002"),
            ]
        ),
    )


def test_an_import_gives_a_channel_without_a_handle_the_one_its_own_posts_link_to(
    db, tmp_path, client
):
    import_paths([channel_export(tmp_path)])

    source = Source.objects.get()
    # MFARussia is linked more often, but MID_Serbia's links point at the channel's own posts.
    assert source.handle == "MID_Serbia"
    assert source.handle_inferred["handle"] == "MID_Serbia"
    assert source.handle_inferred["own_ids"] == 2
    statement = Statement.objects.get(source_message_id=10)
    page = client.get(statement.get_absolute_url()).content.decode()
    assert 'href="https://t.me/MID_Serbia/10"' in page


def test_a_handle_an_editor_set_or_cleared_is_never_overwritten(db, tmp_path):
    named = make.source("Test channel", handle="mfa_serbia_official", telegram_id=555)
    import_paths([channel_export(tmp_path)])
    named.refresh_from_db()
    assert named.handle == "mfa_serbia_official"
    assert named.handle_inferred == {}

    named.handle = ""  # an editor clears a handle inferred before: it stays cleared
    named.handle_inferred = {"handle": "MID_Serbia"}
    named.save()
    import_paths([channel_export(tmp_path)])
    call_command("infer_handles", stdout=StringIO())
    named.refresh_from_db()
    assert named.handle == ""


def test_the_command_infers_handles_of_sources_already_imported(db):
    channel = make.source("Channel", slug="channel")
    make.statement(channel, source_message_id=5, text="Earlier: t.me/Some_Channel/4")
    make.statement(channel, source_message_id=4, text="First post")
    out = StringIO()

    call_command("infer_handles", stdout=out)

    channel.refresh_from_db()
    assert channel.handle == "Some_Channel"
    assert "1 handle inferred." in out.getvalue()


def test_the_rule_prefers_a_post_linking_to_itself_then_links_to_own_posts():
    posts = [
        (7, "Share this post: t.me/Self_Channel/7"),
        (8, "t.me/Other_Channel/3 t.me/Other_Channel/4 t.me/Other_Channel/5"),
    ]
    assert handle_from_posts(posts, own_ids={3, 4, 5, 7}).handle == "Self_Channel"
    assert handle_from_posts(posts[1:], own_ids=set()).handle == "Other_Channel"
    assert handle_from_posts([(1, "t.me/joinchat/12345 t.me/c/123/4")], set()) is None
    assert handle_from_posts(posts, {7}, taken={"self_channel"}).handle == "Other_Channel"
