"""A network's figures (the dashboard's, scoped to the network) equal a hand count on a fixture written row by row:
schools by step, valid awards by level, the weakest criteria by the median reviewed level; small numbers hidden
(and a second cell of a row with its total shown); a school outside the network counts nowhere; who may read
them."""

from __future__ import annotations

from datetime import UTC, datetime

from accreditation.extensions import db
from accreditation.models import Application, NetworkLead, School, User
from accreditation.models.assessment import Snapshot
from accreditation.models.review import Judgment, Review
from accreditation.networks.errors import NetworkNotFound
from accreditation.networks.operations import add_schools, create_network
from accreditation.networks.progress import network_figures
from tests.applications.builders import person
from tests.builders import PASSWORD, csrf_token, sign_in, sign_out

ADMIN = "admin@example.org"
LEAD = "figures.lead@example.org"


def _at(month: int) -> datetime:
    return datetime(2025, month, 15, 12, tzinfo=UTC)


def _school(n: int) -> School:
    school = School(
        name=f"Net school {n}",
        national_id=f"NET-{n}",
        country_code="MD",
        region_code="MD-CU",
        language="ro",
        school_type="secondary",
        verification="verified",
    )
    db.session.add(school)
    db.session.flush()
    return school


def _application(school: School, state: str, level: str | None = None, cycle: int = 1) -> Application:
    application = Application(
        school_id=school.id,
        programme_code="ciss",
        cycle=cycle,
        is_open=cycle > 1 or state != "expired",
        state=state,
        award_level=level,
        created_at=_at(cycle),
    )
    db.session.add(application)
    db.session.flush()
    return application


def _review(application: Application, month: int, judgments: dict[str, tuple[str, int | None, int | None]]) -> None:
    snapshot = Snapshot(
        application_id=application.id,
        round=month,
        framework_code="hand",
        framework_version=1,
        record_version=month,
        share_at_benchmark=0.5,
        submitted_at=_at(month),
    )
    db.session.add(snapshot)
    db.session.flush()
    review = Review(
        application_id=application.id, snapshot_id=snapshot.id, round=month, decision="awarded", decided_at=_at(month)
    )
    db.session.add(review)
    db.session.flush()
    for code, (verdict, claimed, level) in judgments.items():
        db.session.add(
            Judgment(review_id=review.id, criterion_code=code, verdict=verdict, claimed_level=claimed, level=level)
        )


def _fixture(world) -> int:
    """20 schools in the network: 1 applied, 6 self-assessing, 7 certified (5 foundation, 2 established), 6 whose
    award expired; school 1 had an earlier application, whose reviews count (the latest decided one) but not its
    state. Six decided reviews: c1 levels
    1,1,2,2,3,3 (median 2), c2 3,3,3,3,3,4 (median 3), c3 in three schools only (hidden). School A (not in the
    network) has a review with c1 at 0 and a certified application: counted nowhere."""
    network = create_network(person(ADMIN), "Hand network", "MD")
    schools = [_school(n) for n in range(20)]
    add_schools(person(ADMIN), network.id, [s.id for s in schools])
    old = _application(schools[1], "expired", "foundation")  # an earlier application of school 1
    _review(old, 1, {"c1": ("different", 3, 0)})
    _application(schools[0], "applied")
    _application(schools[1], "self_assessment", cycle=2)
    for school in schools[2:7]:
        _application(school, "self_assessment")
    for school in schools[7:12]:
        _application(school, "certified", "foundation")
    for school in schools[12:14]:
        _application(school, "certified", "established")
    for school in schools[14:20]:
        _application(school, "expired", "foundation")
    c1 = [1, 1, 2, 2, 3, 3]
    c2 = [3, 3, 3, 3, 3, 4]
    for n, school in enumerate(schools[7:13]):
        application = db.session.get(Application, _latest(school.id))
        judgments = {"c1": ("agree", c1[n], None), "c2": ("different", 4, c2[n])}
        if n < 3:
            judgments["c3"] = ("agree", 0, None)
        _review(application, 3, judgments)
    _review(old, 2, {"c1": ("agree", 1, None), "c2": ("agree", 3, None)})  # school 1's latest decided review
    outside = _application(db.session.get(School, world.school_a), "certified", "foundation")
    _review(outside, 3, {"c1": ("agree", 0, None)})
    lead = User(email=LEAD, name="Figures Lead", language="en")
    lead.set_password(PASSWORD)
    db.session.add(lead)
    db.session.flush()
    db.session.add(NetworkLead(network_id=network.id, user_id=lead.id))
    db.session.commit()
    return network.id


