"""Demo: the Pavlodar EDP in technological foresight (idempotent).

Rows are written directly (get_or_create by natural keys) rather than through
the services, so that loading twice changes nothing and sends nobody a
notification.
"""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from .models import (
    EDP,
    AgendaItem,
    EDPRole,
    EDPStage,
    Idea,
    Meeting,
    MeetingDecision,
    MeetingRegistration,
    RegionalAsset,
    RegionFact,
    StageTransition,
    SWOTEntry,
    Topic,
)
from .workflow import STAGE_ORDER, Stage

SLUG = "pavlodar-2026"

ASSETS = {
    "smelter": (
        "economic",
        "Aluminium smelting and alumina refining",
        "The Pavlodar aluminium plant and its suppliers form the core of a metals cluster.",
        True,
        "Company reports",
        "~250,000 t of primary aluminium a year",
    ),
    "refinery": (
        "economic",
        "Oil refining and petrochemicals",
        "The Pavlodar refinery supplies fuels and feedstocks (coke, bitumen) to the region.",
        True,
        "Akimat industry department",
        "5 Mt of crude a year",
    ),
    "agro": (
        "economic",
        "Dairy, meat and grain farming",
        "Large farmland along the Irtysh with growing dairy and meat processing.",
        False,
        "Bureau of National Statistics",
        "",
    ),
    "coal": (
        "geographic",
        "Ekibastuz coal basin and power stations",
        "Some of the cheapest electricity in Kazakhstan, from the Ekibastuz basin.",
        True,
        "KEGOC",
        "≈40% of national power output",
    ),
    "irtysh": (
        "geographic",
        "The Irtysh river",
        "Fresh water for industry and agriculture, river transport in summer.",
        True,
        "",
        "",
    ),
    "sez": (
        "institutional",
        "Pavlodar special economic zone",
        "Tax and customs incentives for chemical and petrochemical investors.",
        True,
        "SEZ administration",
        "",
    ),
    "council": (
        "institutional",
        "Active public council and chamber of entrepreneurs",
        "Established channels between the akimat, business and residents.",
        False,
        "",
        "",
    ),
    "bilingual": (
        "cultural",
        "Bilingual (Kazakh–Russian) workforce with engineering traditions",
        "Long industrial tradition and technical education in both languages.",
        False,
        "",
        "",
    ),
    "food": (
        "cultural",
        "Local food traditions (kumis, horse meat, dairy)",
        "Marketable traditional products with a regional reputation.",
        False,
        "",
        "",
    ),
    "tou": (
        "knowledge",
        "Metallurgy, energy and chemistry at Toraighyrov University",
        "Engineering faculties with laboratories for materials and power engineering.",
        True,
        "University data",
        "≈14,000 students",
    ),
    "research": (
        "knowledge",
        "Applied research in materials and ecology",
        "Research institute and technopark working with local industry.",
        False,
        "",
        "",
    ),
    "rail": (
        "infrastructure",
        "Rail and road corridors to Russia and China",
        "Pavlodar sits on the Astana–Omsk and Trans-Siberian links.",
        True,
        "",
        "",
    ),
    "airport_port": (
        "infrastructure",
        "Airport and Irtysh river port",
        "Cargo airport and a seasonal river port.",
        False,
        "",
        "",
    ),
}

SWOT = [
    ("strength", "Cheap electricity from Ekibastuz", "accepted"),
    ("strength", "Large metallurgical and chemical plants as anchor customers", "accepted"),
    ("strength", "Engineering faculties and a technopark", "accepted"),
    ("weakness", "Young graduates leave for Astana and Almaty", "accepted"),
    ("weakness", "Air pollution and coal dependence", "accepted"),
    ("weakness", "Few SMEs supply the large plants", "accepted"),
    ("opportunity", "Demand for low-carbon aluminium in export markets", "accepted"),
    ("opportunity", "Processing more milk and meat locally instead of shipping raw", "accepted"),
    ("opportunity", "Digital services for industrial maintenance", "accepted"),
    ("threat", "Carbon border taxes on metal exports", "accepted"),
    ("threat", "Ageing power and heating networks", "accepted"),
    ("threat", "Drought years on the Irtysh floodplain", "proposed"),
    ("opportunity", "Tourism on Bayanaul lakes", "proposed"),
]

