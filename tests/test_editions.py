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
from ciftis.core.describe import describe
from ciftis.core.export import row_cells
from ciftis.core.loader import load
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
        # second notes
        ("2025-national-exhibitors-beijing", "2025-national-exhibitors-cgtn", (85, 70)),
        ("2025-national-exhibitors-beijing", "2025-national-exhibitors-bastille", (85, 80)),
        ("2022-internationalization-rate-chinanews", "2022-internationalization-rate-peoplesdaily", (20.6, 20.8)),
        ("2022-online-exhibitors-chinanews", "2022-online-exhibitors-fao", (7700, 7800)),
        ("2021-exhibition-area-jetro", "2021-exhibition-area", (130000, 126000)),
        ("2018-intended-deal-value-derived-embassy", "2018-intended-deal-value-derived", (174740000000, 102560000000)),
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



# -- the second research notes (ciftis-more-facts.md) -------------------------------------------------
# (figure id, owner, metric, value, unit, qualifier, status, as_of, source, publisher, source date)
SPOT_MORE = [
    # 2012
    ("2012-context-beijing-services-gdp-share", "edition:2012", "context-beijing-services-gdp-share", 75.7, "percent", "exact", "context", None, "chinadaily-usa-2012-05-25", "China Daily (USA edition)", "2012-05-25"),
    ("2012-context-china-services-trade-2011", "event:opening-ceremony-2012", "context-china-services-trade-usd", 400000000000, "usd", "more_than", "context", None, "xinhua-2012-05-28", "Xinhua", "2012-05-28"),
    ("2012-ip-complaints", "topic:ip-protection-at-the-fair", "ip-complaints", 0, "count", "exact", "result", None, "chinaorg-jp-2014-03-26-p2", "China.org.cn, Japanese edition (People's Daily Online Japanese text)", "2014-03-26"),
    # 2013
    ("2013-context-beijing-services-gdp-share", "event:opening-of-the-halls-2013", "context-beijing-services-gdp-share", 76.4, "percent", "exact", "context", None, "beijing-gov-2013-05-29", "Beijing Municipal People's Government (government news)", "2013-05-29"),
    # 2014
    ("2014-individual-participants-registered", "edition:2014", "individual-participants", 26700, "people", "exact", "plan", "2014-05-28", "peoplejp-2014-05-28", "People's Daily Online (Japanese edition)", "2014-05-28"),
    ("2014-offline-exhibitors-registered", "edition:2014", "offline-exhibitors", 2524, "count", "exact", "plan", "2014-05-28", "peoplejp-2014-05-28", None, "2014-05-28"),
    ("2014-national-exhibitors", "edition:2014", "national-exhibitors", 16, "count", "exact", "result", "2014-05-28", "chinaorg-jp-2014-05-28", "China.org.cn, Japanese edition", "2014-05-28"),
    ("2014-context-beijing-services-trade-2013", "event:opening-ceremony-2014", "context-beijing-services-trade-usd", 110000000000, "usd", "more_than", "context", None, "ecns-2014-05-30", None, "2014-05-30"),
    # 2019
    ("2019-chambers-and-institutions-plan", "edition:2019", "chambers-and-institutions", 160, "count", "more_than", "plan", "2019-05-22", "economicdaily-2019-05-23", "Economic Daily", "2019-05-23"),
    ("2019-zhongguancun-ai-exhibitors", "event:zhongguancun-ai-exhibition-2019", "offline-exhibitors", 44, "count", "exact", "result", None, "jingjiaohui-feature-2019", "Original publisher not named", None),
    ("2019-context-china-services-trade-q1", "event:scio-press-conference-2019", "context-china-services-trade-cny", 1290000000000, "cny", "exact", "context", None, "chinadaily-2019-05-22", "China Daily (Xinhua report)", "2019-05-22"),
    # 2020
    ("2020-context-china-services-exports-growth", "event:global-trade-in-services-summit-2020", "context-china-services-exports-avg-growth", 9, "percent", "exact", "context", None, "xinhua-2020-09-05", "Xinhua", "2020-09-05"),
    ("2020-registered-enterprises-globaltimes", "edition:2020", "registered-enterprises", 22000, "count", "exact", "result", None, "cipnews-2020-09-18", "China IP News", "2020-09-18"),
    # 2021
    ("2021-exhibition-area-jetro", "edition:2021", "exhibition-area", 130000, "m2", "about", "result", None, "jetro-2021-09", "Japan External Trade Organization (JETRO)", None),
    ("2021-context-china-services-trade-h1", "edition:2021", "context-china-services-trade-cny", 2377440000000, "cny", "exact", "context", None, "cbn-2021-09-02", "China Business News (第一财经)", "2021-09-02"),
    ("2021-japan-pavilion-area", "event:japan-pavilion-2021", "exhibition-area", 260, "m2", "exact", "result", None, "jetro-2021-09", None, None),
    ("2021-china-service-sector-value-added", "edition:2021", "china-service-sector-value-added", 29600000000000, "cny", "exact", "context", None, "peoplesdaily-2021-09-pie", None, None),
    # 2022
    ("2022-offline-exhibitors-chinanews", "edition:2022", "offline-exhibitors", 2441, "count", "exact", "result", "2022-09-01", "chinanews-2022-09-01", "China News Service", "2022-09-01"),
    ("2022-internationalization-rate-chinanews", "edition:2022", "internationalization-rate", 20.6, "percent", "exact", "result", "2022-09-01", "chinanews-2022-09-01", None, "2022-09-01"),
    ("2022-online-exhibitors-chinanews", "edition:2022", "online-exhibitors", 7700, "count", "exact", "result", "2022-09-01", "chinanews-2022-09-01", None, "2022-09-01"),
    ("2022-results-plan", "edition:2022", "results", 401, "count", "exact", "plan", "2022-08-23", "beijingdaily-2022-08-25", "Beijing Daily (app)", "2022-08-25"),
    ("2022-launch-new-products", "edition:2022", "launch-new-products", 100, "count", "more_than", "result", None, "peoplesdaily-2022-09-06", "People's Daily", "2022-09-06"),
    ("2022-exhibition-area-plan-zhaomedia", "edition:2022", "exhibition-area", 152000, "m2", "about", "plan", None, "zhaomedia-2022-cncc", "Zhaomedia", None),
    ("2022-context-china-services-trade-growth-h1", "edition:2022", "context-china-services-trade-growth", 21.6, "percent", "exact", "context", None, "chinadaily-2022-08-31", "China Daily", "2022-08-31"),
    # 2023
    ("2023-national-exhibitors-opening", "edition:2023", "national-exhibitors", 80, "count", "more_than", "result", "2023-09-02", "hubeidaily-2023-09-03", "Hubei Daily (Xinhua report)", "2023-09-03"),
    ("2023-offline-exhibitors-uk-plan", "edition:2023", "offline-exhibitors", 60, "count", "about", "plan", None, "globaltimes-2023-08-uk", "Global Times", None),
    ("2023-context-world-services-exports", "event:global-trade-in-services-summit-2023", "context-world-services-exports-usd", 7000000000000, "usd", "exact", "context", None, "unctad-2023-09-02", "UNCTAD", "2023-09-02"),
    # 2024
    ("2024-offline-exhibitors-australia", "edition:2024", "offline-exhibitors", 20, "count", "exact", "result", None, "globaltimes-2024-09-australia", "Global Times", None),
    ("2024-national-exhibitors-plan", "edition:2024", "national-exhibitors", 80, "count", "more_than", "plan", "2024-09-09", "peoplesdaily-2024-09-09", "People's Daily", "2024-09-09"),
    ("2024-context-china-services-trade-avg-growth", "edition:2024", "context-china-services-trade-avg-growth", 6.2, "percent", "exact", "context", None, "cri-it-2024-09-18", "China Radio International (Italian service)", "2024-09-18"),
    # 2025
    ("2025-national-exhibitors-beijing", "edition:2025", "national-exhibitors", 85, "count", "exact", "result", None, "people-chinadaily-2025-09-11", "People's Daily Online (China Daily report)", "2025-09-11"),
    ("2025-offline-exhibitors-australia", "edition:2025", "offline-exhibitors", 59, "count", "exact", "result", None, "bharata-2025-09-australia", "Radio Bharata Online (CGTN-based report)", None),
    ("2025-context-china-services-trade-h1", "event:scio-press-conference-2025", "context-china-services-trade-cny", 3900000000000, "cny", "exact", "context", None, "chinanews-2025-08-27", "China News Service", "2025-08-27"),
    ("2025-context-china-top500-brands", "event:brand-development-themed-event-2025", "context-china-top500-brands", 76, "count", "exact", "context", None, "wipo-china-2025-brand-event", "WIPO Office in China", None),
]