def _latest(school_id: int) -> int:
    return max(db.session.scalars(db.select(Application.id).where(Application.school_id == school_id)))


def test_the_networks_figures_equal_a_hand_count(app, world):
    with app.app_context():
        network_id = _fixture(world)
        figures = network_figures(person(LEAD), network_id)
        assert figures.schools == 20 and figures.threshold == 5
        (ciss,) = figures.programmes
        steps = {s.code: s.schools for s in ciss.steps}
        # applied 1 is hidden, and so is the next smallest (ended 6 before self-assessing 6): the total is shown.
        assert steps == {
            "not_started": 0,
            "apply": None,
            "self_assess": 6,
            "review": 0,
            "certified": 7,
            "ended": None,
            "closed": 0,
        }
        assert ciss.started == 20
        levels = {figure.code: figure.schools for figure in ciss.levels}
        assert levels == {"foundation": None, "established": None, "exemplary": 0}  # 5 and 2: both hidden
        assert ciss.awarded == 7
        # School 1's latest decided review gives c1 1 and c2 3: seven reviewed schools.
        assert ciss.reviewed == 7
        weakest = [(c.code, c.value, c.schools) for c in ciss.weakest]
        assert weakest == [("c1", 2.0, 7), ("c2", 3.0, 7)]  # c1: 1,1,1,2,2,3,3; c2: 3,3,3,3,3,3,4
        assert ciss.hidden_criteria == 1  # c3: three schools

        other = db.session.scalar(db.select(User.id).where(User.email == "coord.ua@example.org"))
        try:
            network_figures(db.session.get(User, other), network_id)
        except NetworkNotFound:
            pass
        else:
            raise AssertionError("a coordinator of another country reads the network's figures")


def test_the_figures_page_states_the_population_and_hides_small_numbers(app, client, world):
    with app.app_context():
        network_id = _fixture(world)
    sign_in(client, LEAD)
    network = client.get(f"/networks/{network_id}").get_data(as_text=True)
    assert f'href="/networks/{network_id}/progress"' in network
    page = client.get(f"/networks/{network_id}/progress")
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Computed on the network’s 20 schools" in text
    assert 'data-step="apply"><th scope="row">Applied</th><td class="number" data-cell="suppressed">' in text
    assert 'data-cell="7"' in text and "fewer than 5" in text
    assert 'data-criterion="c1">c1: 2.0' in text
    assert "1 criterion was reviewed in too few schools to be shown." in text
    csrf_token(network)  # the page has its forms
    sign_out(client)
    sign_in(client, "coord.ua@example.org")
    assert client.get(f"/networks/{network_id}/progress").status_code == 404


def test_an_empty_network_says_what_will_appear(app, client, world):
    with app.app_context():
        network = create_network(person(ADMIN), "Empty network", "MD")
        db.session.commit()
        network_id = network.id
    sign_in(client, ADMIN)
    text = client.get(f"/networks/{network_id}/progress").get_data(as_text=True)
    assert 'id="no-figures"' in text and "Computed on the network’s 0 schools" in text


def test_a_lone_small_count_is_hidden_with_a_zero_of_its_row(app, world):
    """One school, self-assessing: hiding its 1 alone would leave it to be worked out from the total (every other
    cell 0), so a zero is hidden with it, and so is the number started."""
    with app.app_context():
        network = create_network(person(ADMIN), "One school", "MD")
        school = _school(99)
        add_schools(person(ADMIN), network.id, [school.id])
        _application(school, "self_assessment")
        db.session.commit()
        (ciss,) = network_figures(person(ADMIN), network.id).programmes
        steps = {s.code: s.schools for s in ciss.steps}
        assert steps["self_assess"] is None and steps["not_started"] is None
        assert sum(1 for value in steps.values() if value is None) == 2 and ciss.started is None
