"""The article editor: what it refuses before anything is saved, and the character counts
on its text fields with a limit (title, standfirst, hero caption and credit, slug, title
tag).

Saving a draft and publishing are held to the same rules here. Wagtail lets a draft go
without its required fields and inline minimums; an article keeps its standfirst (its
``FieldPanel`` is ``required_on_save``) and at least one author even as a draft.
"""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.forms.formsets import DELETION_FIELD_NAME
from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import TitleFieldPanel
from wagtail.admin.widgets import AdminAutoHeightTextInput, SlugInput
from wagtail.blocks import StreamBlockValidationError, StructBlockValidationError

from .footnotes import stored_keys

AUTHORS = "article_authors"
FOOTNOTES = "footnotes"
NO_NOTE = _(
    "A footnote reference here points to no note: delete the reference, or write its note "
    "under Notes."
)
NO_REFERENCE = _(
    "No paragraph references this note: insert a reference with the footnote button, or "
    "delete the note."
)
NO_AUTHOR = _("Add at least one author.")
SELF_RELATED = _("An article cannot be related to itself: choose another article.")
ALREADY_LISTED = _("%(item)s is already in this list.")

COUNT_TEXT = _("{count}/{max} characters")
OVER_TEXT = _("{count}/{max} characters ({over} too many)")
OVER_CLASS = "w-text-critical-200"


def counted_length(text: str) -> int:
    """The length the form will check: a browser sends each line break as CRLF, and the
    field drops leading and trailing whitespace."""
    return len(re.sub(r"\r\n|\r|\n", "\r\n", text.strip()))


class CharCountMixin(forms.Widget):
    """A text widget showing its length against the field's ``max_length`` as one types.

    The browser's ``maxlength`` attribute would cut pasted text at the limit without a
    word; the widget leaves it off the input and shows "300/255 characters (45 too
    many)" instead, and the form refuses the value with a message. The count is rendered
    on the server and kept up to date by the ``char-count`` controller
    (articles/static/articles/js/char-count.js).
    """

    template_name = "articles/widgets/char_count.html"
    input_template_name = ""

    class Media:
        js = ["articles/js/char-count.js"]

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget = context["widget"]
        widget["input_template_name"] = self.input_template_name
        limit = widget["attrs"].pop("maxlength", None)
        if not limit:  # no limit to count against: the plain input
            return context
        limit = int(limit)
        count_id = f"{widget['attrs'].get('id') or name}-count"
        described_by = widget["attrs"].get("aria-describedby", "")
        widget["attrs"]["aria-describedby"] = f"{described_by} {count_id}".strip()
        widget["attrs"]["data-char-count-target"] = "input"
        count = counted_length(widget["value"] or "")
        over = count - limit
        widget["count"] = {
            "id": count_id,
            "max": limit,
            "over": over > 0,
            "text": (OVER_TEXT if over > 0 else COUNT_TEXT).format(
                count=count, max=limit, over=over
            ),
            "count_text": COUNT_TEXT,
            "over_text": OVER_TEXT,
            "over_class": OVER_CLASS,
        }
        return context


class TitlePanel(TitleFieldPanel):
    """The title, whose typing fills in the slug of a page never published, as Wagtail's
    does; but not on a translation, which keeps its original's slug, so that the two
    versions' URLs differ only by the language's prefix."""

    class BoundPanel(TitleFieldPanel.BoundPanel):
        def get_should_apply(self):
            instance = self.instance
            if instance.pk and instance.get_translations().exists():
                return False
            return super().get_should_apply()


class CharCountInput(CharCountMixin, forms.TextInput):
    input_template_name = "django/forms/widgets/text.html"


class CharCountTextarea(CharCountMixin, AdminAutoHeightTextInput):
    """Wagtail's self-sizing textarea (its default for text fields), with the count."""

    input_template_name = "django/forms/widgets/textarea.html"


class CharCountSlugInput(CharCountMixin, SlugInput):
    """Wagtail's slug input (it slugifies what is typed, and follows the title), with the
    count."""

    input_template_name = "django/forms/widgets/text.html"