FACTS = [
    ("GRP per capita", "5980000", "KZT", 2023, "Bureau of National Statistics"),
    ("Population", "752000", "people", 2024, "Bureau of National Statistics"),
    ("Output per worker in industry", "27400000", "KZT", 2023, "Bureau of National Statistics"),
    ("Share of manufacturing in GRP", "38.5", "%", 2023, "Bureau of National Statistics"),
]

# (kind, title, days from now, venue, topics, agenda, attendee keys, minutes, decisions)
MEETINGS = [
    (
        "foresight_workshop",
        "Foresight workshop: the future of metals and materials",
        -26,
        "Toraighyrov University, Lomov St 64, Pavlodar",
        "metals, low-carbon aluminium, recycling",
        "Opening by the akimat\nTrends in aluminium demand to 2040\nGroup work: what could Pavlodar do first?\nReport back",
        [
            "coordinator",
            "facilitator",
            "evaluator1",
            "evaluator3",
            "evaluator4",
            "researcher",
            "tou_rep",
            "entrepreneur",
            "citizen1",
            "citizen2",
        ],
        "Participants mapped the metals value chain and looked for **activities** the region could lead in.\n\n- Recycling smelter by-products came up in every group\n- Firms want university labs to test materials",
        [
            "Prepare a short study on recycling smelter dross",
            "Invite the aluminium plant's suppliers to the next workshop",
        ],
    ),
    (
        "focus_group",
        "Focus group: processing milk and meat in the region",
        -19,
        "Chamber of Entrepreneurs, Pavlodar",
        "food processing, cold chain",
        "Where value leaves the region today\nCold-chain logistics\nSkills and certification",
        ["facilitator", "entrepreneur", "evaluator6", "citizen3", "citizen4", "citizen5", "moderator", "evaluator2"],
        "Farmers and processors agreed that the lack of cold storage and certified laboratories keeps milk and meat leaving raw.",
        ["Survey cold-storage capacity in the districts"],
    ),
    (
        "roundtable",
        "Roundtable: energy transition in Ekibastuz and Pavlodar",
        -12,
        "Akimat of Pavlodar Region, conference hall",
        "energy, hydrogen, heat networks",
        "Coal today, what after 2035?\nHeat networks and efficiency\nHydrogen and storage pilots",
        [
            "coordinator",
            "facilitator",
            "evaluator1",
            "evaluator4",
            "evaluator5",
            "researcher",
            "citizen6",
            "citizen7",
            "evaluator3",
        ],
        "The roundtable discussed what cheap power could still attract while the grid decarbonises.",
        ["Ask the technopark to host a heat-network data challenge", "Add an energy-efficiency asset to the inventory"],
    ),
    (
        "foresight_workshop",
        "Foresight workshop: digital services for industry",
        -5,
        "Pavlodar technopark",
        "digital, maintenance, data",
        "Predictive maintenance\nData sharing between plants\nWho trains the specialists?",
        ["facilitator", "evaluator6", "evaluator4", "tou_rep", "citizen8", "citizen1", "evaluator2"],
        "",
        [],
    ),
    (
        "public_hearing",
        "Public hearing on the region's strengths and the call for ideas",
        9,
        "Pavlodar Regional Philharmonic, small hall",
        "evidence base, call for ideas",
        "Presentation of the assets inventory and SWOT\nQuestions from residents\nHow to submit an idea",
        [],
        "",
        [],
    ),
]

