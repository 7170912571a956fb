"""Every edition of the fair, 2012-2025, as the research notes describe it.

Checks that the bundled dataset holds each national edition (and no 2015 or 2017 one) under the
name it had at the time, with its dates, ordinal, theme and guests; spot-checks a handful of
figures per edition against the research notes (value, qualifier, unit, plan or result, source
publisher and date); keeps plans apart from results and says so in comparisons; keeps
conflicting figures, linked both ways; never gives a reprint or mirror address; finds editions
by year, ordinal, old and new name, Chinese short name and theme; shows "not reported" where an
edition lacks a metric; and validates cleanly. Notes: ../shared/research/ciftis-editions-facts.md
and, for the second gathering (events, people, deals, context figures, more conflicts),
../shared/research/ciftis-more-facts.md.
"""

from __future__ import annotations

import itertools
import os
import re
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from ciftis.core.compare import compare
from ciftis.core.export import row_cells
from ciftis.core.loader import load
from ciftis.core.describe import describe
from ciftis.core.model import Status, Tier
from ciftis.core.search import SearchIndex

ROOT = Path(__file__).resolve().parent.parent
DATASET = ROOT / "dataset"
NOTES = ROOT.parent / "shared" / "research" / "ciftis-editions-facts.md"
MORE_NOTES = ROOT.parent / "shared" / "research" / "ciftis-more-facts.md"

HELD = (2012, 2013, 2014, 2016, 2018, 2019, 2020, 2021, 2022, 2023, 2024, 2025)
OLD_NAME = "China (Beijing) International Fair for Trade in Services"
NEW_NAME = "China International Fair for Trade in Services"


@pytest.fixture(scope="module")
def dataset():
    return load()


@pytest.fixture(scope="module")
def index(dataset):
    return SearchIndex(dataset)


def needs_notes():
    if not (NOTES.is_file() and MORE_NOTES.is_file()):
        if os.environ.get("CI"):
            pytest.fail(f"{NOTES} is missing; CI runs with ../shared beside the repository")
        pytest.skip("../shared is not beside this checkout")


# -- editions ------------------------------------------------------------------------------------
def test_every_edition_held_is_present_and_no_other(dataset):
    assert tuple(dataset.editions) == HELD
    assert 2015 not in dataset.editions and 2017 not in dataset.editions


@pytest.mark.parametrize("year", HELD)
def test_name_at_the_time(dataset, year):
    edition = dataset.editions[year]
    assert edition.name == (OLD_NAME if year <= 2018 else NEW_NAME)
    assert edition.title == (f"China (Beijing) IFTIS {year}" if year <= 2018 else f"CIFTIS {year}")
    assert set(edition.organizers) == {"mofcom", "beijing-government"}


@pytest.mark.parametrize(
    ("year", "start", "end"),
    [
        (2012, "2012-05-28", "2012-06-01"),
        (2013, "2013-05-28", "2013-06-01"),
        (2014, "2014-05-28", "2014-06-01"),
        (2016, "2016-05-28", "2016-06-01"),
        (2018, None, None),
        (2019, "2019-05-28", "2019-06-01"),
        (2020, "2020-09-04", "2020-09-09"),
        (2021, "2021-09-02", "2021-09-07"),
        (2022, "2022-08-31", "2022-09-05"),
        (2023, "2023-09-02", "2023-09-06"),
        (2024, "2024-09-12", "2024-09-16"),
        (2025, "2025-09-10", "2025-09-14"),
    ],
)
def test_dates_where_the_notes_give_them(dataset, year, start, end):
    edition = dataset.editions[year]
    assert (edition.start, edition.end) == ((date.fromisoformat(start), date.fromisoformat(end)) if start else (None, None))


def test_ordinals_count_the_national_editions(dataset):
    ordinals = {year: e.ordinal for year, e in dataset.editions.items()}
    assert ordinals == {2012: 1, 2013: 2, 2014: 3, 2016: 4, 2018: 5, 2019: 6, 2020: 7, 2021: 8, 2022: 9, 2023: 10, 2024: None, 2025: 12}
    for year in (2016, 2018, 2024):  # sources disagree: the note says why, and says which number the count gives
        note = dataset.editions[year].ordinal_note
        assert note and {2016: "fourth", 2018: "fifth", 2024: "Eleventh"}[year] in note
    # 2016 and 2018 are treated alike: each numbered, each note naming the page that counts 2017 instead
    assert all("2017" in dataset.editions[year].ordinal_note for year in (2016, 2018))
    assert "seven times since 2012" in dataset.editions[2020].ordinal_note