@pytest.mark.parametrize(("fid", "owner", "metric", "value", "unit", "qualifier", "status", "as_of", "source", "publisher", "day"), SPOT_MORE, ids=[row[0] for row in SPOT_MORE])
def test_spot_checks_of_the_second_notes(dataset, fid, owner, metric, value, unit, qualifier, status, as_of, source, publisher, day):
    figure = dataset.figures[fid]
    assert f"{figure.owner_kind}:{figure.owner_id}" == owner
    assert (figure.metric, figure.value, figure.unit, figure.qualifier.value, figure.status.value, figure.as_of) == (metric, value, unit, qualifier, status, as_of)
    assert source in {ref.source for ref in figure.sources}
    cited = dataset.sources[source]
    if publisher is not None:
        assert cited.publisher == publisher
    assert (cited.date.isoformat() if cited.date else None) == day


def test_the_second_notes_reach_every_edition(dataset):
    years = {dataset.edition_of_figure(dataset.figures[row[0]]) for row in SPOT_MORE} - {None}
    assert years == set(HELD) - {2016, 2018}  # 2016's new facts are events; 2018's is checked below
    assert {e.edition for e in dataset.events.values()} == set(HELD)


def test_2018_deal_value_flags_its_contested_input(dataset):
    derived, other = dataset.figures["2018-intended-deal-value-derived"], dataset.figures["2018-intended-deal-value-derived-embassy"]
    assert other.derived.formula == derived.derived.formula == "t - a - b - c - d - e"
    (t,) = [i for i in other.derived.inputs if i.name == "t"]
    assert (t.value, t.source, t.quote) == (601510000000, "embassy-jp-2020-01", "6015.1 億ドル")
    assert dataset.sources["embassy-jp-2020-01"].publisher == "Embassy of the People's Republic of China in Japan"
    assert "input t" in derived.note and "contested" in derived.note and "601.51" in derived.note
    row = {r.metric.id: r for r in compare(dataset, 2016, 2018).rows}["intended-deal-value"]
    assert row.b.figure.id == "2018-intended-deal-value-derived"
    assert "2018 sources disagree" in row.note and "2018 derived" in row.note