class ArticlePageForm(WagtailAdminPageForm):
    """The edit and create form of ``ArticlePage`` (its ``base_form_class``).

    Beyond the fields' own rules (lengths, URLs, the number of related items): at least
    one author once deletions are applied, no author credited twice, no related item
    pointing at the article itself, and no article or link picked twice as related. Each
    error is attached to the field, credit or block it is about, so the editor shows it
    there and counts it on its tab.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if authors := self.formsets.get(AUTHORS):
            # In place of Django's "Please submit at least 1 form."
            authors.error_messages["too_few_forms"] = NO_AUTHOR

    @property
    def media(self):
        # The tabs' error counts, recounted once the blocks have rendered their errors.
        return super().media + forms.Media(js=["articles/js/tab-errors.js"])

    def defer_required_fields(self):
        super().defer_required_fields()
        # Saving a draft would lift the inline panel's min_num; the credits keep it.
        if AUTHORS in self.deferred_formset_min_nums:
            self.formsets[AUTHORS].min_num = self.deferred_formset_min_nums.pop(AUTHORS)

    def clean(self):
        cleaned_data = super().clean()
        self._check_credits()
        self._check_related(cleaned_data.get("related"))
        self._check_footnotes(cleaned_data.get("body"))
        return cleaned_data

    def _check_footnotes(self, body) -> None:
        """An error on each paragraph referencing a note that is not there, and on each
        note no paragraph references."""
        notes = self.formsets.get(FOOTNOTES)
        if notes is None or body is None:
            return
        kept = []
        for form in notes.forms:
            form.is_valid()
            data = form.cleaned_data
            if data and not (notes.can_delete and data.get(DELETION_FIELD_NAME)):
                kept.append((data.get("key") or "", form))
        keys = {key for key, _form in kept if key}
        referenced = set()
        errors = {}
        for index, child in enumerate(body):
            if child.block_type != "paragraph":
                continue
            found = stored_keys(child.value.source)
            referenced.update(found)
            if any(key not in keys for key in found):
                errors[index] = ValidationError(NO_NOTE)
        if errors:
            self.add_error("body", StreamBlockValidationError(block_errors=errors))
        for key, form in kept:
            if key not in referenced:
                form.add_error("text", NO_REFERENCE)

    def _check_credits(self) -> None:
        """An error on the second credit of an author already credited above it."""
        authors = self.formsets.get(AUTHORS)
        if authors is None:
            return
        seen: set[int] = set()
        for form in authors.forms:
            form.is_valid()  # the credit's own validation, which fills its cleaned_data
            data = form.cleaned_data
            author = data.get("author")
            if author is None or (authors.can_delete and data.get(DELETION_FIELD_NAME)):
                continue
            if author.pk in seen:
                form.add_error(
                    "author",
                    _("%(author)s is credited twice: remove one of the two credits.")
                    % {"author": author.title},
                )
            seen.add(author.pk)

    def _check_related(self, stream) -> None:
        """An error on each picked item the page would not show as picked: the article
        itself, or an article or link picked above it (in the field's blocks, in order)."""
        if not stream:
            return
        errors = {}
        seen: set = set()
        for index, child in enumerate(stream):
            if child.block_type != "related_articles":
                continue
            item_errors = {}
            for position, item in enumerate(child.value.get("items") or []):
                if error := self._related_item_error(item, seen):
                    item_errors[position] = error
            if item_errors:
                errors[index] = StructBlockValidationError(
                    block_errors={"items": StreamBlockValidationError(block_errors=item_errors)}
                )
        if errors:
            self.add_error("related", StreamBlockValidationError(block_errors=errors))

    def _related_item_error(self, item, seen: set) -> ValidationError | None:
        """The error on one related item, given the articles and links ``seen`` above it."""
        if item.block_type == "article":
            page = item.value
            if page is None:
                return None
            if page.pk == self.instance.pk:
                return ValidationError(SELF_RELATED)
            if ("article", page.pk) in seen:
                return ValidationError(ALREADY_LISTED % {"item": page.title})
            seen.add(("article", page.pk))
        elif item.block_type == "external":
            url = item.value.get("url")
            if ("external", url) in seen:
                # On the link's field, where the editor changes it.
                return StructBlockValidationError(
                    block_errors={"url": ValidationError(ALREADY_LISTED % {"item": url})}
                )
            seen.add(("external", url))
        return None