# (submitter, organisation or None, title, summary, activity, assets, partners, meeting index or None, public full text)
IDEAS = [
    (
        "tou_rep",
        "tou",
        "Refractory bricks from smelter dross",
        "Turn aluminium dross into refractory materials for regional furnaces.",
        "A pilot line at the university converts dross from the smelter into refractory aggregates tested with local steel and ferroalloy plants.",
        ["smelter", "tou"],
        ["aluminium", "research_institute"],
        0,
        True,
    ),
    (
        "researcher",
        "ppu",
        "Teacher training in materials science",
        "Short courses so school physics teachers can run materials labs.",
        "Design and run summer courses with the pedagogical university using the technopark's equipment.",
        ["tou", "bilingual"],
        ["tou"],
        0,
        False,
    ),
    (
        "entrepreneur",
        "sme_agro",
        "Shared cold storage hubs for dairy farmers",
        "Three district cold-storage hubs run by a farmers' cooperative.",
        "Build and operate cold-storage hubs where small farms pool milk, with shared testing and logistics to processors.",
        ["agro"],
        ["chamber"],
        1,
        True,
    ),
    (
        "entrepreneur",
        "sme_agro",
        "Certified laboratory for meat and milk exports",
        "A regional lab certifying products for export to China and Russia.",
        "Set up an accredited laboratory with the university so processors need not send samples to Almaty.",
        ["agro", "rail"],
        ["tou"],
        1,
        False,
    ),
    (
        "evaluator3",
        "aluminium",
        "Low-carbon aluminium certification",
        "Track and certify the carbon footprint of Pavlodar aluminium.",
        "Metering, data platform and third-party verification of the smelter's emissions so exporters can prove low-carbon content.",
        ["smelter", "coal"],
        ["technopark"],
        2,
        True,
    ),
    (
        "evaluator4",
        "technopark",
        "Predictive maintenance service for heavy industry",
        "Sensor data and models to predict failures in plants.",
        "A technopark start-up programme builds maintenance analytics for the smelter, refinery and power stations.",
        ["smelter", "refinery", "research"],
        ["sme_it", "aluminium"],
        3,
        True,
    ),
    (
        "evaluator6",
        "sme_it",
        "Data exchange between the region's plants",
        "A secure platform for plants to share maintenance and supplier data.",
        "Develop an industrial data space with common standards, starting with spare-parts demand.",
        ["smelter", "refinery"],
        ["chamber"],
        3,
        False,
    ),
    (
        "evaluator5",
        "ngo_eco",
        "Citizen air-quality network",
        "Low-cost sensors in schools feeding an open air-quality map.",
        "Install and maintain sensors with school clubs; publish data openly and train teachers.",
        ["irtysh", "council"],
        ["ppu"],
        2,
        True,
    ),
    (
        "facilitator",
        "industry_dept",
        "Supplier development programme for large plants",
        "Help local SMEs qualify as suppliers to the smelter and refinery.",
        "Audit supplier requirements, coach SMEs and co-finance certification through the Business Road Map.",
        ["smelter", "refinery", "council"],
        ["chamber", "aluminium"],
        0,
        True,
    ),
    (
        "citizen1",
        None,
        "Repair and refurbishment of industrial motors",
        "A local workshop instead of shipping motors to Russia.",
        "A service company rewinds and refurbishes large electric motors for plants and mines.",
        ["smelter", "coal"],
        [],
        0,
        True,
    ),
    (
        "citizen2",
        None,
        "Bayanaul eco-lodges with online booking",
        "Small lodges and a booking service that spreads visitors over the season.",
        "An online booking and queue service for Bayanaul lakes, with small eco-lodges run by local families.",
        ["irtysh"],
        [],
        None,
        True,
    ),
    (
        "citizen3",
        None,
        "Kumis and horse-milk products for export",
        "Standardised, shelf-stable kumis for export markets.",
        "Process mare's milk with modern fermentation and packaging, certified in the regional lab.",
        ["food", "agro"],
        [],
        1,
        True,
    ),
    (
        "citizen4",
        None,
        "Greenhouses heated with waste heat",
        "Use heat from power stations for year-round vegetables.",
        "Connect greenhouses to the return lines of Ekibastuz heat networks.",
        ["coal", "agro"],
        [],
        2,
        False,
    ),
    (
        "citizen5",
        None,
        "Mobile veterinary service with digital records",
        "Vets visit remote farms; records travel with the animal.",
        "A subscription service of mobile vets with digital herd records for traceability.",
        ["agro"],
        [],
        1,
        True,
    ),
    (
        "citizen6",
        None,
        "Heat-network leak detection with drones",
        "Thermal drones find leaks before winter.",
        "A service company surveys heat pipes each autumn and prioritises repairs for the utility.",
        ["coal", "airport_port"],
        [],
        2,
        True,
    ),
    (
        "citizen7",
        None,
        "Battery storage next to coal plants",
        "Store cheap night power for peak hours.",
        "Pilot grid batteries at Ekibastuz to learn how storage can replace coal peaking units.",
        ["coal"],
        [],
        2,
        False,
    ),
    (
        "citizen8",
        None,
        "Coding school for industrial automation",
        "Evening courses in PLC programming and robotics.",
        "A training centre run with the technopark teaching automation to plant technicians and students.",
        ["bilingual", "research"],
        [],
        3,
        True,
    ),
    (
        "tou_rep",
        "tou",
        "Hydrogen from surplus night power",
        "A small electrolyser pilot using night-time electricity.",
        "Test electrolysis with the power stations and supply hydrogen to the refinery's hydrotreating.",
        ["coal", "refinery", "tou"],
        ["research_institute"],
        2,
        True,
    ),
    (
        "researcher",
        "tou",
        "Recycled aluminium alloys for the automotive industry",
        "Alloys from scrap for car parts made in Kazakhstan.",
        "Develop and certify secondary alloys from regional scrap with the smelter's casthouse.",
        ["smelter", "tou"],
        ["aluminium"],
        0,
        False,
    ),
    (
        "evaluator3",
        "aluminium",
        "Spent pot lining treatment",
        "Make a hazardous smelter waste safe and reusable.",
        "Build a treatment unit turning spent pot lining into feedstock for cement plants.",
        ["smelter"],
        ["research_institute"],
        0,
        False,
    ),
    (
        "entrepreneur",
        "sme_agro",
        "Feed from grain by-products",
        "Balanced cattle feed from milling residues.",
        "A feed mill blending bran and oilseed cake into rations for regional dairy farms.",
        ["agro"],
        [],
        1,
        True,
    ),
    (
        "evaluator4",
        "technopark",
        "Materials testing as a service",
        "Open the technopark's labs to SMEs by the hour.",
        "Booking, pricing and training so small firms can test materials without buying equipment.",
        ["research", "tou"],
        ["tou"],
        3,
        True,
    ),
    (
        "evaluator6",
        "chamber",
        "Export desk for processed food",
        "One window for SMEs exporting food to China.",
        "A chamber service handling certification, logistics partners and buyer visits.",
        ["rail", "food"],
        ["sme_agro"],
        1,
        False,
    ),
    (
        "evaluator5",
        "ngo_eco",
        "Irtysh floodplain water monitoring",
        "Volunteers and sensors watch water levels and quality.",
        "Combine volunteer sampling with telemetry to warn farmers of drought and pollution.",
        ["irtysh"],
        ["research_institute"],
        None,
        True,
    ),
    (
        "citizen1",
        None,
        "Bitumen from refinery residues for local roads",
        "Better road bitumen made in Pavlodar.",
        "A modified-bitumen unit at the refinery supplying district road works.",
        ["refinery", "rail"],
        [],
        None,
        True,
    ),
    (
        "citizen3",
        None,
        "River freight app for the Irtysh",
        "Book small cargo on river barges in summer.",
        "A booking platform matching shippers with barges between Pavlodar and Omsk.",
        ["irtysh", "airport_port"],
        [],
        None,
        False,
    ),
    (
        "citizen5",
        None,
        "Wool felt products from local sheep",
        "Design-led felt goods for tourists and online shops.",
        "A cooperative workshop producing felt goods, sold online and at Bayanaul.",
        ["food"],
        [],
        None,
        True,
    ),
    (
        "facilitator",
        "industry_dept",
        "Industrial symbiosis map",
        "Match one plant's waste with another plant's input.",
        "An online map and broker service for by-products between the region's plants.",
        ["smelter", "refinery", "sez"],
        ["research_institute"],
        3,
        True,
    ),
]
# Some ideas are still drafts (only their authors see them) and one was withdrawn.
DRAFTS = {"Wool felt products from local sheep", "River freight app for the Irtysh"}
WITHDRAWN = {"Bitumen from refinery residues for local roads"}


