"""The tags listing's bulk action "Merge into…": the selected tags become the one chosen.

The confirmation page lists the selected tags with their article counts and asks for the
target; ``articles.tag_merge.merge_tags`` does the rest. Only those who may change and
delete tags (Editors) reach it.
"""

from django import forms
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.shortcuts import get_list_or_404
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from taggit.models import Tag
from wagtail.snippets.bulk_actions.snippet_bulk_action import SnippetBulkAction
from wagtail.snippets.widgets import AdminSnippetChooser

from .tag_merge import merge_tags

PERMISSIONS = ("change", "delete")


class MergeTagsForm(forms.Form):
    target = forms.ModelChoiceField(
        queryset=Tag.objects.all(),
        label=_("Merge into"),
        widget=AdminSnippetChooser(Tag),
        help_text=_("The tag the articles keep. The selected tags are deleted."),
    )

    def __init__(self, *args, sources=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.sources = list(sources)

    def clean_target(self):
        target = self.cleaned_data["target"]
        if all(tag.pk == target.pk for tag in self.sources):
            raise forms.ValidationError(
                _("“%(tag)s” cannot be merged into itself: choose another tag.")
                % {"tag": target.name}
            )
        return target


class MergeTagsBulkAction(SnippetBulkAction):
    models = [Tag]
    display_name = _("Merge into…")
    action_type = "merge"
    aria_label = _("Merge the selected tags into another tag")
    template_name = "articles/admin/confirm_merge_tags.html"
    action_priority = 20
    form_class = MergeTagsForm

    def dispatch(self, request, *args, **kwargs):
        policy = self.permission_policy
        if not all(policy.user_has_permission(request.user, action) for action in PERMISSIONS):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def check_perm(self, tag):
        return all(
            self.permission_policy.user_has_permission_for_instance(self.request.user, action, tag)
            for action in PERMISSIONS
        )

    def get_queryset(self, model, object_ids):
        # An id that is not a number names no tag (instead of failing the query): a 404.
        ids = [pk for pk in object_ids if str(pk).isdigit()]
        tags = model.objects.annotate(article_count=Count("articles_articlepagetag_items"))
        return get_list_or_404(tags.order_by("name"), pk__in=ids)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "sources": self.get_actionable_objects()[0]}

    def get_execution_context(self):
        return {"target": self.cleaned_form.cleaned_data["target"]}

    @classmethod
    def execute_action(cls, tags, target=None, **kwargs):
        merged = [tag for tag in tags if tag.pk != target.pk]
        merge_tags(merged, target)
        return len(merged), 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        return ngettext(
            "%(count)d tag merged into “%(target)s”.",
            "%(count)d tags merged into “%(target)s”.",
            num_parent_objects,
        ) % {"count": num_parent_objects, "target": self.cleaned_form.cleaned_data["target"].name}
