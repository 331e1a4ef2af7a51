"""The Elasticsearch document for an article, and the index mapping that holds it.

Text is indexed twice: with the ``standard`` analyzer (every exact word matches, in any
script, Korean included) and with the analyzer of the article's own language, under
``en.*`` or ``ru.*`` (stemming and stop words), so "sanction" finds "sanctions" in English
and "санкции" finds "санкций" in Russian.
"""

from elasticsearch_dsl import (
    Date,
    Document,
    InnerDoc,
    Integer,
    Keyword,
    Object,
    SearchAsYouType,
    Text,
    analyzer,
    token_filter,
)

english = analyzer(
    "thinktank_english",
    tokenizer="standard",
    filter=[
        token_filter("english_possessive", "stemmer", language="possessive_english"),
        "lowercase",
        "asciifolding",
        token_filter("english_stop", "stop", stopwords="_english_"),
        token_filter("english_stemmer", "stemmer", language="english"),
    ],
)
russian = analyzer(
    "thinktank_russian",
    tokenizer="standard",
    filter=[
        "lowercase",
        token_filter("russian_stop", "stop", stopwords="_russian_"),
        token_filter("russian_stemmer", "stemmer", language="russian"),
    ],
)
LANGUAGE_ANALYZERS = {"en": english, "ru": russian}


def _language_text(language_analyzer) -> Object:
    return Object(
        properties={
            "title": Text(analyzer=language_analyzer),
            "standfirst": Text(analyzer=language_analyzer),
            "body": Text(analyzer=language_analyzer),
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
    language = Keyword()
    date = Date()
    year = Integer()
    title = Text(analyzer="standard", fields={"suggest": SearchAsYouType()})
    standfirst = Text(analyzer="standard")
    body = Text(analyzer="standard")
    en = _language_text(english)
    ru = _language_text(russian)
    authors = Object(Author, multi=True)
    tags = Object(Named, multi=True)
    topics = Object(Named, multi=True)
    type = Object(Named)

    class Index:
        settings = {"number_of_shards": 1, "number_of_replicas": 0}


def index_body() -> dict:
    """The settings (analysis) and mappings a new index is created with."""
    index = ArticleDocument._index.clone()
    return index.to_dict()