def load(ctx) -> None:
    users, orgs = ctx["users"], ctx["orgs"]
    now = timezone.now()
    edp, _ = EDP.objects.get_or_create(
        slug=SLUG,
        defaults={
            "region": ctx["region"],
            "owner": orgs["akimat"],
            "title_en": "Pavlodar smart specialisation 2026–2030",
            "title_ru": "Умная специализация Павлодарской области 2026–2030",
            "title_kk": "Павлодар облысының ақылды мамандануы 2026–2030",
            "description_en": (
                "The akimat invites businesses, universities, organisations and residents to discover together "
                "what Pavlodar Region can become good at, starting from its own strengths."
            ),
            "period_start": 2026,
            "period_end": 2030,
            "stage": Stage.FORESIGHT,
            "ideas_close_at": now + timedelta(days=40),
            "created_by": users["coordinator"],
        },
    )
    _stages(edp, users, now)
    for key in ["coordinator", "facilitator", "moderator"] + [f"evaluator{i}" for i in range(1, 7)]:
        role = "evaluator" if key.startswith("evaluator") else key
        EDPRole.objects.get_or_create(
            edp=edp, user=users[key], role=role, defaults={"granted_by": users["coordinator"]}
        )
    assets = {}
    for key, (dimension, title, description, immobile, source, figure) in ASSETS.items():
        assets[key], _ = RegionalAsset.objects.get_or_create(
            edp=edp,
            title=title,
            defaults={
                "dimension": dimension,
                "description": description,
                "is_immobile": immobile,
                "evidence_source": source,
                "evidence_figure": figure,
                "created_by": users["coordinator"],
            },
        )
    meetings = _meetings(edp, users, orgs, now)
    contributors = [users[k] for k in ("evaluator1", "entrepreneur", "citizen1", "tou_rep", "evaluator5", "citizen3")]
    for i, (quadrant, text, status) in enumerate(SWOT):
        SWOTEntry.objects.get_or_create(
            edp=edp,
            quadrant=quadrant,
            text=text,
            defaults={
                "author": contributors[i % len(contributors)],
                "meeting": meetings[i % 3],
                "status": status,
                "curated_by": users["coordinator"] if status == "accepted" else None,
            },
        )
    for indicator, value, unit, year, source in FACTS:
        RegionFact.objects.get_or_create(
            region=ctx["region"],
            indicator=indicator,
            year=year,
            defaults={"value": Decimal(value), "unit": unit, "source": source, "created_by": users["staff"]},
        )
    _ideas(edp, users, orgs, assets, meetings, now)
    ctx["edp"] = edp
    ctx.stdout.write(f"EDP: {edp.title} at /edp/{edp.slug}/")