def test_2022_conflicts_show_in_the_comparison_with_2021(dataset):
    rows = {r.metric.id: r for r in compare(dataset, 2021, 2022).rows}
    for metric, _other in (("internationalization-rate", "20.6%"), ("online-exhibitors", "7,700"), ("exhibition-area", None)):
        assert rows[metric].b.conflicting or rows[metric].a.conflicting, metric
    assert "2022 sources disagree (also 20.6%)" in rows["internationalization-rate"].note
    assert "2022 sources disagree (also 7,700)" in rows["online-exhibitors"].note
    assert "2021 sources disagree (also about 130,000 m²)" in rows["exhibition-area"].note


def test_cli_compare_2021_2022_marks_the_disagreements(capsys):
    from ciftis.cli import main

    assert main(["compare", "2021", "2022", "--format", "tsv"]) == 0
    out = capsys.readouterr().out
    assert "sources disagree" in out and "also 20.6%" in out and "also 7,700" in out


# (event, edition, date, kind, participants that must be there)
EVENTS_MORE = [
    ("wto-director-general-address-2012", 2012, None, "meeting", {"pascal-lamy", "wen-jiabao", "chen-deming"}),
    ("hundred-day-countdown-2013", 2013, "2013-02-17", "ceremony", {"lu-yan"}),
    ("opening-of-the-halls-2013", 2013, "2013-05-28", "ceremony", {"wang-anshun", "guo-jinlong", "du-deyin", "ji-lin"}),
    ("global-service-forum-beijing-summit-2013", 2013, None, "summit", {"guillermo-valles"}),
    ("opening-ceremony-2014", 2014, "2014-05-28", "ceremony", {"lu-yan"}),
    ("global-services-summit-2014", 2014, None, "summit", {"mukhisa-kituyi", "danvers", "yi-xiaozhun"}),
    ("unctad-informal-ministerial-meeting-2014", 2014, None, "meeting", set()),
    ("embassy-promotion-2016", 2016, None, "meeting", {"cheng-hong"}),
    ("global-services-summit-2016", 2016, "2016-05-28", "summit", set()),
    ("japan-pavilion-2018", 2018, None, "exhibition", set()),
    ("scio-press-conference-2019", 2019, "2019-05-22", "conference", {"wang-bingnan", "wang-hong"}),
    ("global-trade-in-services-summit-2019", 2019, "2019-05-28", "summit", set()),
    ("xi-congratulatory-letter-2019", 2019, "2019-05-28", "ceremony", {"xi-jinping"}),
    ("closing-press-conference-2020", 2020, "2020-09-09", "conference", {"xian-guoyi"}),
    ("global-trade-in-services-summit-2020", 2020, "2020-09-04", "summit", {"alberto-fernandez", "prayut-chan-o-cha", "hong-nam-ki"}),
    ("global-trade-in-services-summit-2021", 2021, "2021-09-02", "summit", {"alexander-lukashenko", "luis-lacalle-pou", "emmerson-mnangagwa"}),
    ("global-alliance-for-trade-in-services-preparatory-meeting-2021", 2021, "2021-09-07", "meeting", set()),
    ("scio-press-conference-2022", 2022, "2022-08-23", "conference", {"sheng-qiuping", "yang-jinbai"}),
    ("closing-press-conference-2022", 2022, "2022-09-05", "conference", {"wang-zhihua", "ding-yong"}),
    ("global-trade-in-services-summit-2022", 2022, "2022-08-31", "summit", {"hamilton-mourao", "mohammad-mokhber", "heng-swee-keat"}),
    ("uae-pavilion-opening-2022", 2022, None, "ceremony", {"ali-al-dhaheri"}),
    ("mofcom-press-conference-2023-09-01", 2023, "2023-09-01", "conference", {"shu-jueting"}),
    ("closing-press-conference-2023", 2023, "2023-09-06", "conference", {"ding-yong", "zhang-guosheng"}),
    ("global-trade-in-services-summit-2023", 2023, "2023-09-02", "summit", {"rebeca-grynspan", "wang-wentao"}),
    ("scio-press-conference-2024", 2024, "2024-08-30", "conference", {"wang-dongtang"}),
    ("opening-ceremony-2024", 2024, "2024-09-12", "ceremony", {"ding-xuexiang"}),
    ("pr-forum-2024", 2024, "2024-09-12", "forum", {"guo-weimin"}),
    ("scio-press-conference-2025", 2025, "2025-08-27", "conference", {"sheng-qiuping"}),
    ("global-trade-in-services-summit-2025", 2025, "2025-09-10", "summit", {"xi-jinping", "yin-li", "ding-xuexiang"}),
    ("open-cooperation-forum-2025", 2025, "2025-09-10", "forum", {"sima-hong", "vaughn-barber", "maurizio-rasero", "sun-xiao"}),
    ("melbourne-overseas-launch-2025", 2025, "2025-09-10", "launch", set()),
]


