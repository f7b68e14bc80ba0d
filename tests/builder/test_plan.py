"""Planning a build: notebooks, parameter sets and sweeps, report names; everything checked before any kernel starts."""

from __future__ import annotations

import pytest

from wbanalysis.builder import build, plan
from wbanalysis.errors import ParameterError

NB = plan.find(["02"])[0]


def test_report_names():
    assert plan.report_name(NB, {}) == "02_institutional_frameworks"
    assert plan.report_name(NB, {"focus_country": "SRB"}) == "02_institutional_frameworks__focus_country-SRB"
    assert plan.report_name(NB, {"countries": ["ALB", "XKX"], "dedupe": False}) == (
        "02_institutional_frameworks__countries-ALB+XKX__dedupe-false"
    )


def test_parameter_sets_are_a_grid_over_the_base(tmp_path):
    sets = plan.parameter_sets({"dedupe": False}, ["focus_country=ALB,SRB", "start_year=2023,2024"])
    assert len(sets) == 4 and all(s["dedupe"] is False for s in sets)
    assert {"focus_country": "SRB", "start_year": 2024, "dedupe": False} in sets
    listed = tmp_path / "sets.yaml"
    listed.write_text("- {focus_country: ALB}\n- {focus_country: XKX, countries: [XKX, SRB]}\n", encoding="utf-8")
    assert plan.parameter_sets({}, [], str(listed))[1] == {"focus_country": "XKX", "countries": ["XKX", "SRB"]}


@pytest.mark.parametrize("bad", ["focus_country", "=ALB", "focus_country="])
def test_malformed_sweep(bad):
    with pytest.raises(ParameterError, match="expected NAME=V1,V2"):
        plan.parse_sweep(bad)


def test_params_file_errors(tmp_path):
    with pytest.raises(ParameterError, match="file not found"):
        plan.read_params_file(str(tmp_path / "missing.yaml"))
    (tmp_path / "x.yaml").write_text("focus_country: ALB\n", encoding="utf-8")
    with pytest.raises(ParameterError, match="expected a list of parameter sets"):
        plan.read_params_file(str(tmp_path / "x.yaml"))


def test_sweep_with_an_invalid_value_fails_before_any_kernel(tmp_path):
    with pytest.raises(ParameterError, match="focus_country: unknown country 'Narnia'"):
        build(["02"], {}, out_dir=tmp_path, sweeps=["focus_country=ALB,Narnia"])
    assert not list(tmp_path.iterdir())


def test_a_parameter_no_notebook_has_is_refused():
    with pytest.raises(ParameterError, match="no selected notebook has a parameter 'weights'"):
        plan.plan([], [{"weights": 1}])


def test_a_parameter_some_notebooks_have_goes_to_those_only():
    jobs = plan.plan([], [{"dedupe": False}])
    by_notebook = {job.notebook.stem: dict(job.params) for job in jobs}
    assert by_notebook["02_institutional_frameworks"] == {"dedupe": False}
    assert by_notebook["00_overview"] == {}


def test_a_variant_into_the_default_folder_carries_its_parameters(monkeypatch, tmp_path):
    from wbanalysis.builder import plan as build

    jobs = build.plan(["02"], [{"focus_country": "ALB", "dedupe": True}], name_changes=True)
    assert [j.name for j in jobs] == ["02_institutional_frameworks__focus_country-ALB"]
    assert all(j.variant for j in jobs)
    assert [j.name for j in build.plan(["02"], [{"focus_country": "SRB"}], name_changes=True)] == [
        "02_institutional_frameworks"
    ]
    assert [j.name for j in build.plan(["02"], [{"focus_country": "ALB"}])] == ["02_institutional_frameworks"]


def test_identical_variants_of_a_sweep_are_planned_once():
    from wbanalysis.builder import plan as build

    sets = build.parameter_sets({}, ["dedupe=true,false"])
    jobs = build.plan(["01", "02"], sets, vary=["dedupe"])
    assert sorted(j.name for j in jobs) == [
        "01_strategic_imperative",
        "02_institutional_frameworks__dedupe-false",
        "02_institutional_frameworks__dedupe-true",
    ]


def test_a_year_range_for_every_notebook_is_narrowed_to_each_ones_data():
    """2018-2023 asked of all: the overview keeps it, chapter 2 (data 2023-2025) gets 2023-2023, none refused."""
    from wbanalysis.params import years_with_data

    jobs = {j.notebook.stem: j.params for j in plan.plan([], [{"start_year": 2018, "end_year": 2023}], [])}
    assert jobs["00_overview"] == {"start_year": 2018, "end_year": 2023}
    years = years_with_data("02_institutional_frameworks")
    assert jobs["02_institutional_frameworks"] == {"start_year": max(2018, years[0]), "end_year": min(2023, years[-1])}


def test_a_notebook_whose_data_miss_the_years_is_left_out_and_named(capsys):
    jobs = plan.plan([], [{"start_year": 2010, "end_year": 2015}], [])
    assert "02_institutional_frameworks" not in {j.notebook.stem for j in jobs}
    assert "00_overview" in {j.notebook.stem for j in jobs}
    told = capsys.readouterr().err
    assert "left out" in told and "the data of 02_institutional_frameworks cover" in told
    with pytest.raises(ParameterError, match="the data of 02_institutional_frameworks cover"):
        plan.plan(["02"], [{"start_year": 2010, "end_year": 2015}], [])  # asked of that notebook alone: refused