def _stages(edp, users, now) -> None:
    plan = {
        Stage.PREPARATION: (-60, -30),
        Stage.FORESIGHT: (-30, 40),
        Stage.EVALUATION: (41, 75),
        Stage.CONSULTATION: (76, 120),
        Stage.PRIORITY_SELECTION: (121, 150),
        Stage.ACTION_PLANNING: (151, 240),
    }
    for stage in STAGE_ORDER:
        start, end = plan.get(stage, (None, None))
        EDPStage.objects.get_or_create(
            edp=edp,
            stage=stage,
            defaults={
                "planned_start": (now + timedelta(days=start)).date() if start is not None else None,
                "planned_end": (now + timedelta(days=end)).date() if end is not None else None,
                "opened_at": now + timedelta(days=-60 if stage == Stage.PREPARATION else -30)
                if stage in (Stage.PREPARATION, Stage.FORESIGHT)
                else None,
                "closed_at": now - timedelta(days=30) if stage == Stage.PREPARATION else None,
            },
        )
    if not edp.transitions.exists():
        first = StageTransition.objects.create(
            edp=edp, from_stage="", to_stage=Stage.PREPARATION, actor=users["coordinator"]
        )
        second = StageTransition.objects.create(
            edp=edp,
            from_stage=Stage.PREPARATION,
            to_stage=Stage.FORESIGHT,
            actor=users["coordinator"],
            reason="Assets inventory and stage plan approved by the akim's working group.",
        )
        StageTransition.objects.filter(pk=first.pk).update(created_at=now - timedelta(days=60))
        StageTransition.objects.filter(pk=second.pk).update(created_at=now - timedelta(days=30))