@pytest.mark.parametrize(
    ("year", "theme_en", "theme_zh", "guest", "province"),
    [
        (2012, "New Vision, New Opportunities, New Development", "新视野、新机遇、新发展", None, None),
        (2019, "Openness, Innovation, Intelligence, Integration", "开放、创新、智慧、融合", "Thailand", "Fujian"),
        (2020, "Global Services, Shared Prosperity", "全球服务,互惠共享", None, None),
        (2021, "Towards Digital Future and Service Driven Development", "数字开启未来,服务促进发展", "Ireland", "Zhejiang"),
        (2022, "Cooperate for Better Development, Innovate for a Greener Future", "服务合作促发展 绿色创新迎未来", "United Arab Emirates", None),
        (2023, "Openness leads development, cooperation creates a win-win future", "开放引领发展 合作共赢未来", "United Kingdom", "Guizhou"),
        (2024, "Global Services, Shared Prosperity", "全球服务 互惠共享", "France", None),
        (2025, "Embrace Intelligent Technologies, Empower Trade in Services", None, "Australia", "Anhui"),
    ],
)
def test_themes_and_guests(dataset, year, theme_en, theme_zh, guest, province):
    edition = dataset.editions[year]
    assert (edition.theme_en, edition.theme_zh, edition.guest_of_honour, edition.guest_province) == (theme_en, theme_zh, guest, province)


def test_venues_of_the_merged_editions(dataset):
    assert dataset.editions[2020].venues == ("China National Convention Center", "Beijing Olympic Park (temporary outdoor pavilions)")
    assert dataset.editions[2023].venues == ("China National Convention Center", "Shougang Park")
    assert dataset.editions[2025].venues == ("Shougang Park",)


