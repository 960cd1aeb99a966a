"""Rate limits of the API, the exports and the alerts' sign-ups, per client address,
matched by URL name, and the client's address (which the logins' throttle uses too).

Counted per window in the cache. A limit of 0 turns it off.
"""

import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, JsonResponse


@dataclass(frozen=True)
class RateLimit:
    name: str
    setting: str  # the setting that holds the number of requests per window
    window: int  # seconds
    url_names: frozenset[str]
    json: bool  # the refusal as the API's JSON errors, else plain text

    def refusal(self, limit: int, wait: int) -> HttpResponse:
        message = f"Too many requests: at most {limit} every {self.window // 60} minutes. "
        message += f"Try again in {wait} seconds."
        if self.json:
            response = JsonResponse({"errors": {"__all__": [message]}}, status=429)
        else:
            response = HttpResponse(message + "\n", status=429, content_type="text/plain")
        response["Retry-After"] = str(wait)
        return response


RATE_LIMITS = (
    RateLimit(
        "api",
        "API_REQUESTS_PER_MINUTE",
        60,
        frozenset(
            {
                "api-statements",
                "api-statement-detail",
                "api-participants",
                "api-hashtags",
                "api-sources",
                "api-network",
                "api-concordance",
                "api-trends",
            }
        ),
        json=True,
    ),
    RateLimit(
        "exports",
        "EXPORTS_PER_HOUR",
        3600,
        frozenset(
            {
                "export-csv",
                "export-jsonl",
                "export-concordance-csv",
                "network-edges",
                "network-graphml",
            }
        ),
        json=False,
    ),
    # What sends a mail to an address someone types: a sign-up, a request for deletion.
    RateLimit(
        "alerts",
        "ALERT_SIGNUPS_PER_HOUR",
        3600,
        frozenset({"alert-signup", "alert-forget"}),
        json=False,
    ),
)
LIMIT_BY_URL_NAME = {name: limit for limit in RATE_LIMITS for name in limit.url_names}


class RateLimitMiddleware:
    """Answers 429 (with Retry-After) to a client over the API's or the exports' limit."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):
        rate_limit = LIMIT_BY_URL_NAME.get(request.resolver_match.url_name)
        if rate_limit is None:
            return None
        limit = getattr(settings, rate_limit.setting)
        return over_limit(request, rate_limit, limit) if limit else None


def seconds_now() -> int:
    """The clock the windows are counted by."""
    return int(time.time())


def over_limit(request: HttpRequest, rate_limit: RateLimit, limit: int) -> HttpResponse | None:
    """The refusal when this request is one too many in the current window, else None."""
    now = seconds_now()
    window = rate_limit.window
    client = client_address(request)
    key = f"rate:{rate_limit.name}:{client}:{now // window}"
    cache.add(key, 0, window)
    try:
        count = cache.incr(key)
    except ValueError:  # the window ended between add and incr
        count = 1
    if count <= limit:
        return None
    return rate_limit.refusal(limit, wait=window - now % window)


def client_address(request: HttpRequest) -> str:
    """The address of the client: REMOTE_ADDR, or behind a proxy the header
    RATE_LIMIT_CLIENT_HEADER names (HTTP_X_FORWARDED_FOR). Of a list of addresses, the
    last: the one the proxy added. Those before it are whatever the client sent."""
    header = request.META.get(settings.RATE_LIMIT_CLIENT_HEADER, "")
    return header.split(",")[-1].strip() or request.META.get("REMOTE_ADDR", "")
