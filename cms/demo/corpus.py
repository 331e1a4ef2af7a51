"""A synthetic archive for measuring the site at scale: realistic articles, deterministic.

``corpus_record(seed, n, authors)`` is article ``n`` of the corpus made from ``seed``, in
the import format (docs/importer.md): an 800 to 3,000-word HTML body with headings, quotes
and links to earlier articles of the corpus, one to three of ``authors`` credited with
roles, two to eight tags from a vocabulary of a few thousand, one to three topics, a type,
sometimes related articles, a date within thirty years; one article in five is in Russian.
The same seed and number always give the same record, whatever else was generated.

``generate_corpus`` (cms/demo/bulk.py) writes them in bulk; ``make bench`` also imports
some through ``import_articles`` to measure it.
"""

import datetime
import random
from collections.abc import Iterator
from html import escape


def _words(text: str) -> list[str]:
    return text.split()


EN_FUNCTION = _words(
    "the of and to in a that is for on with as by which its not be has have from this were "
    "their it at an would after was these could however also more since while both such "
    "new over under than other any"
)
EN_CONTENT = _words(
    "policy security regional government talks between sanctions economic relations "
    "peninsula nuclear cooperation diplomatic pressure against agreement negotiations "
    "military dialogue leadership strategic interests border trade influence summit "
    "alliance stability development initiative position partners region international "
    "crisis states question experts analysts reform infrastructure energy investment "
    "balance pragmatic approach decision framework obligations guarantees concessions "
    "verification inspection missile programme delegation ministry officials statement "
    "envoy proposal measures support resolution council commitment deterrence escalation "
    "restraint confidence channel assistance humanitarian shipping railway pipeline "
    "corridor tariffs exports imports"
)
RU_FUNCTION = _words(
    "и в на что с по не как для это его о от к при их же но а также между были однако после более"
)
RU_CONTENT = _words(
    "переговоры санкции безопасность полуостров сотрудничество политика отношения "
    "соглашение давление диалог руководство интересы граница торговля влияние саммит "
    "альянс стабильность развитие инициатива позиция партнёры регион кризис государства "
    "эксперты аналитики ядерный экономический дипломатический военный стратегический "
    "региональный международный решение подход баланс гарантии уступки проверка "
    "программа делегация министерство заявление предложение меры поддержка резолюция "
    "совет сдерживание эскалация доверие помощь энергетика инвестиции инфраструктура "
    "коридор железная дорога трубопровод экспорт импорт"
)


class Vocabulary:
    """A language's words, drawn as in real text: function words two times in five, the
    rest by Zipf's law (a word's frequency falls with its rank) over the real words spread
    among a few thousand made-up ones, so that a rare word matches few articles."""

    def __init__(self, function, content, onsets, vowels, codas, size: int):
        made_up = _made_up_words(onsets, vowels, codas, size, exclude=set(content))
        # The real words at ranks from 5 to about 3,000: some common, some rare.
        for i, word in enumerate(content):
            made_up.insert(min(int(5 * 1.055**i), len(made_up)), word)
        self.function, self.ranked = function, made_up

    def draw(self, rng: random.Random, count: int) -> list[str]:
        ranks = len(self.ranked)
        return [
            rng.choice(self.function)
            if rng.random() < 0.4
            else self.ranked[int(ranks ** rng.random()) - 1]
            for _ in range(count)
        ]


def _made_up_words(onsets, vowels, codas, size: int, exclude: set[str]) -> list[str]:
    rng = random.Random("vocabulary")
    words: dict[str, None] = {}
    while len(words) < size:
        syllables = rng.choice((2, 2, 3, 3, 4))
        word = "".join(
            rng.choice(onsets) + rng.choice(vowels) + rng.choice(codas) for _ in range(syllables)
        )
        if word not in exclude:
            words[word] = None
    return list(words)


