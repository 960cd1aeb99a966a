from django.urls import path, register_converter

from statements import (
    api,
    concordance_pages,
    exports,
    index_pages,
    network_pages,
    trends,
    views,
)
from statements.alerts import views as alerts
from statements.converters import SlugConverter, StatementIdConverter

register_converter(StatementIdConverter, "statement_id")
register_converter(SlugConverter, "any_slug")

urlpatterns = [
    path("", views.home, name="home"),
    path("statements/", views.statement_list, name="statement-list"),
    path("search-help/", views.search_help, name="search-help"),
    path("statements/<statement_id:pk>/", views.statement_detail, name="statement-detail"),
    path(
        "statements/<statement_id:pk>/beside/<statement_id:other_pk>/",
        views.side_by_side,
        name="statement-side-by-side",
    ),
    path("statements/<statement_id:pk>/source.json", views.statement_raw, name="statement-raw"),
    path(
        "statements/<statement_id:pk>/cite.<str:style>",
        views.statement_citation,
        name="statement-citation",
    ),
    path("statements/export.csv", exports.export_csv, name="export-csv"),
    path("statements/export.jsonl", exports.export_jsonl, name="export-jsonl"),
    path("statements/timeline.csv", exports.timeline_csv, name="timeline-csv"),
    path("concordance/", concordance_pages.concordance, name="concordance"),
    path(
        "concordance/export.csv", concordance_pages.concordance_csv, name="export-concordance-csv"
    ),
    path("statements/feed.atom", exports.SearchFeed(), name="feed"),
    path("statements/columns/", exports.data_dictionary, name="data-dictionary"),
    path("network/", network_pages.network, name="network"),
    path("network/edges.csv", network_pages.network_edges_csv, name="network-edges"),
    path("network/graph.graphml", network_pages.network_graphml, name="network-graphml"),
    path("trends/", trends.trends, name="trends"),
    path("trends/series.csv", trends.trends_csv, name="trends-csv"),
    path("participants/", index_pages.participant_index, name="participant-index"),
    path("hashtags/", index_pages.hashtag_index, name="hashtag-index"),
    path("sources/", index_pages.source_index, name="source-index"),
    path("sources/<any_slug:slug>/", index_pages.source_detail, name="source-detail"),
    path("sources/<any_slug:slug>/feed.atom", exports.SourceFeed(), name="source-feed"),
    path("participants/<any_slug:slug>/", views.participant_detail, name="participant-detail"),
    path(
        "participants/<any_slug:slug>/feed.atom", exports.ParticipantFeed(), name="participant-feed"
    ),
    path("hashtags/<any_slug:slug>/", views.hashtag_detail, name="hashtag-detail"),
    path("hashtags/<any_slug:slug>/feed.atom", exports.HashtagFeed(), name="hashtag-feed"),
    path("alerts/", alerts.signup, name="alert-signup"),
    path("alerts/confirm/<str:token>/", alerts.confirm_alert, name="alert-confirm"),
    path("alerts/unsubscribe/<str:token>/", alerts.unsubscribe_alert, name="alert-unsubscribe"),
    path("alerts/forget/", alerts.forget_request, name="alert-forget"),
    path("alerts/forget/<str:token>/", alerts.forget_address, name="alert-forget-confirm"),
    path("api/", views.api_help, name="help-api"),
    path("api/statements/", api.statements, name="api-statements"),
    path("api/statements/<statement_id:pk>/", api.statement_detail, name="api-statement-detail"),
    path("api/participants/", api.participants, name="api-participants"),
    path("api/hashtags/", api.hashtags, name="api-hashtags"),
    path("api/sources/", api.sources, name="api-sources"),
    path("api/network/", network_pages.network_api, name="api-network"),
    path("api/concordance/", concordance_pages.concordance_api, name="api-concordance"),
    path("api/trends/", trends.trends_api, name="api-trends"),
]
