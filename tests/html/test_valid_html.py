"""Every kind of reader page is valid HTML: the Nu HTML Checker (the W3C's validator, run
from Maven Central's artifact) finds no error on the demo site's pages as readers get
them."""

import io
import json
import shutil
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

from django.core.management import call_command

import pytest

from articles.models import ArticlePage
from tests.ci import IN_CI

HERE = Path(__file__).resolve().parent

CLASSPATH = HERE.parents[1] / "build" / "html-checker.classpath"


@pytest.fixture(scope="session")
def checker() -> list[str]:
    """The command that runs the checker (its classpath resolved by Maven once)."""
    missing = [tool for tool in ("mvn", "java") if shutil.which(tool) is None]
    if missing:
        if IN_CI:
            pytest.fail(f"{' and '.join(missing)} required in CI")
        pytest.skip(f"{' and '.join(missing)} not installed")
    if not CLASSPATH.exists():
        CLASSPATH.parent.mkdir(exist_ok=True)
        maven = ["mvn", "-q", "-B", "-f", str(HERE / "pom.xml")]
        subprocess.run(  # noqa: S603 - Maven on the checker's own pom
            [*maven, "dependency:build-classpath", f"-Dmdep.outputFile={CLASSPATH}"],
            check=True,
            capture_output=True,
            timeout=600,
        )
    java = ["java", "-cp", CLASSPATH.read_text().strip()]
    return [*java, "nu.validator.client.SimpleCommandLineValidator", "--format", "json"]


def errors(checker: list[str], pages: dict[str, Path]) -> list[str]:
    # It exits 1 when it finds errors: the messages say which.
    result = subprocess.run(  # noqa: S603 - the checker, on files this test wrote
        [*checker, *map(str, pages.values())],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    names = {str(path): url for url, path in pages.items()}

    def page(message) -> str:
        path = urlsplit(message.get("url", "")).path
        return names.get(path, path)

    return [
        f"{page(message)}:{message.get('lastLine')}: "
        f"{message['message']} ({message.get('extract', '').strip()})"
        for message in json.loads(result.stderr or result.stdout)["messages"]
        if message["type"] == "error"
    ]


@pytest.mark.django_db
def test_reader_pages_are_valid_html(client, checker, tmp_path):
    call_command("load_demo", stdout=io.StringIO())
    article = ArticlePage.objects.live().get(slug="prospects-of-kim-jong-uns-visit-to-russia")
    tag = article.tags.first()
    urls = [
        "/",
        "/articles/",
        "/articles/?page=2",
        article.url,
        "/authors/",
        "/authors/georgy-toloraya/",
        f"/tags/{tag.slug}/",
        "/search/?q=sanctions",
        "/search/?q=nothing+matches+this",
        "/no-such-page/",
    ]
    pages = {}
    for number, url in enumerate(urls):
        response = client.get(url)
        assert response.status_code in (200, 404), url
        pages[url] = tmp_path / f"page-{number}.html"
        pages[url].write_bytes(response.content)
    assert errors(checker, pages) == []