# -- spot checks against the research notes ----------------------------------------------------------
# (figure id, owner, metric, value, unit, qualifier, plan?, as_of, source, publisher, source date)
SPOT = [
    # 2012
    ("2012-registered-enterprises", "edition:2012", "registered-enterprises", 1721, "count", "exact", False, None, "chinaorg-jp-2014-03-26", "China.org.cn, Japanese edition (People's Daily Online Japanese text)", "2014-03-26"),
    ("2012-intended-deal-value", "edition:2012", "intended-deal-value", 60110000000, "usd", "exact", False, None, "chinaorg-jp-2014-03-26", None, "2014-03-26"),
    ("2012-countries-regions", "edition:2012", "countries-regions", 82, "count", "exact", False, None, "chinaorg-jp-2014-03-26", None, "2014-03-26"),
    ("2012-individual-participants-registered", "edition:2012", "individual-participants", 20069, "people", "exact", True, "2012-05-25", "chinadaily-usa-2012-05-25", "China Daily (USA edition)", "2012-05-25"),
    ("2012-summit-forums-plan", "edition:2012", "summit-forums", 10, "count", "exact", True, None, "chinadaily-2012-05-25", "China Daily", "2012-05-25"),
    # 2013
    ("2013-intended-deal-value", "edition:2013", "intended-deal-value", 78690000000, "usd", "exact", False, None, "govcn-2013-06-02", "Chinese Government Web Portal (People's Daily report)", "2013-06-02"),
    ("2013-merchant-attendance", "edition:2013", "merchant-attendance", 138000, "person_times", "exact", False, None, "govcn-2013-06-02", None, "2013-06-02"),
    ("2013-contracts", "edition:2013", "contracts", 415, "count", "exact", False, None, "govcn-2013-06-02", None, "2013-06-02"),
    ("2013-countries-regions", "edition:2013", "countries-regions", 117, "count", "exact", False, None, "beijing-gov-2013-05-29", None, "2013-05-29"),
    # 2014
    ("2014-merchant-attendance", "edition:2014", "merchant-attendance", 153000, "person_times", "exact", False, None, "chinaorg-jp-2014-06-03", "China.org.cn, Japanese edition (People's Daily Online Japanese report)", "2014-06-03"),
    ("2014-intended-deal-value", "edition:2014", "intended-deal-value", 81830000000, "usd", "exact", False, None, "chinaorg-jp-2014-06-03", None, "2014-06-03"),
    ("2014-contracts", "edition:2014", "contracts", 236, "count", "exact", False, None, "chinaorg-jp-2014-06-03", None, "2014-06-03"),
    ("2014-top20-economies", "edition:2014", "top20-economies", 20, "count", "exact", False, None, "chinaorg-jp-2014-06-03", None, "2014-06-03"),
    # 2016
    ("2016-merchant-attendance", "edition:2016", "merchant-attendance", 171000, "person_times", "exact", False, None, "ciftis-aid-9063", "CIFTIS organizers (official English website)", None),
    ("2016-intended-deal-value", "edition:2016", "intended-deal-value", 101080000000, "usd", "exact", False, None, "ciftis-aid-9063", None, None),
    ("2016-countries-regions", "edition:2016", "countries-regions", 126, "count", "exact", False, None, "ciftis-aid-9063", None, None),
    ("2016-exhibition-area-plan", "edition:2016", "exhibition-area", 50000, "m2", "exact", True, "2016-02-02", "chinadaily-2016-02-02", "China Daily", "2016-02-02"),
    # 2018
    ("2018-auction-turnover", "event:auction-poverty-alleviation-ip-2018", "auction-turnover", 354000000, "cny", "exact", False, None, "ciftis-aid-9534", "CIFTIS organizers (official English website)", None),
    ("2018-auction-lots", "event:auction-poverty-alleviation-ip-2018", "auction-lots", 113, "count", "exact", False, None, "ciftis-aid-9534", None, None),
    ("2018-exhibition-area", "edition:2018", "exhibition-area", 50000, "m2", "exact", False, None, "economicdaily-2019-05-23", "Economic Daily", "2019-05-23"),
    # 2019
    ("2019-countries-regions-plan", "edition:2019", "countries-regions", 130, "count", "exact", True, "2019-05-22", "chinadaily-2019-05-22", "China Daily (Xinhua report)", "2019-05-22"),
    ("2019-countries-regions", "edition:2019", "countries-regions", 137, "count", "exact", False, "2019-05-28", "chinacom-2019-05-30", "China.com.cn", "2019-05-30"),
    ("2019-exhibition-area-plan", "edition:2019", "exhibition-area", 150000, "m2", "about", True, "2019-05-22", "economicdaily-2019-05-23", "Economic Daily", "2019-05-23"),
    ("2019-intended-deal-value", "edition:2019", "intended-deal-value", 105060000000, "usd", "exact", False, None, "jingjiaohui-feature-2019", "Original publisher not named", None),
    ("2019-registered-enterprises-plan", "edition:2019", "registered-enterprises", 7998, "count", "exact", True, "2019-05-22", "economicdaily-2019-05-23", None, "2019-05-23"),
    # 2020
    ("2020-registered-enterprises-globaltimes", "edition:2020", "registered-enterprises", 22000, "count", "exact", False, None, "globaltimes-cn-2020-09-09", "Global Times (Chinese edition)", "2020-09-09"),
    ("2020-registered-enterprises-plan", "edition:2020", "registered-enterprises", 18000, "count", "exact", True, "2020-09-04", "xinhua-2020-09-05", "Xinhua", "2020-09-05"),
    ("2020-registered-enterprises-chinadailyhk", "edition:2020", "registered-enterprises", 17000, "count", "more_than", True, "2020-09-04", "chinadailyhk-2020-09-04", "China Daily Hong Kong (Xinhua report)", "2020-09-04"),
    ("2020-exhibition-area-plan", "edition:2020", "exhibition-area", 200000, "m2", "about", True, "2020-08-14", "beijing-briefing-2020-08-14", "Information Office of the Beijing Municipal People's Government", "2020-08-14"),
    ("2020-countries-regions-globaltimes", "edition:2020", "countries-regions", 148, "count", "exact", False, None, "globaltimes-cn-2020-09-09", None, "2020-09-09"),
    ("2020-fg500-companies-globaltimes", "edition:2020", "fg500-companies", 199, "count", "exact", False, None, "globaltimes-cn-2020-09-09", None, "2020-09-09"),
    ("2020-individual-participants-plan", "edition:2020", "individual-participants", 100000, "people", "about", True, "2020-09-04", "xinhua-2020-09-05", None, "2020-09-05"),
    ("2020-agreement-results-peoplesdaily", "edition:2020", "agreement-results", 240, "count", "exact", False, None, "peoplesdaily-2020-09-09", "People's Daily", "2020-09-09"),
    # 2021
    ("2021-exhibition-area-plan", "edition:2021", "exhibition-area", 130000, "m2", "about", True, "2021-08-02", "chinanews-2021-08-02", "China News Service", "2021-08-02"),
    ("2021-exhibition-area", "edition:2021", "exhibition-area", 126000, "m2", "exact", False, None, "peoplesdaily-2021-09-11", "People's Daily Online", "2021-09-11"),
    ("2021-registered-enterprises-scio", "edition:2021", "registered-enterprises", 12000, "count", "more_than", False, None, "scio-2021-09-07", "State Council Information Office (Xinhua report)", "2021-09-07"),
    ("2021-top30-economies", "edition:2021", "top30-economies", 21, "count", "exact", False, None, "feature-2021-09-07", "Original publisher not named", "2021-09-07"),
    ("2021-fg500-share-plan-0827", "edition:2021", "fg500-share", 18, "percent", "exact", True, "2021-08-27", "chinanews-2021-08-27", "China News Service", "2021-08-27"),
    ("2021-digital-services-area-exhibitors", "event:digital-services-area-2021", "offline-exhibitors", 33, "count", "exact", False, None, "scio-2021-09-07", None, "2021-09-07"),
    # 2022
    ("2022-exhibition-area-fao", "edition:2022", "exhibition-area", 152000, "m2", "exact", False, None, "beijing-fao-2022-09-12", "Foreign Affairs Office of the People's Government of Beijing Municipality", "2022-09-12"),
    ("2022-exhibition-area-pt", "edition:2022", "exhibition-area", 15200, "m2", "more_than", True, "2022-08-23", "peoplesdaily-pt-2022-08-24", "People's Daily Online (Portuguese edition)", "2022-08-24"),
    ("2022-results-peoplesdaily", "edition:2022", "results", 1339, "count", "exact", False, None, "peoplesdaily-2022-09-06", "People's Daily", "2022-09-06"),
    ("2022-fg500-and-leaders-peoplesdaily", "edition:2022", "fg500-and-leaders", 507, "count", "exact", False, None, "peoplesdaily-2022-09-06", None, "2022-09-06"),
    # 2023
    ("2023-professional-visitors", "edition:2023", "professional-visitors", 80000, "person_times", "nearly", False, "2023-09-06T12:00", "peoplesdaily-overseas-2023-09-07", "People's Daily Overseas Edition", "2023-09-07"),
    ("2023-visitors-globaltimes", "edition:2023", "visitors", 280000, "person_times", "exact", False, "2023-09-06T12:00", "globaltimes-2023-09-06", "Global Times", "2023-09-06"),
    ("2023-forums-and-events-plan", "edition:2023", "forums-and-events", 200, "count", "more_than", True, "2023-08-14", "chinasecjournal-2023-08-15", "China Securities Journal", "2023-08-15"),
    ("2023-thematic-exhibitions", "edition:2023", "thematic-exhibitions", 9, "count", "exact", False, None, "chinatibet-2023-09-05", "China Tibet Online", "2023-09-05"),
    ("2023-vip-attendees-onsite-globaltimes", "edition:2023", "vip-attendees-onsite", 500, "people", "exact", False, None, "globaltimes-2023-09-06", None, "2023-09-06"),
    # 2024
    ("2024-visitors", "edition:2024", "visitors", 242000, "person_times", "about", False, None, "chinatoday-de-2024-09-20", "China Today (German edition)", "2024-09-20"),
    ("2024-national-exhibitors", "edition:2024", "national-exhibitors", 85, "count", "exact", False, None, "stdaily-2024-09-18", "Science and Technology Daily", "2024-09-18"),
    ("2024-fg500-and-leaders-plan", "edition:2024", "fg500-and-leaders", 420, "count", "more_than", True, "2024-09-09", "peoplesdaily-2024-09-09", "People's Daily", "2024-09-09"),
    ("2024-professional-visitors", "edition:2024", "professional-visitors", 100000, "person_times", "more_than", False, None, "chinatoday-de-2024-09-20", None, "2024-09-20"),
    # 2025
    ("2025-ip-service-revenue", "event:ip-services-conference-2025", "ip-service-revenue", 294000000000, "cny", "exact", False, None, "peoplesdailyonline-2025-09-11", "People's Daily Online", "2025-09-11"),
    ("2025-results", "edition:2025", "results", 900, "count", "more_than", False, None, "bastille-post-2025-09-14", None, "2025-09-14"),
    ("2025-visitors", "edition:2025", "visitors", 250000, "person_times", "more_than", False, "2025-09-14T12:00", "cri-jp-2025-09-14", "China Radio International (Japanese service)", "2025-09-14"),
    ("2025-fg500-and-leaders-plan", "edition:2025", "fg500-and-leaders", 500, "count", "nearly", True, "2025-08-27", "chinanews-2025-08-27", "China News Service", "2025-08-27"),
]


