"""Writing to an expert through the site: ``/authors/<slug>/contact/``.

The page exists for an expert a reader may see (``AuthorPageQuerySet.experts``) who has a
private contact address; for anyone else it is a 404. Its form is posted with Django's
CSRF token, and sent with Django's mail to that address, with the sender's address as
Reply-To: the expert's address is never shown, and answering is the expert's choice.

Bots are kept out by a field people never see (a form that fills it is refused) and by a
limit on the messages one client (``cms.core.client_ip``, as the sign-in throttle counts
them) may send: ``MESSAGES_PER_CLIENT`` in ``WINDOW_SECONDS``, counted in the cache
(shared by every worker; with the cache down, not counted). The page is never cached: its
form carries a token of the reader's own.
"""

import hashlib
import logging
from email.utils import formataddr

from django import forms
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.http import Http404, HttpRequest
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.http import require_http_methods

from cms.core.client_ip import client_ip
from cms.core.models import SiteSettings

from .models import AuthorPage

MESSAGES_PER_CLIENT = 5
WINDOW_SECONDS = 60 * 60
HONEYPOT = "website"

logger = logging.getLogger(__name__)


class ContactForm(forms.Form):
    name = forms.CharField(label=_("Your name"), max_length=200)
    email = forms.EmailField(label=_("Your email address"))
    message = forms.CharField(label=_("Message"), max_length=5000, widget=forms.Textarea)
    # Hidden from people (and screen readers) by the template: only a bot fills it in.
    website = forms.CharField(
        label=_("Leave this empty"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    @property
    def message_fields(self) -> list:
        return [self[name] for name in ("name", "email", "message")]

    @property
    def trap(self):
        return self[HONEYPOT]

    def clean_name(self) -> str:
        return " ".join(self.cleaned_data["name"].split())  # one line: it goes in headers

    def clean(self):
        if self.cleaned_data.get(HONEYPOT):
            raise ValidationError(gettext("Your message was not sent."), code="honeypot")
        return self.cleaned_data


def contactable(request: HttpRequest, slug: str) -> AuthorPage:
    expert = (
        AuthorPage.objects.for_readers(request)
        .experts()
        .exclude(contact_email="")
        .filter(slug=slug)
        .order_by("path")
        .first()
    )
    if expert is None:
        raise Http404
    return expert


def _throttle_key(request: HttpRequest) -> str:
    return "expert-contact:" + hashlib.sha256(client_ip(request).encode()).hexdigest()


def may_send(request: HttpRequest) -> bool:
    return (cache.get(_throttle_key(request)) or 0) < MESSAGES_PER_CLIENT


def count_message(request: HttpRequest) -> None:
    key = _throttle_key(request)
    cache.add(key, 0, WINDOW_SECONDS)  # the window opens with a client's first message
    try:
        cache.incr(key)
    except ValueError:  # expired between the two calls
        cache.set(key, 1, WINDOW_SECONDS)


def send(expert: AuthorPage, message: dict, request: HttpRequest) -> None:
    site_name = SiteSettings.for_request(request).organisation_name
    context = {
        **message,
        "expert": expert,
        "site_name": site_name,
        "profile_url": expert.get_full_url(request),
    }
    EmailMessage(
        subject=gettext("Message from %(name)s via %(site)s")
        % {"name": message["name"], "site": site_name},
        body=render_to_string("authors/contact_email.txt", context, request=request),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[expert.contact_email],
        reply_to=[formataddr((message["name"], message["email"]))],
    ).send()


@never_cache
@csrf_protect
@require_http_methods(["GET", "HEAD", "POST"])
def contact_expert(request: HttpRequest, slug: str) -> TemplateResponse:
    expert = contactable(request, slug)
    if request.method != "POST":
        return _page(request, expert, ContactForm())
    if not may_send(request):
        return _page(request, expert, None, status=429, outcome="throttled")
    form = ContactForm(request.POST)
    if not form.is_valid():
        return _page(request, expert, form, status=400)
    count_message(request)
    try:
        send(expert, form.cleaned_data, request)
    except OSError:  # the mail server refused or could not be reached (smtplib's errors)
        logger.exception("The message to expert %s was not sent", expert.pk)
        return _page(request, expert, form, status=503, outcome="failed")
    return _page(request, expert, None, outcome="sent")


def _page(request, expert, form, status: int = 200, outcome: str = "") -> TemplateResponse:
    context = {
        "expert": expert,
        "form": form,
        "outcome": outcome,
        "title": gettext("Contact %(name)s") % {"name": expert.title},
    }
    return TemplateResponse(request, "authors/contact_page.html", context, status=status)
