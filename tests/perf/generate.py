"""Synthetic CIFTIS datasets in the real dataset format, for the performance harness.

`generate(directory, entities, seed)` writes a dataset of about `entities` entities (every kind
counts: editions, events, people, organizations, IP topics, sources, metrics and figures) that
passes `ciftis validate`: realistic names (Chinese and Western people, organizations, forums,
publishers), positions, figures with qualifiers, plans, as-of times, derivations and conflicts, and
sources with quotes. The same size and seed always give the same files. Files are split by subject
into folders of a few hundred entities each, well inside the reader's limits (16 MiB, 100,000
values per file, 32 levels).
"""

from __future__ import annotations

import json
import random
import re
from datetime import date, timedelta
from pathlib import Path

# -- vocabulary ----------------------------------------------------------------------------------
SURNAMES = (
    "Wang Li Zhang Liu Chen Yang Huang Zhao Wu Zhou Xu Sun Ma Zhu Hu Guo He Gao Lin Luo Zheng Liang Xie Song Tang "
    "Han Feng Deng Cao Peng Zeng Xiao Tian Dong Yuan Pan Cai Jiang Yu Du Ye Cheng Wei Su Lu Ding Ren Shen Yao Jin "
    "Fu Zhong Fang Tan Shi Qin Xiong Meng Qiu Qian Dai Bai Hou Kong Yin Duan Lei Hao Gong Shao Wan Qi Mao Yi Chang"
).split()
GIVEN = (
    "Wei Fang Na Min Jing Lei Jun Yang Yong Yan Jie Tao Ming Chao Xia Ping Gang Hua Hui Bin Ling Dan Yun Qiang Hong "
    "Xin Jian Zhen Yu Bo Rui Ning Kai Feng Hao Lin Qing Shan Xue Jia Yi Peng Chen Long Xiang Tian Yue Song Wen Liang "
    "Jinsong Binying Dongqi Junqin Xiaoming Guoqiang Haiyan Chunhua Lijuan Zhiwei Jianguo Yanping Xiaohong Jiayi "
    "Zihan Yuxuan Haoran Xinyi Zixuan Yutong Shuang Yiming Weidong Guohua Yufei Ruoxi Mingyu Tianyu Jingwen Shiyu"
).split()
HANZI = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐韩冯邓曹彭曾肖田董袁潘蔡蒋余杜叶程魏苏卢丁任沈姚金"
HANZI_GIVEN = "伟芳娜敏静磊军洋勇艳杰涛明超霞平刚华慧斌玲丹云强红新建振宇博瑞宁凯峰浩琳青山雪佳毅鹏晨龙翔天悦松文亮"
FIRST = (
    "Maria James Anna John Sofia David Elena Michael Laura Daniel Sarah Thomas Julia Peter Emma Paul Clara Martin "
    "Olivia Lucas Ines Marco Aoife Sean Micheál Chloé Jürgen Søren Ana José Nadia Omar Fatima Ahmed Priya Ravi "
    "Kenji Yuki Hana Min-jun Seo-yeon Anders Ingrid Pierre Amélie Giulia Luca Katarzyna Piotr"
).split()
LAST = (
    "Smith Müller García Rossi Dubois Murphy O'Brien Kelly Novak Kowalski Silva Santos Jensen Larsen Andersson "
    "Nakamura Tanaka Kim Park Singh Patel Haddad Mensah Okafor Ivanova Petrov Fischer Schneider Moreau Bianchi "
    "Costa Fernández López Martin Wilson Taylor Brown Walsh Byrne Nielsen Berg Virtanen Horvath"
).split()
TITLES = (
    "Director", "Deputy Director", "Director General", "Deputy Director General", "Vice Minister", "Minister",
    "Chairman", "Vice Chairman", "President", "Vice President", "Secretary General", "Deputy Secretary General",
    "Chief Executive Officer", "Chief Economist", "Senior Counsellor", "Head of Office", "Professor", "Dean",
    "Ambassador", "Mayor", "Vice Mayor", "Partner", "Senior Researcher", "Program Officer",
)
DEPARTMENTS = (
    "International Cooperation Department", "Department of Trade in Services", "Brands and Designs Sector",
    "Patent Office", "Trademark Office", "Digital Economy Division", "Policy Research Office", "Legal Affairs",
)
CITIES = (
    "Beijing", "Shanghai", "Tianjin", "Chongqing", "Guangzhou", "Shenzhen", "Hangzhou", "Chengdu", "Wuhan",
    "Nanjing", "Xi'an", "Suzhou", "Qingdao", "Xiamen", "Hefei", "Changsha", "Dalian", "Shenyang", "Haikou",
)
PROVINCES = ("Zhejiang", "Jiangsu", "Guangdong", "Shandong", "Sichuan", "Hubei", "Fujian", "Hainan", "Shanxi", "Yunnan")
COUNTRIES = (
    "China", "United Kingdom", "Ireland", "Germany", "France", "Italy", "Spain", "Switzerland", "Austria", "Japan",
    "Republic of Korea", "Singapore", "Malaysia", "Thailand", "United Arab Emirates", "Egypt", "Kenya", "Brazil",
    "Chile", "Canada", "Australia", "New Zealand", "Hungary", "Poland", "Sweden", "Denmark", "Finland",
)
SECTORS = (
    "Digital Trade", "Financial Services", "Cultural Tourism", "Health Services", "Education Services",
    "Sports Services", "Supply Chain", "Engineering Consulting", "Environmental Services", "Telecommunications",
    "Computer and Information Services", "Intellectual Property", "Green Finance", "Smart Mobility",
    "Artificial Intelligence", "Cross-border E-commerce", "Fintech", "Logistics", "Creative Design",
    "Legal Services", "Healthcare Technology", "Space Technology", "Digital Culture", "Silver Economy",
)
ORG_FORMS = (
    ("{city} {sector} Association", "association"),
    ("{city} {sector} Group Co., Ltd.", "company"),
    ("China {sector} Alliance", "association"),
    ("{city} Municipal Bureau of Commerce", "government"),
    ("{city} Intellectual Property Office", "government"),
    ("{sector} Research Institute of {city}", "institution"),
    ("{country} Chamber of Commerce in China", "association"),
    ("{country} Trade Promotion Agency", "government"),
    ("{city} {sector} Technology Co., Ltd.", "company"),
    ("{city} Daily", "media"),
    ("United Nations {sector} Programme", "international_organization"),
    ("{city} University School of {sector}", "institution"),
)
EVENT_FORMS = (
    ("{sector} Forum", "forum"),
    ("Global {sector} Summit", "summit"),
    ("Symposium on {sector} and {topic}", "symposium"),
    ("{sector} Conference", "conference"),
    ("Opening Ceremony of the {sector} Exhibition", "ceremony"),
    ("{sector} Thematic Exhibition", "exhibition"),
    ("Launch of the {sector} Report", "launch"),
    ("{city} {sector} Promotion Meeting", "meeting"),
    ("High-level Forum on {topic}", "forum"),
    ("International Seminar on {topic} in {sector}", "symposium"),
)
IP_TOPICS = (
    "Patent Pledge Financing", "Trademark Protection", "The Madrid System", "Copyright in the Digital Age",
    "IP Insurance", "Geographical Indications", "Design Protection", "Trade Secrets", "Standard Essential Patents",
    "Data Rights", "IP Transaction Platforms", "Technology Transfer", "Open Source Licensing",
    "Plant Variety Protection", "IP Dispute Resolution", "Brand Building", "Patent Pools", "IP Securitization",
)
PUBLISHERS = (
    ("Xinhua", "state_media"), ("People's Daily Online", "state_media"), ("China Daily", "state_media"),
    ("CGTN", "state_media"), ("Global Times", "media"), ("Beijing Daily", "media"), ("China IP News", "media"),
    ("Ministry of Commerce", "official"), ("World Intellectual Property Organization", "official"),
    ("CIFTIS Organizing Committee", "official"), ("Beijing Municipal Bureau of Commerce", "official"),
    ("Caixin", "media"), ("South China Morning Post", "media"), ("China.org.cn", "state_media"),
    ("not named", "reprint"),
)
HEADLINES = (
    "{sector} takes centre stage at services fair", "Services fair closes with {n} deals",
    "{city} showcases {sector} at CIFTIS", "Record {n} exhibitors expected at the fair",
    "Fair opens with a focus on {sector}", "{country} joins services fair as guest of honour",
    "Forum on {topic} held during CIFTIS", "Services trade fair draws {n} visitors",
)
METRIC_NOUNS = (
    ("exhibitors", "count", "Enterprises exhibiting"), ("visitors", "person_times", "Visits counted"),
    ("exhibition area", "m2", "Floor area of exhibitions"), ("deals signed", "count", "Agreements signed"),
    ("deal value", "usd", "Value of agreements signed"), ("forums", "count", "Forums and meetings held"),
    ("countries and regions", "count", "Countries and regions taking part"),
    ("Fortune 500 companies", "count", "Fortune Global 500 firms taking part"),
    ("share of foreign exhibitors", "percent", "Foreign exhibitors as a share of all exhibitors"),
    ("participants", "people", "People attending"), ("turnover", "cny", "Turnover reported"),
    ("ranking", "rank", "Position in a ranking"), ("launches", "count", "New products and services launched"),
)
METRIC_SCOPES = ("Offline", "Online", "Foreign", "Total", "Registered", "International", "Domestic", "Digital")
QUALIFIERS = ("exact",) * 6 + ("more_than", "more_than", "nearly", "about", "at_least", "less_than")


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower().replace("'", "")).strip("-") or "x"


