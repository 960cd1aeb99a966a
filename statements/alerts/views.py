"""The alerts' pages. No session is involved: what authorises a change is a signed link
only the address's owner received, so the forms need no CSRF token (and the public pages
that hold the sign-up form set no cookie). Mail programs unsubscribe with one POST to the
link in the List-Unsubscribe header (RFC 8058)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from statements.alerts.forms import AlertForm, ForgetForm
from statements.alerts.links import BadLink
from statements.alerts.mail import TooManyMails
from statements.alerts.searches import describe, filter_of, search_errors, search_of
from statements.alerts.subscriptions import (
    address_to_forget,
    alert_to_confirm,
    alert_to_unsubscribe,
    confirm,
    forget,
    request_forgetting,
    sign_up,
    unsubscribe,
)

TOO_MANY_MAILS = (
    "This address was sent as many mails as a day allows. Try again tomorrow; "
    "the links already sent keep working."
)


def page(request: HttpRequest, title: str, *lines: str, status: int = 200, **context):
    context = {"title": title, "lines": lines, **context}
    return render(request, "statements/alerts/message.html", context, status=status)


def bad_link(request: HttpRequest) -> HttpResponse:
    return page(
        request,
        "This link does not work",
        "It was changed, has expired, or its alert is gone already. Links to confirm "
        "work for a week, links to delete an address for two days; ask again for a new one.",
        status=400,
    )


@csrf_exempt
@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    """Follow a search by e-mail: the form (its search from the address), then a mail."""
    if request.method == "GET":
        form = AlertForm(initial={"search": search_of(request.GET)})
        filterset = filter_of(form.initial["search"])
        if not filterset.is_valid():
            return page(
                request, "This search cannot be read", *search_errors(filterset), status=400
            )
        return render(
            request,
            "statements/alerts/signup.html",
            {"form": form, "description": describe(filterset)},
        )
    form = AlertForm(request.POST)
    if not form.is_valid():
        return render(request, "statements/alerts/signup.html", {"form": form}, status=400)
    data = form.cleaned_data
    try:
        sign_up(data["email"], data["search"], data["frequency"])
    except TooManyMails:
        return page(request, "Too many mails to this address", TOO_MANY_MAILS, status=429)
    return page(
        request,
        "Check your mail",
        f"We sent a link to {data['email']}. Follow it to confirm the alert; until then "
        "nothing else is sent, and a sign-up not confirmed within a week is deleted.",
    )


@csrf_exempt
@require_http_methods(["GET", "POST"])
def confirm_alert(request: HttpRequest, token: str) -> HttpResponse:
    try:
        alert, frequency = alert_to_confirm(token)
    except BadLink:
        return bad_link(request)
    description = describe(filter_of(alert.search))
    if request.method == "GET":
        return page(
            request,
            "Confirm your alert",
            f"Follow {description} by e-mail, {frequency}, at {alert.email}.",
            button="Confirm",
        )
    alert = confirm(token)
    return page(
        request,
        "Alert confirmed",
        f"You follow {description}. A {alert.get_frequency_display().lower()} digest lists "
        "the statements the archive gains from now on, when there are any; each has a "
        "link to stop.",
    )


@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe_alert(request: HttpRequest, token: str) -> HttpResponse:
    try:
        alert = alert_to_unsubscribe(token)
    except BadLink:
        return bad_link(request)
    if alert is None:
        return page(request, "Unsubscribed", "This alert is gone; nothing more is sent for it.")
    if request.method == "GET":
        description = describe(filter_of(alert.search))
        return page(
            request,
            "Stop this alert",
            f"Stop following {description} at {alert.email}? The alert and its address "
            "are deleted.",
            button="Unsubscribe",
        )
    unsubscribe(token)
    return page(
        request, "Unsubscribed", "The alert and its address are deleted; nothing more is sent."
    )


@csrf_exempt
@require_http_methods(["GET", "POST"])
def forget_request(request: HttpRequest) -> HttpResponse:
    """Ask for an address to be deleted with all its alerts: a link is mailed to it."""
    form = ForgetForm(request.POST if request.method == "POST" else None)
    if not form.is_bound or not form.is_valid():
        status = 400 if form.is_bound else 200
        return render(request, "statements/alerts/forget.html", {"form": form}, status=status)
    try:
        request_forgetting(form.cleaned_data["email"])
    except TooManyMails:
        return page(request, "Too many mails to this address", TOO_MANY_MAILS, status=429)
    return page(
        request,
        "Check your mail",
        f"If {form.cleaned_data['email']} follows anything here, a link to delete it is on "
        "its way; it works for two days.",
    )


@csrf_exempt
@require_http_methods(["GET", "POST"])
def forget_address(request: HttpRequest, token: str) -> HttpResponse:
    try:
        email = address_to_forget(token)
    except BadLink:
        return bad_link(request)
    if request.method == "GET":
        return page(
            request,
            "Delete your address",
            f"Delete {email} and every alert it follows? Nothing more is sent to it.",
            button="Delete",
        )
    deleted = forget(token)
    return page(
        request,
        "Address deleted",
        f"{email} is deleted with its {deleted} alert{'s' if deleted != 1 else ''}. "
        "The archive no longer holds it.",
    )