@pytest.mark.parametrize(("fid", "owner", "metric", "value", "unit", "qualifier", "plan", "as_of", "source", "publisher", "day"), SPOT, ids=[row[0] for row in SPOT])
def test_spot_checks(dataset, fid, owner, metric, value, unit, qualifier, plan, as_of, source, publisher, day):
    figure = dataset.figures[fid]
    assert f"{figure.owner_kind}:{figure.owner_id}" == owner
    assert (figure.metric, figure.value, figure.unit, figure.qualifier.value, figure.is_plan, figure.as_of) == (metric, value, unit, qualifier, plan, as_of)
    assert source in {ref.source for ref in figure.sources}
    cited = dataset.sources[source]
    if publisher is not None:
        assert cited.publisher == publisher
    assert (cited.date.isoformat() if cited.date else None) == day


def test_spot_checks_cover_every_edition(dataset):
    years = {dataset.edition_of_figure(dataset.figures[row[0]]) for row in SPOT}
    assert years == set(HELD)
    per_year = {year: sum(dataset.edition_of_figure(dataset.figures[row[0]]) == year for row in SPOT) for year in HELD}
    assert min(per_year.values()) >= 3


def test_2018_deal_value_is_arithmetic_not_a_report(dataset):
    figure = dataset.figures["2018-intended-deal-value-derived"]
    assert (figure.value, figure.qualifier.value, figure.sources, figure.derived.formula) == (102560000000, "about", (), "t - a - b - c - d - e")