def _meetings(edp, users, orgs, now) -> list[Meeting]:
    # The organisation each person attends for (their helix is counted from it).
    attends_for = {
        "coordinator": "akimat",
        "facilitator": "industry_dept",
        "evaluator1": "tou",
        "evaluator2": "research_institute",
        "evaluator3": "aluminium",
        "evaluator4": "technopark",
        "evaluator5": "ngo_eco",
        "evaluator6": "chamber",
        "moderator": "public_council",
        "researcher": "tou",
        "tou_rep": "tou",
        "entrepreneur": "sme_agro",
    }
    meetings = []
    for kind, title, days, venue, topics, agenda, attendees, minutes, decisions in MEETINGS:
        starts = (now + timedelta(days=days)).replace(hour=5, minute=0, second=0, microsecond=0)  # 10:00 Almaty
        meeting, created = Meeting.objects.get_or_create(
            edp=edp,
            title=title,
            defaults={
                "kind": kind,
                "starts_at": starts,
                "duration_minutes": 180 if kind == "foresight_workshop" else 120,
                "venue": venue,
                "capacity": 40 if kind == "public_hearing" else 25,
                "facilitator": users["facilitator"],
                "minutes": minutes,
                "minutes_published_at": starts + timedelta(days=2) if minutes else None,
                "created_by": users["coordinator"],
            },
        )
        meetings.append(meeting)
        if not created:
            continue
        for name in [t.strip() for t in topics.split(",")]:
            topic, _ = Topic.objects.get_or_create(edp=edp, name=name)
            meeting.topics.add(topic)
        for i, line in enumerate(agenda.splitlines()):
            AgendaItem.objects.create(meeting=meeting, position=i, title=line)
        for i, text in enumerate(decisions):
            MeetingDecision.objects.create(meeting=meeting, position=i, text=text)
        past = days < 0
        for key in attendees:
            user = users[key]
            org = orgs[attends_for[key]] if key in attends_for else None
            MeetingRegistration.objects.create(
                meeting=meeting,
                user=user,
                organisation=org,
                helix=org.helix if org else user.effective_helix,
                attended=past and key != attendees[-1],  # someone always misses it
            )
    return meetings


def _ideas(edp, users, orgs, assets, meetings, now) -> None:
    for i, (who, org_key, title, summary, activity, asset_keys, partner_keys, meeting_i, public) in enumerate(IDEAS):
        status = (
            Idea.Status.DRAFT
            if title in DRAFTS
            else Idea.Status.WITHDRAWN
            if title in WITHDRAWN
            else Idea.Status.SUBMITTED
        )
        submitter = users[who]
        org = orgs[org_key] if org_key else None
        submitted_at = now - timedelta(days=25 - (i % 24), hours=i) if status != Idea.Status.DRAFT else None
        idea, created = Idea.objects.get_or_create(
            edp=edp,
            title=title,
            defaults={
                "summary": summary,
                "activity": activity,
                "expected_impact": "New jobs and suppliers in the region; less value leaving it unprocessed.",
                "support_needed": "Co-financing of a pilot and access to university laboratories.",
                "status": status,
                "submitter": submitter,
                "organisation": org,
                "helix": org.helix if org else submitter.effective_helix,
                "meeting": meetings[meeting_i] if meeting_i is not None else None,
                "full_text_public": public,
                "submitted_at": submitted_at,
                "withdrawn_at": now - timedelta(days=2) if status == Idea.Status.WITHDRAWN else None,
            },
        )
        if created:
            idea.assets.set([assets[k] for k in asset_keys])
            idea.partners.set([orgs[k] for k in partner_keys])
            if who == "tou_rep":
                idea.co_authors.add(users["researcher"])
