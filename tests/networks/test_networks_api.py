"""School networks through the API: a coordinator builds one (by hand, by region, from a CSV with its preview),
names a lead, and the lead sees the network's schools and nothing else."""

from __future__ import annotations

from sqlalchemy import select

from accreditation.extensions import db
from accreditation.models import School
from tests.applications.builders import start
from tests.networks.conftest import LEAD
from workflows.roles import NETWORK_LEAD


def _school_ids(app) -> dict[str, int]:
    with app.app_context():
        return {s.national_id: s.id for s in db.session.scalars(select(School))}


def _network(api, name: str = "Bălți district", as_: str = "coord_md") -> int:
    answer = api.post("/networks", as_=as_, json={"name": name, "country": "MD"})
    assert answer.status_code == 201, answer.get_json()
    return answer.get_json()["id"]


def test_coordinator_builds_a_network_by_hand_region_and_csv(app, api):
    ids = _school_ids(app)
    assert api.post("/networks", as_="coord_ua", json={"name": "X", "country": "MD"}).status_code == 403
    assert api.post("/networks", as_="head_a", json={"name": "X", "country": "MD"}).status_code == 403
    network = _network(api)

    by_hand = api.post(f"/networks/{network}/schools", as_="coord_md", json={"school_ids": [ids["MD-1001"]]})
    assert by_hand.get_json() == {"added": 1, "rows": []}
    foreign = api.post(f"/networks/{network}/schools", as_="coord_md", json={"school_ids": [ids["UA-2001"]]})
    assert foreign.status_code == 422
    assert "another country" in str(foreign.get_json())

    by_region = api.post(f"/networks/{network}/schools", as_="coord_md", json={"region": "MD-BA"})
    assert by_region.get_json()["added"] == 2
    again = api.post(f"/networks/{network}/schools", as_="coord_md", json={"region": "MD-BA"})
    assert again.get_json()["added"] == 0

    csv = "national_id,name\nMD-1003,C\nMD-0000,unknown\nMD-1003,twice\nUA-2001,foreign\n,empty\n"
    preview = api.post(f"/networks/{network}/schools", as_="coord_md", json={"csv": csv, "preview": True})
    rows = preview.get_json()["rows"]
    assert preview.get_json()["added"] == 0
    assert [(r["line"], r["national_id"], r["problem"] is None) for r in rows] == [
        (2, "MD-1003", True),
        (3, "MD-0000", False),
        (4, "MD-1003", False),
        (5, "UA-2001", False),
        (6, "", False),
    ]
    assert rows[0]["school_name"] == "Liceul Chișinău C"
    assert "twice" in rows[2]["problem"]
    assert api.get(f"/networks/{network}", as_="coord_md").get_json()["schools"] == 3  # the preview added nothing
    applied = api.post(f"/networks/{network}/schools", as_="coord_md", json={"csv": csv})
    assert applied.get_json()["added"] == 1
    assert api.get(f"/networks/{network}", as_="coord_md").get_json()["schools"] == 4

    both = api.post(f"/networks/{network}/schools", as_="coord_md", json={"region": "MD-BA", "csv": csv})
    assert both.status_code == 422


def test_a_network_lead_sees_only_the_networks_schools(app, api, world, sent):
    ids = _school_ids(app)
    with app.app_context():
        start(world, "ciss", "a")  # school A has an application in progress
        db.session.remove()
    network = _network(api)
    other = _network(api, "Another network", as_="admin")
    api.post(f"/networks/{network}/schools", as_="coord_md", json={"school_ids": [ids["MD-1001"]]})
    api.post(f"/networks/{network}/schools", as_="coord_md", json={"region": "MD-BA"})
    api.post(f"/networks/{other}/schools", as_="admin", json={"school_ids": [ids["MD-1003"]]})

    # Before being named, the person sees nothing.
    assert api.get("/networks", as_="lead").get_json() == []
    assert api.get(f"/networks/{network}/progress", as_="lead").status_code == 404
    assert api.post(f"/networks/{network}/leads", as_="lead", json={"email": LEAD}).status_code == 404
    assert api.post(f"/networks/{network}/leads", as_="coord_md", json={"email": "nobody@x.org"}).status_code == 422
    named = api.post(f"/networks/{network}/leads", as_="coord_md", json={"email": LEAD.upper()})
    assert named.status_code == 201

    listed = api.get("/networks", as_="lead").get_json()
    assert [(n["id"], n["may_manage"], n["your_role"]) for n in listed] == [(network, False, NETWORK_LEAD)]
    progress = api.get(f"/networks/{network}/progress", as_="lead").get_json()
    assert {p["school_id"] for p in progress} == {ids["MD-1001"], ids["MD-2001"], ids["MD-2002"]}
    school_a = next(p for p in progress if p["school_id"] == ids["MD-1001"])
    assert school_a["programme"] == "ciss" and school_a["state"]
    assert all(p["state"] is None for p in progress if p["school_id"] != ids["MD-1001"])

    # ... and nothing else: not the other network, no changes, no coordinators' figures, no school's own data.
    assert api.get(f"/networks/{other}", as_="lead").status_code == 404
    assert api.get(f"/networks/{other}/progress", as_="lead").status_code == 404
    change = api.post(f"/networks/{network}/schools", as_="lead", json={"region": "MD-CU"})
    assert change.status_code == 403
    assert api.post(f"/networks/{network}/leads", as_="lead", json={"email": LEAD}).status_code == 403
    assert api.post("/networks", as_="lead", json={"name": "Mine", "country": "MD"}).status_code == 403
    assert api.get("/stats/regional-index?programme=ciss&country=MD", as_="lead").status_code == 403
    assert api.get(f"/schools/{ids['MD-1001']}", as_="lead").status_code in (403, 404)
    assert api.get("/applications", as_="lead").get_json() == []

    # A coordinator of another country does not see the network either.
    assert api.get(f"/networks/{network}", as_="coord_ua").status_code == 404
    assert [n["id"] for n in api.get("/networks", as_="coord_ua").get_json()] == []
