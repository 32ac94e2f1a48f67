"""A save scores the audit again only when an answer's value was saved (not for a comment
alone); the cached score must always equal a full rescore, whatever saves led to it."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from audit.extensions import db
from audit.services.answers import save_answers
from audit.services.scores import compute_score

VALUES = {
    "greeted": st.sampled_from(["yes", "no", None]),
    "warmth": st.sampled_from([1, 3, 5, None]),
    "wait": st.sampled_from([0, 4, 7, 12, None]),
    "notes": st.sampled_from(["", "Busy", None]),
}
# One save: some answers (None removes one) and/or some comments.
SAVE = st.tuples(
    st.fixed_dictionaries({}, optional=VALUES),
    st.dictionaries(st.sampled_from(sorted(VALUES)), st.sampled_from(["", "seen", "noted"])),
)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(saves=st.lists(SAVE, min_size=1, max_size=8))
def test_cached_score_is_a_full_rescore_after_any_saves(factory, saves):
    audit = factory.audit(status="in_progress")
    for answers, comments in saves:
        save_answers(audit, audit.auditor, answers, comments=comments)
        db.session.commit()
        db.session.expire_all()
        assert audit.score == compute_score(audit).to_dict()
        assert audit.overall == audit.score["overall"]


def test_a_comment_alone_does_not_score_again(factory, monkeypatch):
    audit = factory.audit(status="in_progress")
    save_answers(audit, audit.auditor, {"greeted": "yes"})
    scored = []
    monkeypatch.setattr("audit.services.answers.refresh_score", scored.append)
    save_answers(audit, audit.auditor, {}, comments={"greeted": "Warm welcome"})
    assert scored == []
    save_answers(audit, audit.auditor, {"greeted": "no"})
    assert scored == [audit]
