from search.connection import get_client


def test_the_fake_answers_like_elasticsearch_and_records_requests(fake_es):
    client = get_client()
    assert client.search(index="x", query={"match_all": {}})["hits"]["hits"] == []
    assert fake_es.of("_search")[0].body == {"query": {"match_all": {}}}