# -- plans and results -----------------------------------------------------------------------------
# Figures taken from lines the research notes mark [PLAN] (pre-event targets and registrations).
FROM_PLAN_LINES = [
    "2012-summit-forums-plan", "2012-professional-forums-plan", "2012-countries-regions-registered",
    "2012-individual-participants-registered", "2012-fg500-companies-registered",
    "2016-exhibition-area-plan", "2016-forums-plan", "2016-promotion-events-plan",
    "2016-individual-participants-invited", "2016-registered-enterprises-invited",
    "2019-exhibition-area-plan", "2019-forums-and-events-plan", "2019-countries-regions-plan",
    "2019-international-organizations-plan", "2019-registered-enterprises-plan", "2019-offline-exhibitors-plan",
    "2019-multinationals-and-leaders-plan", "2019-fg500-companies-plan", "2019-top30-economies-plan",
    "2019-bri-partner-countries-plan",
    "2020-exhibition-area-plan", "2020-exhibition-area-plan-cgtn", "2020-registered-enterprises-plan",
    "2020-registered-enterprises-plan-cgtn", "2020-registered-enterprises-chinadailyhk", "2020-countries-regions-plan",
    "2020-individual-participants-plan", "2020-individual-participants-plan-cgtn", "2020-summit-forums-plan",
    "2020-professional-forums-plan", "2020-forums-and-events-plan", "2020-results-plan",
    "2020-io-heads-plan", "2020-foreign-ministerial-guests-plan", "2020-company-executives-plan",
    "2021-exhibition-area-plan", "2021-offline-exhibitors-plan", "2021-offline-exhibitors-thematic-plan",
    "2021-fg500-share-plan-0827", "2021-fg500-share-plan-0802", "2021-fg500-share-thematic-plan",
    "2021-internationalization-rate-plan-0827", "2021-internationalization-rate-plan-0802",
    "2021-international-organizations-plan", "2021-registered-enterprises-at-opening",
    "2022-promotion-events-plan", "2022-fg500-and-leaders-plan", "2022-fg500-and-leaders-aug22",
    "2022-national-exhibitors-earlier", "2022-national-exhibitors-aug22", "2022-national-exhibitor-countries-aug22",
    "2022-international-organizations-aug22", "2022-exhibition-area-pt",
    "2023-forums-and-events-plan",
    "2024-fg500-and-leaders-plan", "2024-first-time-national-exhibitors-plan", "2024-forums-and-events-plan",
    "2025-national-exhibitors-plan", "2025-national-exhibitor-countries-plan", "2025-international-organizations-plan",
    "2025-offline-exhibitors-plan", "2025-offline-exhibitors-australia-plan", "2025-fg500-and-leaders-plan",
    "2025-top30-economies-plan",
]

# Sources written before their fair: every figure citing them is a plan.
PRE_FAIR_SOURCES = [
    "chinadaily-usa-2012-05-25", "chinadaily-2016-02-02", "chinadaily-2019-05-22", "beijing-briefing-2020-08-14",
    "cgtn-2020-08-05", "cri-jp-2020-08-18", "chinanews-2020-09-03", "cgtn-2020-09-03", "cri-de-2020-09-04",
    "chinanews-2021-08-02", "chinanews-2021-08-27", "beijing-gov-ar-2022-08-22", "peoplesdaily-pt-2022-08-24",
    "xinhua-ar-2022-08-24", "chinasecjournal-2023-08-15", "peoplesdaily-2024-09-09",
    "globaltimes-2025-08-preview", "chinanews-2025-08-27",
]


@pytest.mark.parametrize("fid", FROM_PLAN_LINES)
def test_figures_from_plan_lines_are_plans(dataset, fid):
    assert dataset.figures[fid].is_plan