def _quote(value) -> str:
    """A YAML scalar: numbers as they are, text as a JSON string (a valid YAML double-quoted scalar)."""
    if isinstance(value, bool) or value is None:
        raise TypeError(value)
    if isinstance(value, (int, float)):
        return repr(value)
    return json.dumps(value, ensure_ascii=False)


def _emit(value, indent: int, out: list[str]) -> None:
    """Block-style YAML like the bundled files: mappings and lists of mappings in blocks, id lists in flow."""
    pad = " " * indent
    for key, item in value.items():
        if item is None:
            continue
        if isinstance(item, dict):
            if all(not isinstance(v, (dict, list)) for v in item.values()):
                inner = ", ".join(f"{k}: {_quote(v)}" for k, v in item.items() if v is not None)
                out.append(f"{pad}{key}: {{{inner}}}")
            else:
                out.append(f"{pad}{key}:")
                _emit(item, indent + 2, out)
        elif isinstance(item, list):
            if all(not isinstance(v, (dict, list)) for v in item):
                out.append(f"{pad}{key}: [{', '.join(_quote(v) for v in item)}]")
            else:
                out.append(f"{pad}{key}:")
                for element in item:
                    lines: list[str] = []
                    _emit(element, indent + 4, lines)
                    out.append(f"{pad}  - {lines[0].lstrip()}")
                    out.extend(lines[1:])
        else:
            out.append(f"{pad}{key}: {_quote(item)}")


