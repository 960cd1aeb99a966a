"""The site's URLs plus one that always fails, to see the page a server error shows."""

from django.urls import path

from archive.urls import urlpatterns as site_urlpatterns


def always_fails(request):
    raise RuntimeError("a failure the visitor must not see")


urlpatterns = [path("always-fails/", always_fails), *site_urlpatterns]