@pytest.mark.parametrize("source", PRE_FAIR_SOURCES)
def test_pre_fair_sources_only_give_plans(dataset, source):
    citing = dataset.figures_citing(source)
    assert citing, f"{source} supports no figure"
    assert [f.id for f in citing if f.status is Status.RESULT] == []  # plans, or statistics quoted as context


def test_plan_named_figures_are_plans(dataset):
    named = [f for f in dataset.figures.values() if re.search(r"-plan(-|$)", f.id)]
    assert len(named) >= 40
    assert [f.id for f in named if not f.is_plan] == []


def test_plan_and_result_kept_apart_for_the_same_metric(dataset):
    assert [(f.id, f.value, f.is_plan) for f in dataset.figures_for(2021, "exhibition-area")] == [
        ("2021-exhibition-area", 126000, False), ("2021-exhibition-area-jetro", 130000, False), ("2021-exhibition-area-plan", 130000, True),
    ]
    assert [(f.id, f.value, f.is_plan) for f in dataset.figures_for(2019, "countries-regions")] == [
        ("2019-countries-regions", 137, False), ("2019-countries-regions-plan", 130, True),
    ]


@pytest.mark.parametrize(
    ("a", "b", "metric"),
    [
        (2019, 2022, "exhibition-area"),  # 2019 has only the planned area
        (2020, 2021, "exhibition-area"),  # 2020 has only the planned area
        (2016, 2019, "forums-and-events"),  # 2019 has only the planned programme
        (2019, 2021, "international-organizations"),  # 2021 has only the confirmations before the fair
        (2020, 2023, "results"),  # 2020 has only the results arranged before the fair
    ],
)
def test_comparing_a_plan_with_a_result_says_so(dataset, a, b, metric):
    row = {r.metric.id: r for r in compare(dataset, a, b).rows}[metric]
    assert row.a.figure.is_plan != row.b.figure.is_plan
    assert "compares a plan with a result" in row.note
    plan_year = a if row.a.figure.is_plan else b
    assert f"{plan_year} is a plan, not a result" in row.note


def test_plan_against_result_is_flagged_in_every_comparison(dataset):
    flagged = 0
    for a, b in itertools.combinations(HELD, 2):
        for row in compare(dataset, a, b).rows:
            if row.a.figure is not None and row.b.figure is not None and row.a.figure.is_plan != row.b.figure.is_plan:
                assert "compares a plan with a result" in row.note, (a, b, row.metric.id)
                flagged += 1
    assert flagged >= 50


def test_2019_exhibition_area_against_2022_cells(dataset):
    row = {r.metric.id: r for r in compare(dataset, 2019, 2022).rows}["exhibition-area"]
    assert row_cells(row) == (
        "Exhibition area", "~ 150,000 m² (plan)", "152,000 m²", "≈ +2,000 m²", "≈ +1.3%",
        "approximate: about 150,000 m² → 152,000 m²; compares a plan with a result; 2019 is a plan, not a result",
    )


# -- conflicts -------------------------------------------------------------------------------------
def test_conflicts_are_symmetric_and_like_for_like(dataset):
    linked = 0
    for figure in dataset.figures.values():
        for other_id in figure.conflicts_with:
            other = dataset.figures[other_id]
            assert figure.id in other.conflicts_with, (figure.id, other_id)
            assert (other.metric, other.owner_kind, other.owner_id) == (figure.metric, figure.owner_kind, figure.owner_id)
            linked += 1
    assert linked >= 40


@pytest.mark.parametrize(
    ("a", "b", "values"),
    [
        ("2019-countries-regions-plan", "2019-countries-regions", (130, 137)),
        ("2022-exhibition-area-plan", "2022-exhibition-area-pt", (152000, 15200)),
        ("2012-countries-regions", "2012-countries-regions-registered", (82, 58)),
        ("2020-registered-enterprises-plan", "2020-registered-enterprises-chinadailyhk", (18000, 17000)),
        ("2020-registered-enterprises-globaltimes", "2020-registered-enterprises-peoplesdaily", (22000, 20000)),
        ("2021-fg500-share-plan-0827", "2021-fg500-share-plan-0802", (18, 48)),
        ("2021-internationalization-rate-plan-0827", "2021-internationalization-rate-plan-0802", (51, 30)),
        ("2021-registered-enterprises", "2021-registered-enterprises-scio", (10000, 12000)),
        ("2023-visitors", "2023-visitors-globaltimes", (280000, 280000)),
        ("2023-vip-attendees-onsite", "2023-vip-attendees-onsite-globaltimes", (800, 500)),
        ("2024-fg500-and-leaders", "2024-fg500-and-leaders-chinatoday", (450, 460)),
        ("2025-national-exhibitors-cgtn", "2025-national-exhibitors-bastille", (70, 80)),
    ],
)
def test_known_conflicts_are_kept(dataset, a, b, values):
    fa, fb = dataset.figures[a], dataset.figures[b]
    assert (fa.value, fb.value) == values
    assert b in fa.conflicts_with and a in fb.conflicts_with


