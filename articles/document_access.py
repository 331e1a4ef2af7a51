"""Who may download a document: an article's PDF only once the article is public.

Wagtail serves documents at ``/documents/<id>/<file name>`` to anyone, unless their
collection is private. A document attached to an article (a report's PDF) is served only
when an article readers can see has it; before that — the article a draft, scheduled,
private, expired or deleted — it is a 404, as the article is; and so it stays once it has
been attached to an article, after the article is deleted or the PDF taken off it. An
article's draft holds its PDFs in its revision until it is published, so a document in the
latest draft of an article is held back the same way. A document never attached to an
article is Wagtail's to serve.
"""

from wagtail.models import Revision

from .models import ArticlePage
from .reports import ArticleDocument, DocumentText


def hidden_from_readers(document, request) -> bool:
    """Whether ``document`` belongs to articles, none of which readers of ``request``'s
    site may see."""
    attached = (
        DocumentText.objects.filter(document=document, attached=True).exists()
        or ArticleDocument.objects.filter(document=document).exists()
        or _in_drafts(document)
    )
    if not attached:
        return False
    visible = ArticlePage.objects.for_readers(request).filter(documents__document=document)
    return not visible.exists()


def _in_drafts(document) -> bool:
    """Whether the latest draft of an article has ``document`` among its PDFs. Only drafts
    saved since the document was uploaded can have it."""
    drafts = Revision.objects.filter(
        pk__in=ArticlePage.objects.filter(has_unpublished_changes=True).values(
            "latest_revision_id"
        ),
        created_at__gte=document.created_at,
    )
    for content in drafts.values_list("content", flat=True).iterator():
        pdfs = content.get("documents") if isinstance(content, dict) else None
        if any(pdf.get("document") == document.pk for pdf in pdfs or ()):
            return True
    return False
