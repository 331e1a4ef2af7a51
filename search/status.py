"""What ``manage.py search_index status`` reports: the cluster, the alias, the outbox, and
how the live mapping differs from the one in code."""

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from .connection import ES_ERRORS, alias_name, es_settings, get_client, is_configured
from .documents import CORE_ANALYSIS, LANGUAGE_ANALYSIS, index_body, indexable_articles
from .models import IndexChange
from .outbox import describe, pending_summary
from .rebuild import indices_behind, indices_of_ours

ANALYSIS_DESCRIPTIONS = {
    LANGUAGE_ANALYSIS: "language (stemming, stop words and folding, from analysis-common)",
    CORE_ANALYSIS: (
        "core (standard tokenizer, lowercase, stop words: the cluster has no analysis-common)"
    ),
}


def mapping_differences(live_mappings: dict, live_analysis: dict | None = None) -> list[str]:
    """How the live index differs from search.documents.index_body(), one line each, for
    the analysis the index records it was built with.

    Extra fields in the live index (added by hand or by dynamic mapping) are reported too.
    """
    code = index_body(analysis_of(live_mappings))
    expected = _flatten(_normalise(code["mappings"]))
    actual = _flatten(_normalise(live_mappings))
    differences = []
    for key, value in expected.items():
        if key not in actual:
            differences.append(f"mapping {key}: missing in the index (code: {value})")
        elif actual[key] != value:
            differences.append(f"mapping {key}: index has {actual[key]}, code has {value}")
    fields = {key.rsplit(".", 1)[0] for key in expected}
    differences += [
        f"mapping {key}: in the index only ({actual[key]})"
        for key in sorted(actual)
        if key.rsplit(".", 1)[0] not in fields and key not in expected
    ]
    if live_analysis is not None:
        expected = _flatten(code["settings"].get("analysis", {}))
        actual = _flatten(live_analysis)
        for key, value in expected.items():
            if actual.get(key) != value:
                shown = actual.get(key, "missing")
                differences.append(f"analysis {key}: index has {shown}, code has {value}")
    return differences


def analysis_of(mappings: dict) -> str:
    """The analysis an index was built with, from its mapping's ``_meta``."""
    meta = mappings.get("_meta") if isinstance(mappings, dict) else None
    analysis = meta.get("analysis") if isinstance(meta, dict) else None
    return analysis if analysis in ANALYSIS_DESCRIPTIONS else LANGUAGE_ANALYSIS


def _normalise(mapping: Any) -> Any:
    # Elasticsearch leaves out "type": "object" of an object with properties.
    if not isinstance(mapping, dict):
        return mapping
    result = {key: _normalise(value) for key, value in mapping.items()}
    if "properties" in result and result.get("type") == "object":
        del result["type"]
    return result


def _flatten(value, prefix: str = "") -> dict[str, str]:
    if isinstance(value, dict):
        flat = {}
        for key, item in value.items():
            flat.update(_flatten(item, f"{prefix}.{key}" if prefix else str(key)))
        return flat
    if isinstance(value, list | tuple):
        return {prefix: ",".join(str(v) for v in value)}
    return {prefix: str(value).lower() if isinstance(value, bool) else str(value)}


@dataclass
class IndexStatus:
    configured: bool
    alias: str = ""
    url: str = ""
    cluster: str = ""
    health: str = ""
    error: str = ""
    indices: list[str] = field(default_factory=list)
    leftover: list[str] = field(default_factory=list)  # ours, but not behind the alias
    analysis: str = ""  # a description, from ANALYSIS_DESCRIPTIONS
    documents: int | None = None
    articles: int = 0
    pending: int = 0
    oldest_pending: datetime | None = None
    last_error: str = ""
    mapping_differences: list[str] = field(default_factory=list)

    @property
    def healthy(self) -> bool:
        return not self.error and len(self.indices) == 1 and not self.mapping_differences


def index_status() -> IndexStatus:
    """What the cluster and the outbox say; Elasticsearch errors become ``error`` text."""
    if not is_configured():
        return IndexStatus(configured=False)
    alias = alias_name()
    pending = pending_summary()
    last = (
        IndexChange.objects.pending()
        .exclude(last_error="")
        .order_by("-id")
        .values_list("last_error", flat=True)
    )
    status = IndexStatus(
        configured=True,
        alias=alias,
        url=_without_credentials(es_settings()["URL"]),
        articles=indexable_articles().count(),
        pending=pending.count,
        oldest_pending=pending.oldest,
        last_error=last.first() or "",
    )
    client = get_client()
    try:
        health = client.cluster.health()
        status.cluster, status.health = health.get("cluster_name", ""), health.get("status", "")
        status.indices = indices_behind(client, alias)
        status.leftover = sorted(set(indices_of_ours(client, alias)) - set(status.indices))
        if len(status.indices) == 1:
            index = status.indices[0]
            status.documents = client.count(index=index)["count"]
            mappings = client.indices.get_mapping(index=index)[index]["mappings"]
            index_settings = client.indices.get_settings(index=index)[index]["settings"]
            analysis = index_settings.get("index", {}).get("analysis", {})
            status.analysis = ANALYSIS_DESCRIPTIONS[analysis_of(mappings)]
            status.mapping_differences = mapping_differences(mappings, analysis)
    except ES_ERRORS as exc:
        status.error = describe(exc)
    except (KeyError, TypeError, ValueError) as exc:
        status.error = f"unexpected answer from Elasticsearch ({describe(exc)})"
    return status


def _without_credentials(url: str) -> str:
    scheme, sep, rest = url.partition("://")
    return f"{scheme}{sep}{rest.rpartition('@')[2]}" if sep else url.rpartition("@")[2]
