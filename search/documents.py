"""The Elasticsearch document of an article: the mapping, and beside it the source that
fills it (``article_source``) and the articles that have one (``indexable_articles``).
An article's PDFs are indexed with it, each analysed in its own language.

Text is indexed twice: with the ``standard`` analyzer (every exact word matches, in any
script, Korean included) and with the analyzer of the article's own language, under
``en.*`` or ``ru.*``.

The language analysis depends on the cluster. Where it has the ``analysis-common`` module
(every stock distribution), ``en.*`` and ``ru.*`` stem and fold ("sanction" finds
"sanctions", "санкции" finds "санкций"). Where it has only Elasticsearch's core modules,
they use the best core analysis there is: the standard tokenizer, lowercase and the
language's stop words. The analysis an index was built with is recorded in its mapping's
``_meta`` (``search_index status`` reports it). Every field type here is a core one, so the
mapping is the same on both.
"""

from django.db.models import Prefetch, QuerySet

from elasticsearch_dsl import (
    Date,
    Document,
    InnerDoc,
    Integer,
    Keyword,
    Object,
    Text,
)

from articles.models import ArticlePage, ArticlePageTag
from articles.reports import readable_text, with_pdfs

from .text import body_text

# The two kinds of analysis (docs/search-indexing.md).
LANGUAGE_ANALYSIS = "language"
CORE_ANALYSIS = "core"
ANALYSIS_MODULE = "analysis-common"

ANALYZER_NAMES = {"en": "thinktank_english", "ru": "thinktank_russian"}
LANGUAGES = tuple(ANALYZER_NAMES)

# Title prefixes of up to this many characters are indexed as terms of their own: a
# search-box prefix is then one term lookup, whatever the size of the archive.
PREFIX_CHARS = {"min_chars": 1, "max_chars": 10}
# Bodies keep each word's offsets in the index: the highlighter marks a hit's body from them
# instead of analysing its whole text again (a third of its time at 10,000 articles).
OFFSETS = "offsets"


def analysis_settings(kind: str) -> dict:
    """The ``analysis`` index settings of ``kind`` (LANGUAGE_ANALYSIS or CORE_ANALYSIS)."""
    if kind == CORE_ANALYSIS:
        return {
            "analyzer": {
                ANALYZER_NAMES["en"]: {"type": "standard", "stopwords": "_english_"},
                ANALYZER_NAMES["ru"]: {"type": "standard", "stopwords": "_russian_"},
            }
        }
    return {
        "filter": {
            "english_possessive": {"type": "stemmer", "language": "possessive_english"},
            "english_stop": {"type": "stop", "stopwords": "_english_"},
            "english_stemmer": {"type": "stemmer", "language": "english"},
            "russian_stop": {"type": "stop", "stopwords": "_russian_"},
            "russian_stemmer": {"type": "stemmer", "language": "russian"},
        },
        "analyzer": {
            ANALYZER_NAMES["en"]: {
                "type": "custom",
                "tokenizer": "standard",
                "filter": [
                    "english_possessive",
                    "lowercase",
                    "asciifolding",
                    "english_stop",
                    "english_stemmer",
                ],
            },
            ANALYZER_NAMES["ru"]: {
                "type": "custom",
                "tokenizer": "standard",
                "filter": ["lowercase", "russian_stop", "russian_stemmer"],
            },
        },
    }


def analysis_for_modules(modules: set[str]) -> str:
    return LANGUAGE_ANALYSIS if ANALYSIS_MODULE in modules else CORE_ANALYSIS


def _language_text(language: str) -> Object:
    name = ANALYZER_NAMES[language]
    return Object(
        properties={
            "title": Text(analyzer=name),
            "standfirst": Text(analyzer=name),
            "body": Text(analyzer=name, index_options=OFFSETS),
            "documents": Text(analyzer=name),
        }
    )


class Named(InnerDoc):
    """A tag, topic or article type: the slug filters and aggregates, the name displays."""

    slug = Keyword()
    name = Keyword()


