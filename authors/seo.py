"""An author page's schema.org data: the ``ProfilePage`` of ``cms.core.seo``, its
``Person`` told what the person knows about (the expertise topics' names), the languages
they speak (ISO 639-1 codes, as schema.org asks) and the pages that are also them (the
ORCID record, the profile links). Never a contact address."""

from cms.core.seo import profile_page


def expert_profile_page(page, request, facts) -> dict:
    data = profile_page(page, request)
    person = data["mainEntity"]
    person.pop("sameAs", None)  # the links again below, web addresses only
    same_as = [page.orcid_link] if page.orcid else []
    same_as += [link["url"] for _id, link in page.web_links()]
    if same_as:
        person["sameAs"] = same_as
    if page.orcid:
        person["identifier"] = {
            "@type": "PropertyValue",
            "propertyID": "ORCID",
            "value": page.orcid,
        }
    if facts.topics:
        person["knowsAbout"] = [name for name, _slug in facts.topics]
    if facts.languages:
        person["knowsLanguage"] = facts.languages
    return data