EN = Vocabulary(
    EN_FUNCTION,
    EN_CONTENT,
    _words("b c d f g h k l m n p r s t v z br cr dr gr pr st tr sh ch"),
    _words("a e i o u ai ea ou"),
    ["", "", "n", "r", "s", "l", "t", "m"],
    size=8000,
)
RU = Vocabulary(
    RU_FUNCTION,
    RU_CONTENT,
    _words("б в г д ж з к л м н п р с т ф х ц ч ш пр ст тр кр"),
    _words("а е и о у ы я ю"),
    ["", "", "н", "р", "с", "л", "т", "м"],
    size=5000,
)
EN_ADJECTIVES = _words(
    "nuclear regional economic maritime strategic bilateral multilateral humanitarian "
    "financial military diplomatic trilateral energy digital border northern southern "
    "eastern western arctic pacific continental cyber space naval agricultural industrial "
    "monetary security trade transport climate migration academic cultural legal "
    "parliamentary electoral technological scientific informational demographic "
    "sanctions-era post-summit pre-war postwar inter-Korean Sino-Russian Russia-DPRK "
    "US-DPRK Japan-Korea ASEAN BRICS"
)
EN_NOUNS = _words(
    "diplomacy sanctions summit dialogue security cooperation talks alliance policy "
    "deterrence trade corridor pipeline railway investment reform negotiations "
    "verification disarmament tariffs exports shipping fisheries labour tourism aid "
    "banking currency elections parliament courts media propaganda intelligence "
    "missiles submarines satellites drills exercises blockade embargo refugees "
    "remittances logistics ports airspace grain fertiliser oil gas coal minerals "
    "semiconductors universities think-tanks archives memory"
)
RU_ADJECTIVES = _words(
    "ядерная региональная экономическая морская стратегическая двусторонняя "
    "многосторонняя гуманитарная финансовая военная дипломатическая энергетическая "
    "пограничная северная южная восточная западная арктическая тихоокеанская "
    "транспортная торговая научная культурная правовая цифровая"
)
RU_NOUNS = _words(
    "дипломатия безопасность политика повестка стратегия торговля логистика энергетика "
    "интеграция модернизация реформа миграция демография пропаганда разведка оборона "
    "инфраструктура дипломатия-2 экономика солидарность стабильность напряжённость "
    "архитектура взаимозависимость конкуренция"
)
TOPICS = (
    "Korean Peninsula",
    "North Korea",
    "South Korea",
    "Russia",
    "United States",
    "China",
    "Japan",
    "Asia and the Pacific",
    "Central Asia",
    "Middle East",
    "Europe",
    "Africa",
    "Latin America",
    "Arctic",
    "Global Governance",
    "International Security",
    "Nuclear Non-Proliferation",
    "Energy",
    "Economy and Trade",
    "Migration",
    "Climate",
    "Cybersecurity",
    "Education and Science",
    "Culture",
    "BRICS",
    "SCO",
    "ASEAN",
    "United Nations",
    "Sanctions Policy",
    "Transport Corridors",
)
TYPES = ("Analysis", "Opinion", "Interview / expert commentary", "Report", "News")
EN_FIRST = _words(
    "Konstantin Georgy Andrey Ivan Elena Maria Anna Olga Sergey Dmitry Alexei Natalia "
    "Irina Pavel Mikhail Tatiana Yuri Victoria James Sarah David Emma Robert Laura Thomas "
    "Claire Peter Julia Hiroshi Min-jun Ji-woo Wei Li Fatima Omar Amara Lucas Sofia Mateo "
    "Ingrid"
)
EN_LAST = _words(
    "Asmolov Toloraya Lankov Zhebin Ivashentsov Kortunov Timofeev Lukin Suslov Fenenko "
    "Gabuev Trenin Karaganov Bordachev Lukyanov Kashin Zakharova Orlova Petrova Smirnova "
    "Carter Bennett Hughes Fischer Moreau Rossi Tanaka Kim Park Lee Chen Wang Haddad "
    "Mensah Okafor Silva Costa Novak Lindqvist Dubois Schmidt Jensen Kowalski Horvat "
    "Ivanova Volkova Sokolov Morozov Popov Kuznetsov Vasiliev Pavlov Semenov Golubev "
    "Vinogradov Bogdanov Vorobiev Fedorov Mikhailov"
)
RU_FIRST = _words("Константин Георгий Андрей Иван Елена Мария Анна Ольга Сергей Дмитрий")
RU_LAST = _words(
    "Асмолов Торкунов Лавров Жебин Иващенцов Кортунов Тимофеев Лукин Суслов Фененко "
    "Габуев Тренин Караганов Бордачёв Лукьянов Кашин Захаров Орлов Петров Смирнов"
)
AFFILIATIONS = (
    "Leading Research Fellow, Center for Korean Studies, Institute of Far Eastern Studies",
    "Professor, Moscow State Institute of International Relations (MGIMO)",
    "Senior Fellow, Centre for Strategic Research",
    "Programme Director, Russian International Affairs Council",
    "Associate Professor, Higher School of Economics",
    "Visiting Scholar, Institute of World Economy and International Relations",
    "",
)
ROLES = ("", "", "", "co-author", "interviewed expert", "editor", "translator")
START = datetime.date(1996, 1, 1)
DAYS = 30 * 365


def author_name(index: int) -> str:
    """Author ``index``'s name, unique for each index; every fourth one is in Cyrillic."""
    if index % 4 == 3:
        first, last, number = RU_FIRST, RU_LAST, index // 4
    else:
        first, last, number = EN_FIRST, EN_LAST, index - index // 4
    name = f"{first[number % len(first)]} {last[number // len(first) % len(last)]}"
    cycle = number // (len(first) * len(last))
    return f"{name} {cycle + 1}" if cycle else name