class Author(InnerDoc):
    name = Text(analyzer="standard", fields={"keyword": Keyword()})
    slug = Keyword()


class ArticleDocument(Document):
    page_id = Integer()
    url = Keyword(index=False)
    # The page's place in the site tree: a search keeps to the reader's site by its prefix.
    url_path = Keyword()
    language = Keyword()
    date = Date()
    year = Integer()
    # Past this time the article is hidden, even before the scheduler unpublishes it.
    expire_at = Date()
    title = Text(
        analyzer="standard",
        fields={"suggest": Text(analyzer="standard", index_prefixes=PREFIX_CHARS)},
    )
    standfirst = Text(analyzer="standard")
    body = Text(analyzer="standard", index_options=OFFSETS)
    # The text of the article's PDFs (a report's): matched, not highlighted here; a hit's
    # excerpt from a PDF, with its page, is taken from the stored pages (search.hydration).
    documents = Text(analyzer="standard")
    en = _language_text("en")
    ru = _language_text("ru")
    authors = Object(Author, multi=True)
    tags = Object(Named, multi=True)
    topics = Object(Named, multi=True)
    type = Object(Named)


def indexable_articles() -> QuerySet:
    """Every article that belongs in the index: live, public, not expired, not an alias.

    An alias of an article is the same article under a second URL; indexing it would show
    it twice (and an alias takes its privacy from its source). Prefetched so that a batch of
    any size costs the same five queries.
    """
    articles = (
        ArticlePage.objects.for_readers()
        .filter(alias_of__isnull=True)
        .select_related("article_type")
        .with_credits()
        .prefetch_related(
            Prefetch("tagged_items", queryset=ArticlePageTag.objects.select_related("tag")),
            "topics",
        )
    )
    return with_pdfs(articles)


def article_source(page) -> dict:
    """The document of one article, field for field as ``ArticleDocument`` maps it."""
    text = {
        "title": page.title,
        "standfirst": page.standfirst,
        "body": body_text(page.body.raw_data),
    }
    date = page.date
    source = {
        "page_id": page.pk,
        "url": page.get_url(),
        "url_path": page.url_path,
        "language": page.language,
        "date": date.isoformat() if date else None,
        "year": date.year if date else None,
        "expire_at": page.expire_at.isoformat() if page.expire_at else None,
        **text,
        "authors": [
            {"name": credit.author.title, "slug": credit.author.slug}
            for credit in page.ordered_credits()
        ],
        "tags": [{"slug": tag.slug, "name": tag.name} for tag in _tags(page)],
        "topics": [
            {"slug": topic.slug, "name": topic.name}
            for topic in sorted(page.topics.all(), key=lambda t: t.name)
        ],
        "type": (
            {"slug": page.article_type.slug, "name": page.article_type.name}
            if page.article_type
            else None
        ),
    }
    if page.language in LANGUAGES:
        source[page.language] = text
    pdfs = [(link.language, readable_text(link.document)) for link in page.documents.all()]
    source["documents"] = "\n".join(words for _, words in pdfs)
    for language in ({page.language} | {language for language, _ in pdfs}) & set(LANGUAGES):
        in_language = "\n".join(words for lang, words in pdfs if lang == language)
        source.setdefault(language, {})["documents"] = in_language
    return source


def _tags(page) -> list:
    if "tagged_items" in getattr(page, "_prefetched_objects_cache", {}):
        tags = [item.tag for item in page.tagged_items.all()]
    else:
        tags = list(page.tags.all())
    return sorted(tags, key=lambda t: t.name)


def index_body(analysis: str = LANGUAGE_ANALYSIS) -> dict:
    """The settings and mappings a new index is created with, for the cluster's analysis."""
    mappings = ArticleDocument._doc_type.mapping.to_dict()
    mappings["_meta"] = {"analysis": analysis}
    return {
        "settings": {
            "number_of_shards": 1,
            "number_of_replicas": 0,
            "analysis": analysis_settings(analysis),
        },
        "mappings": mappings,
    }