@pytest.mark.parametrize(("event_id", "year", "day", "kind", "people"), EVENTS_MORE, ids=[row[0] for row in EVENTS_MORE])
def test_events_of_the_second_notes(dataset, event_id, year, day, kind, people):
    event = dataset.events[event_id]
    assert (event.edition, event.date.isoformat() if event.date else None, event.event_kind) == (year, day, kind)
    assert people <= {p.person for p in event.participants}
    for person in people:
        assert event_id in [e.id for e in dataset.events_of_person(person)]
    assert event.sources and all(source in dataset.sources for source in event.sources)


# (person, title, organization, edition): a position held at that edition
POSITIONS_MORE = [
    ("guo-jinlong", "Mayor of Beijing", "beijing-government", 2012),
    ("guo-jinlong", "Secretary of the CPC Beijing Municipal Committee", "beijing-party-committee", 2013),
    ("chen-deming", "Minister of Commerce", "mofcom", 2012),
    ("lu-yan", "Secretary-General of the Organizing Committee", "ciftis-organizing-committee", 2013),
    ("pascal-lamy", "Director-General", "wto", 2012),
    ("qiu-hong", "Assistant Minister of Commerce", "mofcom", 2012),
    ("wang-anshun", "Mayor of Beijing", "beijing-government", 2013),
    ("mukhisa-kituyi", "Secretary-General", "unctad", 2014),
    ("tony-zhang", "Commissioner, Trade & Investment Office", "nsw-government", 2014),
    ("wang-hong", "Vice Mayor of Beijing", "beijing-government", 2019),
    ("yan-ligang", "Director", "beijing-commerce-bureau", 2019),
    ("xian-guoyi", "Director-General, Department of Trade in Services", "mofcom", 2020),
    ("chai-xiaolin", "Director, Trade in Services and Investment Division", "wto", 2020),
    ("dennis-wilkens", "Representative", "gtai", 2021),
    ("ding-yong", "Deputy Director of the Executive Committee", "ciftis-executive-committee", 2022),
    ("sheng-qiuping", "Vice Minister of Commerce", "mofcom", 2025),
    ("rebeca-grynspan", "Secretary-General", "unctad", 2023),
    ("mao-ning", "Spokesperson", "mfa", 2023),
    ("tang-wenhong", "Assistant Minister of Commerce", "mofcom", 2024),
    ("tang-wenhong", "Party Group Member, Beijing Municipal Government", "beijing-government", 2025),
    ("ding-xuexiang", "Vice Premier of the State Council", "chinese-government", 2025),
    ("yin-li", "Secretary of the CPC Beijing Municipal Committee", "beijing-party-committee", 2025),
    ("zhou-xiaoyan", "Executive Vice President", "cciip", 2025),
]