def test_2022_area_conflict_shows_in_a_comparison(dataset):
    row = {r.metric.id: r for r in compare(dataset, 2021, 2022).rows}["exhibition-area"]
    assert row.b.figure.id == "2022-exhibition-area-fao"
    assert "2022-exhibition-area-pt" in [f.id for f in row.b.others]


# -- sources: reprints and mirrors -------------------------------------------------------------------
def test_reprint_sources_carry_no_url(dataset):
    reprints = [s for s in dataset.sources.values() if s.tier is Tier.REPRINT]
    assert len(reprints) >= 40
    assert [s.id for s in reprints if s.url] == []


# Publishers' own sites that share a [REPRINT] line with a mirror (the line cites both).
ORIGINAL_PUBLISHER_HOSTS = {"en.people.cn", "english.cnipa.gov.cn", "guoqing.china.com.cn", "www.i21st.cn", "chinaservicesinfo.com"}
# Third-party re-hosts named in the notes without the [REPRINT] mark; the dataset treats them as reprints.
THIRD_PARTY_HOSTS = {
    "www.tellerreport.com", "www.urdupoint.com", "www.uschinapress.com", "newswire.com.pk", "panpacificagency.com",
    "reportify.ai", "chinaurdu.com", "www.alwihdainfo.com", "www.bastillepost.com", "www.excite.co.jp",
    "globalaffairs.com.pk", "fx361.cc", "hkcd.com", "info.jctrans.net", "cicpa.com", "218.28.6.71",
    "fijiglobalnews.com", "thediplomaticinsight.com",
    # second notes: re-hosts named without the [REPRINT] mark, and pages found by search for the gaps
    "www.businesstimes.com.sg", "tibet.cn", "news.hebei.com.cn", "en.chinadiplomacy.org.cn", "whyfsj.cn",
    "bharataradio738.com", "m.greekporn.net",
}


def _hosts_on_reprint_lines(*notes: Path) -> set[str]:
    hosts = set()
    for path in notes or (NOTES, MORE_NOTES):
        for line in path.read_text(encoding="utf-8").splitlines():
            if "[REPRINT]" in line:
                hosts |= {urlsplit(url).hostname for url in re.findall(r"https?://[^\s,;|)\]]+", line)}
    return hosts


def _dataset_text() -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in sorted(DATASET.rglob("*")) if p.is_file())


def test_no_mirror_address_anywhere_in_the_dataset():
    needs_notes()
    reprint_hosts = _hosts_on_reprint_lines()
    assert ORIGINAL_PUBLISHER_HOSTS <= reprint_hosts  # the allowance is still needed
    mirrors = (reprint_hosts - ORIGINAL_PUBLISHER_HOSTS) | THIRD_PARTY_HOSTS
    assert len(mirrors) >= 70
    more_hosts = _hosts_on_reprint_lines(MORE_NOTES)
    assert {"yipengzs.com", "www.goomeyun.net", "jcipo.org", "lomlog.com", "social-care.biz"} <= more_hosts  # the second notes are read
    text = _dataset_text().casefold()
    found = sorted(host for host in mirrors if host.removeprefix("www.").casefold() in text)
    assert found == []
    assert "mirror address withheld" not in text
    assert "adult-named" not in text


def test_every_url_is_on_a_publishers_own_site(dataset):
    bare = {host.removeprefix("www.") for host in THIRD_PARTY_HOSTS}
    for source in dataset.sources.values():
        if source.url:
            host = urlsplit(source.url).hostname.removeprefix("www.")
            assert host not in bare, source.id
            assert source.tier is not Tier.REPRINT


# -- search ----------------------------------------------------------------------------------------
def _top_editions(index, query):
    hits = index.search(query, limit=None)
    assert hits and hits[0].kind == "edition", (query, hits[:3])
    best = hits[0].score
    return {int(h.id) for h in hits if h.kind == "edition" and h.score == best}


@pytest.mark.parametrize(
    ("query", "year"),
    [
        ("2019", 2019), ("2020", 2020), ("2012", 2012),
        ("6th edition", 2019), ("sixth", 2019), ("7th edition", 2020), ("seventh", 2020), ("first edition", 2012), ("5th CIFTIS", 2018),
        ("Openness Innovation", 2019), ("开放、创新、智慧、融合", 2019), ("Digital Future", 2021), ("数字开启未来", 2021),
        ("京交会 2019", 2019),
    ],
)
def test_search_finds_the_edition(index, query, year):
    assert index.search(query)[0].ref == f"edition:{year}"


