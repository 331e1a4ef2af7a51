from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from cms.core.models import Disclaimer

from .admin_panels import EditorialPanel
from .taxonomy import ArticleType, Topic


class TopicViewSet(SnippetViewSet):
    model = Topic
    icon = "site"
    list_display = ["name", "slug"]
    search_fields = ["name"]


class ArticleTypeViewSet(SnippetViewSet):
    model = ArticleType
    icon = "tag"
    list_display = ["name", "slug"]


class DisclaimerViewSet(SnippetViewSet):
    model = Disclaimer
    icon = "warning"
    list_display = ["name"]


class TaxonomyGroup(SnippetViewSetGroup):
    menu_label = "Taxonomy"
    menu_icon = "folder-open-inverse"
    menu_order = 300
    items = (TopicViewSet, ArticleTypeViewSet, DisclaimerViewSet)


register_snippet(TaxonomyGroup)


@hooks.register("construct_homepage_panels")
def add_editorial_panel(request, panels):
    panels.append(EditorialPanel())
