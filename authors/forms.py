"""The editor's form of an author profile: the languages spoken as a list of boxes to
tick, kept as one ``SpokenLanguage`` row each (with the page's revisions, like its other
parts)."""

from django import forms

from wagtail.admin.forms import WagtailAdminPageForm

from .languages import LANGUAGES, SpokenLanguage, in_list_order


class AuthorPageForm(WagtailAdminPageForm):
    languages = forms.MultipleChoiceField(
        label="Languages spoken",
        choices=LANGUAGES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Shown on the profile and in the expert directory, where journalists "
        "filter by them.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            codes = [row.code for row in self.instance.spoken_languages.all()]
            self.initial.setdefault("languages", in_list_order(codes))

    def save(self, commit=True):
        kept = {row.code: row for row in self.instance.spoken_languages.all()}
        self.instance.spoken_languages = [
            kept.get(code) or SpokenLanguage(code=code)
            for code in in_list_order(self.cleaned_data["languages"])
        ]
        return super().save(commit=commit)
