"""The site's own words in the page's language: Russian under /ru/ (the catalogue in
locale/ru/LC_MESSAGES/), English everywhere else, as before; dates with the month a reader
of each language expects ("4 апреля 2019", "4 April 2019")."""

import datetime
import gettext
import re
import shutil
import subprocess
from pathlib import Path

from django.conf import settings
from django.utils import translation

from wagtail.models import Locale

import pytest

from articles.footnotes import ArticleFootnote
from tests.ci import IN_CI
from tests.factories import ArticlePageFactory, AuthorPageFactory, TopicFactory

pytestmark = pytest.mark.django_db

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "ru" / "LC_MESSAGES"
APRIL_4 = datetime.date(2019, 4, 4)
# Words a minute (articles.models.READING_RATES).
RUSSIAN_RATE = 184


@pytest.fixture(autouse=True)
def _database_backend(settings):
    settings.ELASTICSEARCH = {**settings.ELASTICSEARCH, "URL": ""}


def text_of(html: str) -> str:
    """What a reader reads: the page without its tags, its spaces collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def words(count: int) -> list[tuple[str, str]]:
    """A body of ``count`` words."""
    return [("paragraph", f"<p>{' '.join(['слово'] * count)}</p>")]


def test_the_russian_home_page_speaks_russian(client, site_tree):
    ArticlePageFactory(title="Итоги саммита", language="ru", display_date=APRIL_4)
    html = client.get("/ru/").content.decode()
    assert '<a class="skip-link" href="#main">Перейти к основному содержанию</a>' in html
    assert '<nav class="site-nav" aria-label="Основное меню">' in html
    for link in (
        '<a href="/ru/" aria-current="page">Главная</a>',
        '<a href="/ru/articles/">Статьи</a>',
        '<a href="/authors/">Авторы</a>',
    ):
        assert link in html
    assert 'placeholder="Поиск по статьям"' in html
    assert '<button type="submit">Найти</button>' in html
    assert '<h2 id="latest-heading">Последние публикации</h2>' in html
    assert '<a href="/ru/articles/">Все статьи</a>' in html  # noqa: RUF001 (Russian words)
    assert '<time datetime="2019-04-04">4 апреля 2019</time>' in html
    assert "Подписаться:" in html
    for english in ("Home", "Latest articles", "Skip to main content", "April"):
        assert english not in html


def test_the_english_home_page_still_speaks_english(client, site_tree):
    ArticlePageFactory(title="Summit results", display_date=APRIL_4)
    html = client.get("/").content.decode()
    assert '<a href="/" aria-current="page">Home</a>' in html
    assert '<a href="/articles/">Articles</a>' in html
    assert 'placeholder="Search articles"' in html
    assert '<h2 id="latest-heading">Latest articles</h2>' in html
    assert '<time datetime="2019-04-04">4 April 2019</time>' in html
    assert "Главная" not in html


def test_the_russian_articles_index_pages_and_filters_in_russian(client, site_tree):
    topic = TopicFactory(name="Корейский полуостров", slug="korea")
    for day in range(13):  # one more than a page
        ArticlePageFactory(
            language="ru", display_date=APRIL_4 - datetime.timedelta(days=day), topics=[topic]
        )
    html = client.get("/ru/articles/").content.decode()
    assert '<a href="/ru/articles/" aria-current="page">Статьи</a>' in html
    assert '<nav class="pagination" aria-label="Страницы списка статей">' in html
    assert '<span class="pagination__status">Страница 1 из 2</span>' in html
    assert 'Следующая<span class="visually-hidden"> страница</span> &rarr;' in html
    assert "4 апреля 2019" in html
    assert "24 марта 2019" in html  # the month in the genitive, whichever month
    filtered = client.get("/ru/articles/", {"topic": "korea"}).content.decode()
    assert "Статьи по теме Корейский полуостров ." in text_of(filtered)
    assert 'Сбросить фильтр<span class="visually-hidden">ы и показать все статьи</span>' in (
        filtered
    )
    english = client.get("/articles/").content.decode()
    assert "Page 1 of" not in english  # the Russian articles are not in the English tree
    assert "No articles found." in english


@pytest.mark.parametrize(
    ("minutes", "russian"),
    [
        (1, "1 минута чтения"),
        (2, "2 минуты чтения"),
        (5, "5 минут чтения"),
        (11, "11 минут чтения"),
        (21, "21 минута чтения"),
        (22, "22 минуты чтения"),
    ],
)
def test_the_reading_time_takes_the_russian_plural(client, site_tree, minutes, russian):
    ArticlePageFactory(slug="chtenie", language="ru", body=words(minutes * RUSSIAN_RATE))
    html = client.get("/ru/articles/chtenie/").content.decode()
    assert f'<span class="article__reading-time">{russian}</span>' in html


def test_a_russian_article_page_speaks_russian(client, site_tree):
    author = AuthorPageFactory(title="Георгий Толорая")
    topic = TopicFactory(name="Санкции")
    shared = {"authors": [author], "tags": ["санкции"], "topics": [topic], "language": "ru"}
    article = ArticlePageFactory(
        title="Режим санкций",
        slug="rezhim-sanktsiy",
        display_date=APRIL_4,
        body=[("paragraph", '<p>Санкции<a linktype="footnote" id="aaaa">*</a> действуют.</p>')],
        **shared,
    )
    ArticleFootnote.objects.create(page=article, key="aaaa", text="<p>Резолюция 2397.</p>")
    ArticlePageFactory(title="Саммит в Ханое", **shared)  # related by its tag and topic
    english = ArticlePageFactory(title="Sanctions regime", slug="sanctions", display_date=APRIL_4)
    russian_version = english.copy_for_translation(Locale.objects.get(language_code="ru"))
    russian_version.save_revision().publish()

    html = client.get("/ru/articles/rezhim-sanktsiy/").content.decode()
    assert '<time datetime="2019-04-04">4 апреля 2019</time>' in html
    assert '<span class="article__reading-time">1 минута чтения</span>' in html
    assert '<ul class="byline" aria-label="Авторы">' in html
    assert '<h2 class="terms__label">Темы</h2>' in html
    assert '<h2 class="terms__label">Теги</h2>' in html
    assert "<summary>Как цитировать</summary>" in html
    assert "Скачать библиографическую запись:" in html
    assert '<h2 id="endnotes-heading">Примечания</h2>' in html
    assert 'aria-label="Примечание 1"' in html
    assert 'aria-label="Вернуться к сноске 1"' in html
    assert '<h2 id="related-heading">Читайте также</h2>' in html

    translated = text_of(client.get("/ru/articles/sanctions/").content.decode())
    assert "Также на English" in translated
    assert "Also in Русский" in text_of(client.get("/articles/sanctions/").content.decode())


def test_an_english_article_page_still_speaks_english(client, site_tree):
    ArticlePageFactory(slug="five", display_date=APRIL_4, body=words(5 * 238))
    html = client.get("/articles/five/").content.decode()
    assert '<time datetime="2019-04-04">4 April 2019</time>' in html
    assert '<span class="article__reading-time">5 min read</span>' in html
    assert "<summary>Cite this</summary>" in html


@pytest.mark.parametrize(
    ("count", "heading"),
    [
        (1, "1 результат по запросу «саммит»"),
        (2, "2 результата по запросу «саммит»"),
        (5, "5 результатов по запросу «саммит»"),
    ],
)
def test_the_russian_search_page_counts_in_russian(client, site_tree, count, heading):
    for i in range(count):
        ArticlePageFactory(title=f"Саммит {i}", language="ru", tags=["саммит"])
    html = client.get("/ru/search/", {"q": "саммит"}).content.decode()
    assert f'aria-live="polite">\n      {heading}\n    </h2>' in html
    assert "<title>Поиск: саммит |" in html
    assert "<h1>Поиск</h1>" in html
    assert '<label for="search-q">Поиск по статьям</label>' in html


def test_the_russian_search_page_names_its_facets_and_filters_in_russian(client, site_tree):
    for day in range(2):
        ArticlePageFactory(
            title=f"Саммит {day}",
            language="ru",
            tags=["summit"],
            display_date=APRIL_4 - datetime.timedelta(days=day),
        )
    html = client.get("/ru/search/", {"q": "саммит", "lang": "ru"}).content.decode()
    assert '<h2 id="search-facets-heading">Уточнить поиск</h2>' in html
    for heading in ("Теги", "Типы материалов", "Языки", "Годы"):
        assert f"<h3>{heading}</h3>" in html
    assert "Язык: Русский" in html  # the active filter, in the page's language
    assert "(снять этот фильтр)" in html
    assert 'Русский <span class="search-facet__count">(2)</span>' in html
    assert "<span>Сортировать:</span>" in html
    assert '<strong aria-current="true">По релевантности</strong>' in html
    assert '<time datetime="2019-04-04">4 апреля 2019</time>' in html

    nothing = text_of(client.get("/ru/search/", {"q": "цунами"}).content.decode())
    assert "0 результатов по запросу «цунами»" in nothing
    assert "По запросу «цунами» ничего не найдено." in nothing
    assert "Посмотрите все статьи" in nothing

    bad_date = text_of(client.get("/ru/search/", {"from": "вчера"}).content.decode())
    notice = "«вчера» — не дата в формате ГГГГ-ММ-ДД (from)."  # noqa: RUF001 (Russian words)
    assert f"{notice} Эта дата не учтена." in bad_date


def test_the_english_search_page_still_speaks_english(client, site_tree):
    for i in range(2):
        ArticlePageFactory(title=f"Summit {i}", display_date=APRIL_4, tags=["summit"])
    html = client.get("/search/", {"q": "summit", "lang": "en"}).content.decode()
    assert "2 results for “summit”" in html
    assert "Language: English" in html
    assert 'English <span class="search-facet__count">(2)</span>' in html
    assert "<h3>Languages</h3>" in html
    assert '<time datetime="2019-04-04">4 April 2019</time>' in html


def test_a_russian_address_that_finds_nothing_says_so_in_russian(client, site_tree):
    response = client.get("/ru/no/such/page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "<h1>Страница не найдена</h1>" in html
    assert '<a href="/ru/">Перейти на главную страницу</a>' in html
    assert '<a href="/ru/articles/">Все статьи</a>' in html  # noqa: RUF001 (Russian words)


# The committed catalogue: django.mo is what the site reads (deploying compiles nothing);
# it must say what django.po says.


def po_entries(path: Path) -> list[dict]:
    """The entries of a .po file (header left out): msgctxt, msgid, msgid_plural, and
    msgstr or msgstr[N], unquoted; fuzzy entries flagged."""
    entries, entry, field = [], {}, None
    for line in [*path.read_text().splitlines(), ""]:
        if not line.strip():
            if entry.get("msgid"):
                entries.append(entry)
            entry, field = {}, None
        elif line.startswith("#,"):
            entry["fuzzy"] = "fuzzy" in line
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            entry[field] += unquote(line)
        else:
            field, _, value = line.partition(" ")
            entry[field] = unquote(value)
    return entries


def unquote(quoted: str) -> str:
    return quoted.strip()[1:-1].replace('\\"', '"').replace("\\n", "\n").replace("\\\\", "\\")


def test_every_string_of_the_catalogue_is_translated():
    entries = po_entries(CATALOGUE / "django.po")
    assert len(entries) > 100
    for entry in entries:
        assert not entry.get("fuzzy"), entry["msgid"]
        translations = [value for key, value in entry.items() if key.startswith("msgstr")]
        assert translations, entry["msgid"]
        assert all(translations), entry["msgid"]


def test_the_compiled_catalogue_is_in_step_with_the_po_file():
    with translation.override("ru"):
        for entry in po_entries(CATALOGUE / "django.po"):
            msgid, context = entry["msgid"], entry.get("msgctxt")
            if "msgid_plural" in entry:
                plural = entry["msgid_plural"]
                for n, form in ((1, 0), (2, 1), (5, 2), (11, 2), (21, 0), (22, 1)):
                    if context is None:
                        got = translation.ngettext(msgid, plural, n)
                    else:
                        got = translation.npgettext(context, msgid, plural, n)
                    assert got == entry[f"msgstr[{form}]"], (msgid, n)
            elif context is not None:
                assert translation.pgettext(context, msgid) == entry["msgstr"], msgid
            else:
                assert translation.gettext(msgid) == entry["msgstr"], msgid


@pytest.mark.skipif(not IN_CI and shutil.which("msgfmt") is None, reason="no msgfmt")
def test_the_compiled_catalogue_is_exactly_the_po_file_compiled(tmp_path):
    compiled = tmp_path / "django.mo"
    subprocess.run(  # noqa: S603 (a fixed program on the repository's own file)
        ["msgfmt", "--check-format", "-o", str(compiled), str(CATALOGUE / "django.po")],  # noqa: S607
        check=True,
    )
    with compiled.open("rb") as fresh, (CATALOGUE / "django.mo").open("rb") as committed:
        expected = gettext.GNUTranslations(fresh)._catalog
        assert gettext.GNUTranslations(committed)._catalog == expected