def author_affiliation(index: int) -> str:
    return AFFILIATIONS[index % len(AFFILIATIONS)]


def tag_vocabulary(language: str) -> list[str]:
    """The tags articles in ``language`` draw from: a few thousand in English."""
    adjectives, nouns = (RU_ADJECTIVES, RU_NOUNS) if language == "ru" else (EN_ADJECTIVES, EN_NOUNS)
    return [f"{adjective} {noun}" for noun in nouns for adjective in adjectives]


EN_TAGS = tag_vocabulary("en")
RU_TAGS = tag_vocabulary("ru")


def slug_for(seed: int, n: int) -> str:
    return f"corpus-{seed}-{n}"


def language_of(seed: int, n: int) -> str:
    """The language of article ``n``: its generator's first draw."""
    return _draw_language(random.Random(f"{seed}:{n}"))


def _draw_language(rng: random.Random) -> str:
    return "ru" if rng.randrange(5) == 0 else "en"


def corpus_record(seed: int, n: int, authors: int) -> dict:
    """Article ``n`` of the corpus made from ``seed``, crediting some of ``authors``. Its
    related articles and links are to earlier articles; related ones in its own language."""
    rng = random.Random(f"{seed}:{n}")
    russian = _draw_language(rng) == "ru"
    vocabulary = RU if russian else EN
    title = _sentence(rng, vocabulary, rng.randint(5, 10), end="")
    standfirst = " ".join(_sentence(rng, vocabulary, rng.randint(12, 24)) for _ in range(2))
    credits = [
        {
            "name": author_name(index),
            "affiliation": author_affiliation(index),
            "role": rng.choice(ROLES),
        }
        for index in _distinct(rng, authors, rng.choice((1, 1, 1, 2, 2, 3)))
    ]
    record = {
        "title": title,
        "slug": slug_for(seed, n),
        "standfirst": standfirst,
        "date": (START + datetime.timedelta(days=rng.randrange(DAYS))).isoformat(),
        "type": rng.choice(TYPES),
        "language": "ru" if russian else "en",
        "authors": credits,
        "tags": _tags(rng, RU_TAGS if russian else EN_TAGS),
        "topics": [TOPICS[i] for i in _distinct(rng, len(TOPICS), rng.randint(1, 3))],
        "body": _body(rng, vocabulary, seed, n),
    }
    if n and rng.randrange(4) == 0:
        earlier = _distinct(rng, n, min(n, rng.randint(1, 3)))
        same = [k for k in earlier if language_of(seed, k) == record["language"]]
        if same:
            record["related"] = [{"slug": slug_for(seed, k)} for k in same]
    return record


def corpus_records(seed: int, count: int, authors: int, start: int = 0) -> Iterator[dict]:
    for n in range(start, count):
        yield corpus_record(seed, n, authors)


def _tags(rng: random.Random, vocabulary: list[str]) -> list[str]:
    """Two to eight tags, skewed to the front of the vocabulary: a few are common, most rare."""
    wanted = rng.randint(2, 8)
    tags: dict[str, None] = {}
    while len(tags) < wanted:
        tags[vocabulary[int(len(vocabulary) * rng.random() ** 3)]] = None
    return list(tags)


def _distinct(rng: random.Random, population: int, count: int) -> list[int]:
    return rng.sample(range(population), min(count, population))


def _sentence(rng: random.Random, vocabulary: Vocabulary, length: int, end: str = ".") -> str:
    text = " ".join(vocabulary.draw(rng, length))
    return text[0].upper() + text[1:] + end


def _body(rng: random.Random, vocabulary: Vocabulary, seed: int, n: int) -> str:
    words_left = rng.randint(800, 3000)
    parts: list[str] = []
    while words_left > 0:
        if len(parts) == 2 or (parts and rng.randrange(5) == 0):
            parts.append(
                f"<h2>{escape(_sentence(rng, vocabulary, rng.randint(3, 7), end=''))}</h2>"
            )
        sentences = [
            _sentence(rng, vocabulary, rng.randint(8, 25)) for _ in range(rng.randint(3, 7))
        ]
        words_left -= sum(s.count(" ") + 1 for s in sentences)
        paragraph = " ".join(escape(s) for s in sentences)
        if n and rng.randrange(4) == 0:
            target = rng.randrange(n)
            language = language_of(seed, target)
            prefix = "" if language == "en" else f"/{language}"
            phrase = escape(_sentence(rng, vocabulary, 3, end=""))
            paragraph += f' <a href="{prefix}/articles/{slug_for(seed, target)}/">{phrase}</a>.'
        if rng.randrange(8) == 0:
            parts.append(f"<blockquote>{paragraph}</blockquote>")
        else:
            parts.append(f"<p>{paragraph}</p>")
    return "".join(parts)