@pytest.mark.parametrize(
    ("query", "years"),
    [
        ("京交会", {2012, 2013, 2014, 2016, 2018, 2019}),
        ("Jingjiaohui", {2012, 2013, 2014, 2016, 2018, 2019}),
        ("服贸会", {2020, 2021, 2022, 2023, 2024, 2025}),
        (OLD_NAME, {2012, 2013, 2014, 2016, 2018}),
        (NEW_NAME, {2019, 2020, 2021, 2022, 2023, 2024, 2025}),
    ],
)
def test_search_names_find_their_editions(index, query, years):
    assert _top_editions(index, query) == years


# -- comparisons with a missing side -----------------------------------------------------------------
def test_missing_metric_shows_not_reported(dataset):
    row = {r.metric.id: r for r in compare(dataset, 2018, 2019).rows}["countries-regions"]
    cells = row_cells(row)
    assert (cells[1], cells[2], cells[3]) == ("not reported", "137", "")
    assert cells[5].startswith("not reported for 2018")


def test_every_missing_side_says_not_reported(dataset):
    missing = 0
    for a, b in itertools.combinations(HELD, 2):
        for row in compare(dataset, a, b).rows:
            cells = row_cells(row)
            assert all(cell for cell in cells[1:3]), (a, b, row.metric.id)
            for side, cell in ((row.a, cells[1]), (row.b, cells[2])):
                if side.figure is None:
                    assert cell == "not reported"
                    missing += 1
    assert missing >= 500


# -- people and topics ---------------------------------------------------------------------------------
def test_people_are_one_entity_across_years(dataset):
    assert {p.edition for p in dataset.people["liu-hua"].positions} == {2020, 2021, 2025}
    assert [e.id for e in dataset.events_of_person("liu-hua")] == [
        "ip-adr-forum-2020", "global-trade-in-services-summit-2021", "madrid-symposium-2021", "brand-development-themed-event-2025",
    ]
    assert {e.edition for e in dataset.events_of_person("xi-jinping")} == {2019, 2020, 2021, 2022, 2023, 2024, 2025}
    assert {e.edition for e in dataset.events_of_person("han-zheng")} == {2020, 2022}
    summit_2020 = {p.person for p in dataset.events["global-trade-in-services-summit-2020"].participants}
    assert summit_2020 == {"xi-jinping", "han-zheng", "yi-xiaozhun", "mukhisa-kituyi", "alberto-fernandez", "prayut-chan-o-cha", "hong-nam-ki"}
    assert "micheal-martin" in {p.person for p in dataset.events["global-trade-in-services-summit-2021"].participants}
    assert {p.person for p in dataset.events["global-trade-in-services-summit-2023"].participants} == {"xi-jinping", "he-lifeng", "rebeca-grynspan", "wang-wentao"}


@pytest.mark.parametrize(
    ("topic", "events"),
    [
        ("ip-service-industry", {"overseas-ip-directory-release-2018", "overseas-ip-directory-release-2019", "foreign-related-ip-services-forum-2020", "ip-services-conference-2025"}),
        ("brands", {"brand-development-themed-event-2025"}),
        ("madrid-system", {"brand-development-themed-event-2025"}),
        ("ipr-enforcement", {"ip-adr-forum-2020"}),
        ("ip-protection-at-the-fair", {"ip-protection-mobilization-conference-2012"}),
        ("ip-rights-trading-and-auctions", {"auction-poverty-alleviation-ip-2018"}),
    ],
)
def test_ip_events_of_every_year_belong_to_their_topics(dataset, topic, events):
    assert events <= set(dataset.topics[topic].events)
    for event in events:
        assert topic in dataset.events[event].topics


def test_topic_and_event_links_agree(dataset):
    for topic in dataset.topics.values():
        for event in topic.events:
            assert topic.id in dataset.events[event].topics, (topic.id, event)
    for event in dataset.events.values():
        for topic in event.topics:
            assert event.id in dataset.topics[topic].events, (event.id, topic)


# -- validation ------------------------------------------------------------------------------------
def test_validate_passes_with_every_figure_sourced(capsys, dataset):
    from ciftis.cli import main

    assert main(["validate"]) == 0
    out, err = capsys.readouterr()
    assert out.startswith("ok: 12 editions, ") and err == ""
    assert [f.id for f in dataset.figures.values() if not f.sources and f.derived is None] == []
    for figure in dataset.figures.values():
        for ref in figure.sources:
            assert ref.quote.strip(), figure.id
        if figure.derived is not None:
            for item in figure.derived.inputs:
                assert item.figure or (item.source and item.quote), figure.id