def _write(path: Path, section: str, items: list[dict], comment: str) -> None:
    out = [f"# {comment}", "", f"{section}:"]
    for item in items:
        lines: list[str] = []
        _emit(item, 4, lines)
        out.append(f"  - {lines[0].lstrip()}")
        out.extend(lines[1:])
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(out) + "\n", encoding="utf-8")


def _chunks(items: list, size: int):
    for start in range(0, len(items), size):
        yield start // size + 1, items[start:start + size]


class _Ids:
    """Unique slugs: a second "Wang Wei" becomes wang-wei-2."""

    def __init__(self):
        self.seen: dict[str, int] = {}

    def __call__(self, text: str) -> str:
        base = slug(text)[:60].strip("-")
        count = self.seen.get(base, 0) + 1
        self.seen[base] = count
        return base if count == 1 else f"{base}-{count}"


def plan(entities: int) -> dict[str, int]:
    """How many of each kind make up `entities` (every kind counts, figures included)."""
    entities = max(entities, 60)
    editions = min(max(5, entities // 300), 300)
    metrics = min(max(12, entities // 200), 500)
    counts = {
        "editions": editions,
        "metrics": metrics,
        "sources": int(entities * 0.15),
        "organizations": int(entities * 0.10),
        "people": int(entities * 0.18),
        "events": int(entities * 0.12),
        "topics": max(3, int(entities * 0.03)),
    }
    counts["figures"] = entities - sum(counts.values())
    return counts


def generate(directory: str | Path, entities: int, seed: int = 2012) -> dict[str, int]:
    """Write a dataset of `entities` entities into `directory` (created); return the counts by kind."""
    root = Path(directory)
    rng = random.Random(f"{seed}-{entities}")
    counts = plan(entities)
    first_year = 2012 if counts["editions"] <= 189 else 2200 - counts["editions"] + 1
    years = list(range(first_year, first_year + counts["editions"]))

    # sources
    new_id = _Ids()
    sources = []
    for n in range(counts["sources"]):
        publisher, tier = rng.choice(PUBLISHERS)
        day = date(rng.choice(years), 9, 1) + timedelta(days=rng.randrange(-60, 30))
        headline = rng.choice(HEADLINES).format(sector=rng.choice(SECTORS), city=rng.choice(CITIES), n=f"{rng.randrange(100, 20000):,}", country=rng.choice(COUNTRIES), topic=rng.choice(IP_TOPICS))
        item = {"id": new_id(f"{publisher.split()[0]}-{day.isoformat()}-{n}"), "publisher": publisher, "title": headline, "date": day.isoformat(), "tier": tier}
        if tier != "reprint" and rng.random() < 0.7:
            item["url"] = f"https://www.{slug(publisher)}.example.cn/{day.year}/{day.month:02d}/{n}.html"
        if rng.random() < 0.15:
            item["note"] = "Reprinted on a partner site; figures checked against the original." if tier == "reprint" else "Closing report; figures as of the last day."
        sources.append(item)
    source_ids = [s["id"] for s in sources]

    # metrics
    new_id = _Ids()
    metrics = []
    combos = [(scope, noun) for noun in METRIC_NOUNS for scope in METRIC_SCOPES]
    rng.shuffle(combos)
    for n in range(counts["metrics"]):
        scope, (noun, unit, definition) = combos[n % len(combos)]
        label = f"{scope} {noun}" if n < len(combos) else f"{scope} {noun} ({n // len(combos) + 1})"
        metrics.append({"id": new_id(label), "label": label[0].upper() + label[1:], "unit": unit, "definition": f"{definition}, {scope.lower()}, as the organizers count them."})
    for metric in metrics[1:]:
        if rng.random() < 0.1:
            metric["related"] = [metrics[rng.randrange(len(metrics))]["id"]]
            if metric["related"][0] == metric["id"]:
                del metric["related"]

    # organizations
    new_id = _Ids()
    organizations = []
    for _ in range(counts["organizations"]):
        form, kind = rng.choice(ORG_FORMS)
        name = form.format(city=rng.choice(CITIES), sector=rng.choice(SECTORS), country=rng.choice(COUNTRIES))
        item = {"id": new_id(name), "name": name, "kind": kind}
        words = [w for w in re.split(r"[\s,.]+", name) if w and w[0].isupper()]
        if rng.random() < 0.4:
            item["aliases"] = ["".join(w[0] for w in words)]
        if rng.random() < 0.5:
            item["country"] = "China" if "Beijing" in name or kind == "government" else rng.choice(COUNTRIES)
        if organizations and rng.random() < 0.1:
            item["parent"] = organizations[rng.randrange(len(organizations))]["id"]  # earlier ones only: no cycles
        if rng.random() < 0.3:
            item["summary"] = f"Takes part in the fair's {rng.choice(SECTORS).lower()} section and co-organizes its forums."
        organizations.append(item)
    org_ids = [o["id"] for o in organizations]

    # people
    new_id = _Ids()
    people = []
    for _ in range(counts["people"]):
        if rng.random() < 0.7:
            surname, given = rng.choice(SURNAMES), rng.choice(GIVEN)
            name = f"{surname} {given}"
            aliases = [rng.choice(HANZI) + "".join(rng.choice(HANZI_GIVEN) for _ in range(rng.randint(1, 2)))]
        else:
            name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
            aliases = []
        if rng.random() < 0.5:
            aliases.append(("Mr. " if rng.random() < 0.5 else "Ms. ") + name)
        positions = []
        for _ in range(rng.choice((0, 1, 1, 1, 2, 2, 3))):
            title = rng.choice(TITLES)
            if rng.random() < 0.3:
                title += ", " + rng.choice(DEPARTMENTS)
            position = {"title": title, "organization": rng.choice(org_ids)}
            if rng.random() < 0.6:
                position["edition"] = rng.choice(years)
            positions.append(position)
        item = {"id": new_id(name), "name": name, "aliases": aliases, "positions": positions}
        if rng.random() < 0.4:
            item["summary"] = f"Spoke at the {rng.choice(SECTORS).lower()} forum about opening up trade in services."
        item["sources"] = rng.sample(source_ids, rng.randint(1, 2))
        people.append(item)
    person_ids = [p["id"] for p in people]

    # figures, owned by editions, events and topics
    figure_ids: set[str] = set()

    def figure(owner: str, year: int | None, n: int) -> dict:
        metric = metrics[rng.randrange(len(metrics))]
        unit = metric["unit"]
        if unit == "percent":
            value = round(rng.uniform(1, 95), 1)
        elif unit in ("usd", "cny"):
            value = rng.randrange(1, 900) * 10_000_000
        elif unit == "rank":
            value = rng.randint(1, 50)
        elif unit == "m2":
            value = rng.randrange(10, 200) * 1000
        else:
            value = rng.randint(10, 300_000)
        fid = f"{owner}-{metric['id']}-{n}"[:80].strip("-")
        while fid in figure_ids:
            fid += "x"
        figure_ids.add(fid)
        qualifier = rng.choice(QUALIFIERS)
        words = {"exact": "", "more_than": "over ", "nearly": "nearly ", "about": "about ", "at_least": "at least ", "less_than": "fewer than "}[qualifier]
        shown = f"{value:,}" if isinstance(value, int) else f"{value}"
        item = {"id": fid, "metric": metric["id"], "value": value, "unit": unit, "qualifier": qualifier}
        if rng.random() < 0.08:
            item["status"] = "plan"
        if year is not None and rng.random() < 0.1:
            item["as_of"] = f"{year}-09-0{rng.randint(1, 9)}T{rng.choice(('12:00', '17:30', '09:00'))}"
        if rng.random() < 0.05:
            item["scope"] = "Offline exhibitions only."
        item["sources"] = [{"source": rng.choice(source_ids), "quote": f"{words}{shown} {metric['label'].lower()}"}]
        return item

    def figures_of(owner: str, year: int | None, how_many: int) -> list[dict]:
        made = [figure(owner, year, n) for n in range(how_many)]
        if len(made) >= 2 and rng.random() < 0.2:  # a conflict: another source's value for the same metric
            a = made[0]
            b = dict(made[1], metric=a["metric"], unit=a["unit"], value=a["value"] + 1 if a["unit"] != "percent" else round(a["value"] + 0.5, 1))
            b["sources"] = [{"source": rng.choice(source_ids), "quote": f"nearly {b['value']}"}]
            b["qualifier"] = "nearly"
            b["conflicts_with"] = [a["id"]]
            made[1] = b
        if len(made) >= 3 and rng.random() < 0.15:  # a derived figure: another figure plus a quoted increase
            base = made[0]
            step = 12 if base["unit"] != "percent" else 1.5
            derived = dict(made[2], metric=base["metric"], unit=base["unit"], qualifier="exact", value=base["value"] + step)
            derived.pop("sources", None)
            derived.pop("conflicts_with", None)
            derived["derived"] = {"formula": "a + b", "inputs": {"a": {"figure": base["id"]}, "b": {"value": step, "source": rng.choice(source_ids), "quote": f"an increase of {step}"}}}
            made[2] = derived
        return made

    owners = {"edition": counts["editions"], "event": counts["events"], "topic": counts["topics"]}
    total = counts["figures"]
    share = {"edition": 0.6, "event": 0.3, "topic": 0.1}
    per_owner = {kind: [0] * owners[kind] for kind in owners}
    for kind in owners:
        for _ in range(int(total * share[kind]) if kind != "topic" else total - sum(map(sum, per_owner.values()))):
            per_owner[kind][rng.randrange(owners[kind])] += 1

    # editions
    editions = []
    for n, year in enumerate(years):
        name = "China (Beijing) International Fair for Trade in Services" if year < 2020 else "China International Fair for Trade in Services"
        start = date(year, 9, 1) + timedelta(days=rng.randrange(0, 10))
        item = {
            "year": year,
            "name": name,
            "aliases": [f"CIFTIS {year}", "京交会" if year < 2020 else "服贸会", f"{year}年服贸会"],
            "ordinal": n + 1,
            "start": start.isoformat(),
            "end": (start + timedelta(days=rng.randint(3, 6))).isoformat(),
            "venues": rng.sample(["China National Convention Center", "Shougang Park", "Olympic Park", "Beijing Exhibition Center"], 2),
            "theme": {"en": f"{rng.choice(SECTORS)} for an Open World", "zh": "数字开启未来,服务促进发展"},
            "organizers": rng.sample(org_ids, min(2, len(org_ids))),
            "guest_of_honour": rng.choice(COUNTRIES[1:]),
            "guest_province": rng.choice(PROVINCES),
            "summary": f"The {year} fair in Beijing, with exhibitions on {rng.choice(SECTORS).lower()} and {rng.choice(SECTORS).lower()}.",
            "reports": [{"title": f"Report on China's {rng.choice(SECTORS).lower()} development", "sources": [rng.choice(source_ids)]}],
            "deals": [{"title": f"{rng.choice(SECTORS)} cooperation agreement", "organizations": rng.sample(org_ids, min(2, len(org_ids))), "sources": [rng.choice(source_ids)]}],
            "figures": figures_of(str(year), year, per_owner["edition"][n]),
            "sources": rng.sample(source_ids, 2),
        }
        editions.append(item)

    # topics (events refer to them, they refer back to events: ids first)
    new_id = _Ids()
    topic_names = []
    for n in range(counts["topics"]):
        base = IP_TOPICS[n % len(IP_TOPICS)]
        topic_names.append(base if n < len(IP_TOPICS) else f"{base} in {SECTORS[n % len(SECTORS)]}" + ("" if n < len(IP_TOPICS) * len(SECTORS) else f" ({n})"))
    topic_ids = [new_id(name) for name in topic_names]

    # events
    new_id = _Ids()
    events = []
    for n in range(counts["events"]):
        year = rng.choice(years)
        form, kind = rng.choice(EVENT_FORMS)
        name = form.format(sector=rng.choice(SECTORS), topic=rng.choice(IP_TOPICS), city=rng.choice(CITIES))
        if rng.random() < 0.5:
            name = f"{year} {name}"
        item = {
            "id": new_id(f"{name}-{year}" if str(year) not in name else name),
            "name": name,
            "kind": kind,
            "edition": year,
            "date": (date(year, 9, 2) + timedelta(days=rng.randrange(0, 5))).isoformat(),
            "venue": rng.choice(("China National Convention Center", "Shougang Park", "Beijing Yanqi Lake International Convention Center", None)),
            "organizers": rng.sample(org_ids, rng.randint(1, 2)),
            "participants": [{"person": pid, "role": rng.choice(("opening remarks", "keynote speech", "moderator", "panelist", None))} for pid in rng.sample(person_ids, min(len(person_ids), rng.randint(0, 4)))],
            "topics": rng.sample(topic_ids, rng.randint(0, 1)),
            "summary": f"Speakers discussed {rng.choice(SECTORS).lower()} and {rng.choice(IP_TOPICS).lower()}." if rng.random() < 0.5 else None,
            "figures": figures_of(f"{slug(name)[:30]}-{n}", year, per_owner["event"][n]),
            "sources": rng.sample(source_ids, rng.randint(1, 2)),
        }
        for participant in item["participants"]:
            if participant["role"] is None:
                del participant["role"]
        events.append(item)

    topics = []
    for n, (tid, name) in enumerate(zip(topic_ids, topic_names, strict=True)):
        topics.append({
            "id": tid,
            "name": name,
            "aliases": [f"IP topic {n + 1}"] if rng.random() < 0.3 else [],
            "summary": f"How {name.lower()} helps firms trade services across borders.",
            "events": [e["id"] for e in rng.sample(events, min(len(events), rng.randint(0, 3)))],
            "people": rng.sample(person_ids, min(len(person_ids), rng.randint(0, 2))),
            "organizations": rng.sample(org_ids, min(len(org_ids), rng.randint(0, 2))),
            "figures": figures_of(f"topic-{tid[:30]}", None, per_owner["topic"][n]),
            "sources": rng.sample(source_ids, 1),
        })

    root.mkdir(parents=True, exist_ok=True)
    for folder, section, items, size in (
        ("sources", "sources", sources, 400),
        ("metrics", "metrics", metrics, 400),
        ("organizations", "organizations", organizations, 400),
        ("people", "people", people, 300),
        ("editions", "editions", editions, 10),
        ("events", "events", events, 200),
        ("topics", "topics", topics, 200),
    ):
        for number, chunk in _chunks(items, size):
            _write(root / folder / f"{section}-{number:04d}.yaml", section, chunk, f"Synthetic {section} {number} (seed {seed}): generated for the performance harness.")
    return {kind: count for kind, count in counts.items()}
