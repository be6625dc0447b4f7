"""Property tests: values survive the workbook round trip; perturbations are caught by the right rule;
corrupted bytes never produce a traceback."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from report_kit.checker import check
from report_kit.errors import ReportKitError
from report_kit.api import make_workbook
from report_kit.form import FORM, Kind
from report_kit.form import form2021 as layout
from report_kit.submission import Submission
from report_kit.workbook.reader import read_workbook

SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
counts = st.integers(min_value=0, max_value=10**9)
money = st.decimals(min_value=0, max_value=10**6, places=3, allow_nan=False, allow_infinity=False)


@st.composite
def consistent_submissions(draw):
    """Random inputs for which R1–R4 hold: carried_out = new + carried_in − handled, per column."""
    values = {}
    for f in FORM.inputs:
        values[f.id] = draw(money) if f.kind is Kind.MONEY else draw(st.integers(0, 50))
    for col in layout.T3_APPLICANT_COLUMNS:
        handled = sum(values[f"t3_{r}_{col}"] for r in layout.T3_RESULT_ROWS)
        carried_out = draw(st.integers(0, 20))
        values[f"t3_carried_out_{col}"] = carried_out
        values[f"t3_carried_in_{col}"] = draw(st.integers(0, handled + carried_out))
        values[f"t3_new_{col}"] = handled + carried_out - values[f"t3_carried_in_{col}"]
    # Written prose makes it a return even when every number is 0 (zero is real data; untouched is not).
    return Submission(facts={"agency": "某局", "year": 2024}, values=values,
                      prose={"overview_intro": "本年度依法做好政府信息公开工作。"})


def _roundtrip(submission: Submission) -> Submission:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "wb.xlsx"
        path.write_bytes(make_workbook(data=submission))
        return read_workbook(path)


@SETTINGS
@given(consistent_submissions())
def test_values_survive_the_workbook_and_pass_every_rule(submission):
    back = _roundtrip(submission)
    assert back.values == submission.values
    assert check(back).errors == []


@SETTINGS
@given(consistent_submissions(), st.sampled_from([f.id for f in FORM.inputs if f.table == "t3"]),
       st.integers(1, 5))
def test_a_single_cell_perturbation_is_caught_naming_that_cell(submission, field_id, delta):
    submission.values[field_id] += delta
    errors = check(submission).errors
    assert errors, field_id
    assert any(field_id in e.fields or any(field_id in FORM.inputs_under(i) for i in e.fields) for e in errors)
    column = FORM.field(field_id).column_label.split("·")[-1]  # R1 names the column by its leaf label
    assert any(column in e.message for e in errors if e.code == "R1")


_BLANK = make_workbook("某局", 2024)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, len(_BLANK) - 1), st.integers(0, 255)), min_size=1, max_size=20))
def test_corrupted_bytes_never_raise_anything_but_a_clear_error(changes):
    data = bytearray(_BLANK)
    for position, byte in changes:
        data[position] = byte
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "x.xlsx"
        path.write_bytes(bytes(data))
        try:
            read_workbook(path)
        except ReportKitError as error:
            assert str(error).startswith("“x.xlsx”")


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(consistent_submissions(), min_size=1, max_size=4))
def test_the_aggregate_is_the_field_by_field_sum_and_passes_r1_to_r4(parts):
    from report_kit.round.aggregate import aggregate, aggregate_workbook
    from report_kit.round.operations import check_round

    with tempfile.TemporaryDirectory() as folder:
        files = []
        for i, part in enumerate(parts):
            part.facts["agency"] = f"第{i}局"
            files.append(Path(folder) / f"{i}.xlsx")
            files[-1].write_bytes(make_workbook(data=part))
        result = aggregate(check_round(files, jobs=1), "某某县人民政府")
        (Path(folder) / "sum.xlsx").write_bytes(aggregate_workbook(result))
        summed = read_workbook(Path(folder) / "sum.xlsx")
    assert len(result.included) == len(parts)
    totals = summed.computed()
    for f in FORM.numbers:
        assert totals[f.id] == sum(p.computed()[f.id] for p in parts), f.id
    assert [f for f in check(summed).errors if f.code in ("R1", "R2", "R3", "R4")] == []
