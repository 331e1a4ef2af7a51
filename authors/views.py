"""The author chooser: the widget of every foreign key to ``AuthorPage`` in the admin (an
article's credits), a Wagtail ``ChooserViewSet`` registered in wagtail_hooks.py.

Its modal lists the authors by name, with their affiliations and whether each is live or
still a draft, and searches by name or affiliation. Its "New author" tab creates a
profile without leaving the article: a child of the authors index with a free slug made
from the name, chosen in the credit at once. It is published straight away when the user
may publish under the index (editors), so a credit on a live article links to a live
profile; a contributor's is a draft, choosable all the same and published with the first
article crediting it (signal_handlers.py). The tab needs the permission to add a page
under the index; without it the tab is not shown, and a post to the form is refused as
Wagtail refuses any admin view (back to the dashboard, with its message).
"""

from typing import cast

from django import forms
from django.db.models import Q
from django.http import Http404, HttpRequest
from django.utils.functional import cached_property

from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.admin.ui.tables import Column, StatusTagColumn
from wagtail.admin.views.generic import chooser
from wagtail.admin.viewsets.chooser import ChooserViewSet
from wagtail.admin.widgets import BaseChooser

from articles.forms import CharCountInput

from .models import AuthorIndexPage, AuthorPage


def display_title(author: AuthorPage) -> str:
    """An author as the chooser shows them: the name, and whether they are a draft."""
    return author.title if author.live else f"{author.title} (draft)"


class AuthorSearchForm(BaseFilterForm):
    q = forms.CharField(
        label="Search by name or affiliation",
        required=False,
        widget=forms.TextInput(attrs={"placeholder": "Search"}),
    )

    def filter(self, objects):
        query = self.cleaned_data.get("q", "").strip()
        if not query:
            return objects
        self.is_searching, self.search_query = True, query
        return objects.filter(Q(title__icontains=query) | Q(affiliation__icontains=query))


class NewAuthorForm(forms.Form):
    """The profile's name and affiliation, held to the model's own limits (the name with
    the article editor's live count, not a ``maxlength`` that would cut it silently)."""

    name = AuthorPage._meta.get_field("title").formfield(
        label="Name", help_text="As printed in bylines.", widget=CharCountInput
    )
    affiliation = AuthorPage._meta.get_field("affiliation").formfield()


class AuthorCreationMixin:
    """Creating an author needs the right to add one under the index; publishing it, the
    right to publish there."""

    request: HttpRequest

    @cached_property
    def authors_index(self) -> AuthorIndexPage | None:
        return AuthorIndexPage.objects.order_by("path").first()

    def can_create(self) -> bool:
        index = self.authors_index
        return index is not None and index.permissions_for_user(self.request.user).can_add_subpage()

    def save_form(self, form):
        index = cast(AuthorIndexPage, self.authors_index)  # can_create() found it
        return index.add_author(
            form.cleaned_data["name"],
            form.cleaned_data["affiliation"],
            user=self.request.user,
            publish=index.permissions_for_user(self.request.user).can_publish_subpage(),
        )

    get_display_title = staticmethod(display_title)


class BaseAuthorChooseView(chooser.BaseChooseView):
    filter_form_class = AuthorSearchForm
    ordering = ["title", "pk"]
    per_page = 20

    def get_object_list(self):
        return AuthorPage.objects.defer_streamfields()

    @property
    def columns(self):
        title = self.title_column
        title.label = "Name"
        return [
            title,
            Column("affiliation", label="Affiliation"),
            StatusTagColumn(
                "status",
                label="Status",
                accessor=lambda author: "live" if author.live else "draft",
                primary=lambda author: author.live,
            ),
        ]


class ChooseView(
    chooser.ChooseViewMixin, AuthorCreationMixin, chooser.CreationFormMixin, BaseAuthorChooseView
):
    pass


class ChooseResultsView(
    chooser.ChooseResultsViewMixin,
    AuthorCreationMixin,
    chooser.CreationFormMixin,
    BaseAuthorChooseView,
):
    pass


class ChosenView(chooser.ChosenView):
    get_display_title = staticmethod(display_title)

    def get_object(self, pk):
        if not pk.isdigit():  # not an id at all: the same answer as an unknown one
            raise Http404
        return AuthorPage.objects.get(pk=pk)


class CreateView(AuthorCreationMixin, chooser.CreateView):
    pass


class AuthorChooserWidget(BaseChooser):
    get_display_title = staticmethod(display_title)


class AuthorChooserViewSet(ChooserViewSet):
    model = AuthorPage
    icon = "user"
    choose_one_text = "Choose an author"
    choose_another_text = "Choose another author"
    edit_item_text = "Edit this author"
    creation_tab_label = "New author"
    create_action_label = "Create author"
    creation_form_class = NewAuthorForm
    choose_view_class = ChooseView
    choose_results_view_class = ChooseResultsView
    chosen_view_class = ChosenView
    create_view_class = CreateView
    base_widget_class = AuthorChooserWidget
