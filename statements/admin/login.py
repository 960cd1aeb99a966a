"""The admin's login form, which says when and why logins are throttled."""

from django.contrib.admin.forms import AdminAuthenticationForm
from django.core.exceptions import ValidationError

from statements import throttle


class ThrottledLoginForm(AdminAuthenticationForm):
    """Refuses an account its client must wait for before checking the password, with
    how long to wait (the backend's refusal alone reads as a wrong password)."""

    def clean(self):
        username = self.cleaned_data.get("username")
        if username and (wait := throttle.seconds_to_wait(self.request, username)):
            raise ValidationError(throttle.refusal(wait), code="throttled")
        return super().clean()