@pytest.mark.parametrize(("person", "title", "org", "year"), POSITIONS_MORE, ids=[f"{row[0]}-{row[3]}" for row in POSITIONS_MORE])
def test_people_hold_their_positions_at_that_edition(dataset, person, title, org, year):
    assert (title, org, year) in {(p.title, p.organization, p.edition) for p in dataset.people[person].positions}


def test_every_person_topic_and_edition_is_tied_in(dataset):
    assert len(dataset.events) >= 45 and len(dataset.people) >= 80
    for person in dataset.people.values():
        assert dataset.events_of_person(person.id) or any(p.edition for p in person.positions), person.id
    for topic in dataset.topics.values():
        assert topic.events, topic.id
    for year in HELD:
        assert dataset.events_of_edition(year), year


def test_2012_deals_are_recorded(dataset):
    deals = dataset.editions[2012].deals
    assert [d.sources for d in deals] == [("magazine-2013-04-29",), ("magazine-2013-04-29",)]
    assert "Amazon" in deals[0].title and "US$290 million" in deals[0].title and deals[0].organizations == ("amazon",)
    assert "Luanda, Angola" in deals[1].title and "US$350 million" in deals[1].title


@pytest.mark.parametrize(
    ("year", "words"),
    [
        (2016, "No stored page names who opened the 2016 fair"),
        (2018, "No stored source gives 2018's dates"),
        (2019, "No stored page names"),
        (2020, "No stored page names a guest province for 2020"),
        (2022, "No stored page names a guest province"),
        (2024, "no stored page gives the closing count of results"),
    ],
)
def test_gaps_are_said_not_left_silent(dataset, year, words):
    assert words in dataset.editions[year].summary


# -- context figures: statistics quoted at the fair, never compared ----------------------------------
def test_context_figures_stay_out_of_comparisons(dataset):
    context = [f for f in dataset.figures.values() if f.is_context]
    assert len(context) >= 25
    assert {dataset.edition_of_figure(f) for f in context} >= {2012, 2013, 2014, 2019, 2020, 2021, 2022, 2023, 2024, 2025}
    context_metrics = {f.metric for f in context}
    rows = compare(dataset, 2021, 2022).rows
    assert rows and not context_metrics & {row.metric.id for row in rows}
    for row in rows:
        for side in (row.a, row.b):
            assert not any(f.is_context for f in (side.figure, *side.others) if f is not None)
    assert "2021-context-china-services-trade-h1" in dataset.figures
    for year in HELD:
        for metric in context_metrics:
            assert dataset.figures_for(year, metric) == []


@pytest.mark.parametrize(
    ("ref", "ids"),
    [
        ("edition:2021", {"2021-context-china-services-trade-h1", "2021-context-china-services-trade-growth-h1", "2021-china-service-sector-value-added"}),
        ("edition:2022", {"2022-context-china-services-trade-h1", "2022-context-china-services-trade-growth-h1"}),
        ("event:opening-ceremony-2012", {"2012-context-china-services-trade-2011", "2012-context-china-services-fdi-2011"}),
    ],
)
def test_describe_shows_context_in_its_own_section(dataset, ref, ids):
    sections = describe(dataset.resolve(ref), dataset)
    titles = [s.title for s in sections]
    if "Figures" in titles:  # an owner whose only figures are context has no "Figures" section
        assert titles.index("Context (not fair results)") == titles.index("Figures") + 1
    assert titles.index("Context (not fair results)") < titles.index("Sources")
    shown = {s.title: {f.id for f in s.figures} for s in sections}
    assert ids <= shown["Context (not fair results)"]
    assert not ids & shown.get("Figures", set())
    assert all(dataset.figures[f].is_context for f in shown["Context (not fair results)"])


def test_search_names_context_figures_as_context(index):
    hits = {h.id: h for h in index.search("2021 china services trade", limit=None)}
    name = hits["2021-context-china-services-trade-h1"].name
    assert name.endswith(" (context)")
    assert not hits.get("2021-exhibition-area") or not hits["2021-exhibition-area"].name.endswith("(context)")


def test_show_flags_context_figures(capsys):
    from ciftis.cli import main

    assert main(["show", "2021"]) == 0
    out = capsys.readouterr().out
    assert "Context (not fair results)" in out and "context" in out.split("Context (not fair results)")[1]
