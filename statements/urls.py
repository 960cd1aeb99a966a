from django.urls import path, register_converter

from statements import api, views
from statements.converters import SlugConverter, StatementIdConverter

register_converter(StatementIdConverter, "statement_id")
register_converter(SlugConverter, "any_slug")

urlpatterns = [
    path("", views.home, name="home"),
    path("statements/", views.statement_list, name="statement-list"),
    path("statements/<statement_id:pk>/", views.statement_detail, name="statement-detail"),
    path("participants/<any_slug:slug>/", views.participant_detail, name="participant-detail"),
    path("hashtags/<any_slug:slug>/", views.hashtag_detail, name="hashtag-detail"),
    path("api/statements/", api.statements, name="api-statements"),
    path("api/statements/<statement_id:pk>/", api.statement_detail, name="api-statement-detail"),
    path("api/participants/", api.participants, name="api-participants"),
    path("api/hashtags/", api.hashtags, name="api-hashtags"),
    path("api/sources/", api.sources, name="api-sources"),
]
