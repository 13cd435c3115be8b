"""Demo: two EDPs and their evidence, meetings and ideas (idempotent).

- Pavlodar ran the whole process in 2024: preparation, foresight (assets,
  SWOT, five meetings, a call for ideas from all helices), and on through the
  later stages that the other apps' demos add; it is now in monitoring.
- Kyzylorda, the second pilot region, is in public consultation.

Each EDP is started with ``edp_create``; later stages are entered with
:func:`advance`, which obeys the transition service's preconditions and dates
the step on the EDP's timeline (:data:`TIMELINES`). Other apps' demos call it
when their part of the story is ready (e.g. evaluations moves an EDP into
idea evaluation once its criteria and panel exist). Everything else is keyed
by natural keys, so loading twice changes nothing.
"""

from datetime import date, timedelta
from decimal import Decimal

from django.core.management.base import CommandError
from django.utils import timezone

from stakeholders.choices import Helix

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
from .services.process import edp_create, edp_transition_refusals
from .workflow import STAGE_ORDER, Stage

SLUG = "pavlodar-2026"
KYZYLORDA_SLUG = "kyzylorda-2026"

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

# (kind, title, days after foresight opened, venue, topics, agenda, attendee keys, minutes, decisions)
MEETINGS = [
    (
        "foresight_workshop",
        "Foresight workshop: the future of metals and materials",
        10,
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
        20,
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
        32,
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
        45,
        "Pavlodar technopark",
        "digital, maintenance, data",
        "Predictive maintenance\nData sharing between plants\nWho trains the specialists?",
        ["facilitator", "evaluator6", "evaluator4", "tou_rep", "citizen8", "citizen1", "evaluator2"],
        "Plant engineers and IT firms agreed that failures of motors and pumps cost the most, and that data "
        "already collected by the plants is not shared with anyone who could analyse it.",
        ["Draft a data-sharing agreement template with the chamber of entrepreneurs"],
    ),
    (
        "public_hearing",
        "Public hearing on the region's strengths and the call for ideas",
        57,
        "Pavlodar Regional Philharmonic, small hall",
        "evidence base, call for ideas",
        "Presentation of the assets inventory and SWOT\nQuestions from residents\nHow to submit an idea",
        ["coordinator", "facilitator", "moderator", "citizen2", "citizen4", "citizen5", "citizen7", "evaluator5"],
        "About 70 residents came. Questions were about jobs in the districts, air quality and how individuals "
        "(not only firms) can submit ideas. The akimat extended the help desk hours until the call closed.",
        ["Publish a one-page guide to submitting an idea in Kazakh and Russian"],
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


# --- Kyzylorda, the second pilot region ------------------------------------
KZ_ASSETS = {
    "rice": (
        "economic",
        "Rice growing and milling on the Syr Darya",
        "Most of Kazakhstan's rice is grown on the irrigated land of the lower Syr Darya.",
        True,
        "Bureau of National Statistics",
        "≈90,000 ha of rice",
    ),
    "oil": (
        "economic",
        "Oil and gas fields of the South Turgai basin",
        "Kumkol and neighbouring fields, with service firms based in Kyzylorda.",
        True,
        "Akimat energy department",
        "",
    ),
    "syr_darya": (
        "geographic",
        "The Syr Darya and the Small Aral Sea",
        "Water for farming and a recovering sea with a growing fish catch.",
        True,
        "",
        "",
    ),
    "sun": (
        "geographic",
        "Sunshine on more than 300 days a year",
        "Some of the best solar resource in Kazakhstan.",
        True,
        "Ministry of Energy atlas",
        "",
    ),
    "heritage": (
        "cultural",
        "Korkyt Ata heritage and the old cities of the Syr Darya",
        "Sites and stories that draw visitors from across Central Asia.",
        True,
        "",
        "",
    ),
    "university": (
        "knowledge",
        "Agronomy and water research at Korkyt Ata University",
        "Laboratories for soils, irrigation and petroleum engineering.",
        False,
        "University data",
        "",
    ),
    "corridor": (
        "infrastructure",
        "Western Europe–Western China highway and the Trans-Aral railway",
        "Kyzylorda lies on the main road and rail routes between China and Europe.",
        True,
        "",
        "",
    ),
    "chamber": (
        "institutional",
        "Business Road Map desk at the chamber of entrepreneurs",
        "A working channel for SME finance and advice.",
        False,
        "",
        "",
    ),
}

KZ_SWOT = [
    ("strength", "Kazakhstan's rice basket with milling know-how", "accepted"),
    ("strength", "Excellent solar resource", "accepted"),
    ("weakness", "Water losses in old canals", "accepted"),
    ("weakness", "Soil salinisation around the Aral", "accepted"),
    ("opportunity", "Fish from the recovering Small Aral", "accepted"),
    ("threat", "Less water from upstream in dry years", "accepted"),
    ("opportunity", "Visitors on the Europe–China highway", "proposed"),
]

KZ_FACTS = [
    ("Population", "850000", "people", 2024, "Bureau of National Statistics"),
    ("GRP per capita", "4450000", "KZT", 2023, "Bureau of National Statistics"),
    ("Share of agriculture in GRP", "9.8", "%", 2023, "Bureau of National Statistics"),
]

KZ_MEETINGS = [
    (
        "foresight_workshop",
        "Foresight workshop: water-smart farming on the Syr Darya",
        10,
        "Korkyt Ata Kyzylorda University, Aiteke Bi St 29A",
        "rice, irrigation, salinity",
        "Water in 2040\nRice and what else?\nGroup work: first steps",
        ["coordinator_kyzylorda", "kz_researcher", "kz_farmer", "kz_chamber", "kz_citizen1", "kz_citizen3"],
        "Farmers and researchers agreed that **saving water** is the condition for everything else.",
        ["Map canal losses with the water authority"],
    ),
    (
        "focus_group",
        "Focus group: fishing and tourism around the Small Aral",
        25,
        "Aralsk district akimat",
        "fish, tourism",
        "The fish catch today\nWhat visitors look for",
        ["coordinator_kyzylorda", "kz_researcher", "kz_activist", "kz_citizen2", "kz_farmer"],
        "Fishers want cold storage and certification; guides want a visitor centre in Aralsk.",
        ["Invite processors from Almaty to the next meeting"],
    ),
    (
        "roundtable",
        "Roundtable: solar power and the oil fields after 2030",
        38,
        "Akimat of Kyzylorda Region",
        "energy, oil services",
        "Oil output after 2030\nSolar for field operations",
        ["coordinator_kyzylorda", "kz_researcher", "kz_chamber", "kz_activist", "kz_citizen2"],
        "Service firms see a market in powering remote pumps with solar and in repairing equipment locally.",
        [],
    ),
]

# (submitter, organisation or None, title, summary, activity, assets, partners, meeting index or None, public)
KZ_IDEAS = [
    (
        "kz_farmer",
        "rice_sme",
        "Laser levelling and drip irrigation for rice",
        "Grow the same rice with a third less water.",
        "A service company levels fields by laser and installs drip lines on rice and vegetable farms.",
        ["rice", "syr_darya"],
        ["korkyt_ata"],
        0,
        True,
    ),
    (
        "kz_researcher",
        "korkyt_ata",
        "Salt-tolerant crops for degraded land",
        "Bring salinised fields back into use.",
        "Breed and trial salt-tolerant sorghum and fodder crops with local farms.",
        ["university", "rice"],
        ["rice_sme"],
        0,
        True,
    ),
    (
        "kz_researcher",
        "korkyt_ata",
        "Water accounting for the Syr Darya canals",
        "Sensors and an open dashboard of canal water use.",
        "Meter the main canals and publish water use per district, so losses can be found and fixed.",
        ["syr_darya", "university"],
        ["chamber_kyzylorda"],
        0,
        True,
    ),
    (
        "kz_farmer",
        "rice_sme",
        "Building panels from rice husk",
        "Turn a waste product into insulation boards.",
        "A small plant pressing rice husk into insulation panels for regional construction.",
        ["rice"],
        [],
        None,
        True,
    ),
    (
        "kz_activist",
        "aral_ngo",
        "Processing Small Aral fish for export",
        "Fillet, freeze and certify flounder and pike-perch in Aralsk.",
        "A cooperative processing plant with cold storage and an export certificate.",
        ["syr_darya"],
        ["chamber_kyzylorda"],
        1,
        True,
    ),
    (
        "kz_activist",
        "aral_ngo",
        "Aral Sea eco-tourism routes",
        "Guided routes to the sea, the old port and the ship cemetery.",
        "Train local guides and build a booking service with homestays in fishing villages.",
        ["heritage", "syr_darya"],
        [],
        1,
        True,
    ),
    (
        "kz_chamber",
        "chamber_kyzylorda",
        "Solar power for remote oil field pumps",
        "Replace diesel generators at remote wells.",
        "Local firms install and maintain solar-plus-storage units for field operators.",
        ["sun", "oil"],
        ["korkyt_ata"],
        2,
        True,
    ),
    (
        "kz_chamber",
        "chamber_kyzylorda",
        "Repair hub for oil field equipment",
        "Repair pumps and motors in Kyzylorda instead of abroad.",
        "A shared workshop where service SMEs refurbish pumps, motors and valves for the operators.",
        ["oil", "corridor"],
        [],
        2,
        False,
    ),
    (
        "kz_citizen1",
        None,
        "Camel milk (shubat) dairy with export certification",
        "Shubat for shops in Almaty, Astana and China.",
        "A dairy pasteurising and packaging camel milk from small herders, with a certified lab.",
        ["rice", "heritage"],
        [],
        None,
        True,
    ),
    (
        "kz_citizen2",
        None,
        "Space visitor centre near Baikonur",
        "A museum and launch-viewing trips for tourists.",
        "A visitor centre in Kyzylorda region with guided trips to watch launches.",
        ["heritage", "corridor"],
        [],
        None,
        True,
    ),
    (
        "kz_citizen3",
        None,
        "Melon drying and packaging cooperative",
        "Dried melon from Kyzylorda farms for the highway's travellers.",
        "A cooperative dryer and packaging line selling at roadside stops and online.",
        ["rice", "corridor"],
        [],
        0,
        False,
    ),
    (
        "kz_citizen1",
        None,
        "Online rice market for small farms",
        "Sell rice directly to buyers across Kazakhstan.",
        "A marketplace where small farms list graded rice and buyers book transport.",
        ["rice", "corridor"],
        [],
        None,
        True,
    ),
]


# --- The story's calendar ---------------------------------------------------
# Days before today on which each stage of each demo EDP opened; a stage
# closes when the next one opens. Pavlodar ran the whole process in 2024 and
# has monitored its plan for two years; Kyzylorda is in public consultation.
TIMELINES = {
    SLUG: {
        Stage.PREPARATION: 1000,
        Stage.FORESIGHT: 950,
        Stage.EVALUATION: 880,
        Stage.CONSULTATION: 845,
        Stage.PRIORITY_SELECTION: 790,
        Stage.ACTION_PLANNING: 768,
        Stage.MONITORING: 726,
    },
    KYZYLORDA_SLUG: {
        Stage.PREPARATION: 130,
        Stage.FORESIGHT: 100,
        Stage.EVALUATION: 48,
        Stage.CONSULTATION: 12,
    },
}
# Planned (start, end) of the stages Kyzylorda has not reached, in days from today.
KYZYLORDA_PLANNED = {
    Stage.CONSULTATION: (-12, 21),
    Stage.PRIORITY_SELECTION: (22, 50),
    Stage.ACTION_PLANNING: (51, 150),
    Stage.MONITORING: (151, None),
}
PERIOD_END = date(2030, 12, 31)


def anchor():
    """Today at 10:00 in Almaty (the last such moment before now): every demo
    date is a whole number of days from it, so the story reads naturally."""
    now = timezone.now()
    moment = now.replace(hour=5, minute=0, second=0, microsecond=0)
    return moment if moment <= now else moment - timedelta(days=1)


def stage_opens(slug: str, stage: str, *, days: float = 0):
    """When ``stage`` of the demo EDP ``slug`` opened, plus ``days``."""
    return anchor() - timedelta(days=TIMELINES[slug][stage]) + timedelta(days=days)


def advance(edp: EDP, to_stage: str, *, actor, reason: str) -> None:
    """Move a demo EDP into ``to_stage`` on the day its timeline says.

    The EDP must meet the very preconditions ``edp_transition`` enforces
    (checked with ``edp_transition_refusals``, so a demo that tells an
    impossible story fails loudly). The rows are written directly, dated in
    the past, because the service would date them today and tell every
    participant that a stage opened two years ago just opened. Idempotent."""
    if StageTransition.objects.filter(edp=edp, to_stage=to_stage, is_reopening=False).exists():
        return
    edp.refresh_from_db(fields=["stage"])
    refusals = edp_transition_refusals(edp, to_stage)
    if refusals:
        raise CommandError(f"The demo cannot move {edp.slug} to {to_stage}: {'; '.join(refusals)}")
    when = stage_opens(edp.slug, to_stage)
    EDPStage.objects.filter(edp=edp, stage=edp.stage).update(closed_at=when)
    EDPStage.objects.filter(edp=edp, stage=to_stage).update(opened_at=when, closed_at=None)
    transition = StageTransition.objects.create(
        edp=edp, from_stage=edp.stage, to_stage=to_stage, actor=actor, reason=reason
    )
    StageTransition.objects.filter(pk=transition.pk).update(created_at=when)
    EDP.objects.filter(pk=edp.pk).update(stage=to_stage)
    edp.stage = to_stage


def _start(ctx, *, slug, owner, coordinator, titles, description, ideas_close_at) -> EDP:
    """Create the EDP through ``edp_create`` (which checks the owner and the
    period, and makes the creator coordinator), then date its start."""
    edp = EDP.objects.filter(slug=slug).first()
    if edp is not None:
        return edp
    edp = edp_create(
        actor=coordinator,
        region=owner.region,
        owner=owner,
        title=titles["en"],
        slug=slug,
        period_start=2026,
        period_end=2030,
        description=description,
        ideas_close_at=ideas_close_at,
    )
    started = stage_opens(slug, Stage.PREPARATION)
    EDP.objects.filter(pk=edp.pk).update(created_at=started, **{f"title_{lang}": text for lang, text in titles.items()})
    EDPStage.objects.filter(edp=edp, stage=Stage.PREPARATION).update(opened_at=started)
    StageTransition.objects.filter(edp=edp).update(created_at=started)
    edp.refresh_from_db()
    return edp


def _plan_stages(edp: EDP, planned: dict) -> None:
    """Planned dates: what the stage plan said (close to what happened)."""
    for stage, (start, end) in planned.items():
        EDPStage.objects.filter(edp=edp, stage=stage, planned_start__isnull=True).update(
            planned_start=start, planned_end=end
        )


def _pavlodar_plan() -> dict:
    """Pavlodar's stage plan: each stage planned from the day it opened to
    the day before the next one (monitoring runs to the end of the period)."""
    days = TIMELINES[SLUG]
    today = anchor().date()
    planned = {}
    for i, stage in enumerate(STAGE_ORDER):
        start = today - timedelta(days=days[stage])
        nxt = STAGE_ORDER[i + 1] if i + 1 < len(STAGE_ORDER) else None
        planned[stage] = (start, today - timedelta(days=days[nxt] + 1) if nxt else PERIOD_END)
    return planned


def _kyzylorda_plan() -> dict:
    days = TIMELINES[KYZYLORDA_SLUG]
    today = anchor().date()
    planned = {}
    for i, stage in enumerate(STAGE_ORDER):
        if stage in KYZYLORDA_PLANNED:
            start, end = KYZYLORDA_PLANNED[stage]
            planned[stage] = (today + timedelta(days=start), today + timedelta(days=end) if end else PERIOD_END)
        else:
            nxt = STAGE_ORDER[i + 1]
            planned[stage] = (today - timedelta(days=days[stage]), today - timedelta(days=days[nxt] + 1))
    return planned


def load(ctx) -> None:
    ctx["edp"] = _pavlodar(ctx)
    ctx["edp_kyzylorda"] = _kyzylorda(ctx)


def _pavlodar(ctx) -> EDP:
    users, orgs = ctx["users"], ctx["orgs"]
    coordinator = users["coordinator"]
    call_closes = stage_opens(SLUG, Stage.FORESIGHT, days=65)
    edp = _start(
        ctx,
        slug=SLUG,
        owner=orgs["akimat"],
        coordinator=coordinator,
        titles={
            "en": "Pavlodar smart specialisation 2026–2030",
            "ru": "Умная специализация Павлодарской области 2026–2030",
            "kk": "Павлодар облысының ақылды мамандануы 2026–2030",
        },
        description=(
            "The akimat invited businesses, universities, organisations and residents to discover together "
            "what Pavlodar Region can become good at, starting from its own strengths. The priorities are "
            "chosen and their action plans adopted; this page now follows their monitoring."
        ),
        ideas_close_at=call_closes,
    )
    _plan_stages(edp, _pavlodar_plan())
    for key in ["facilitator", "moderator"] + [f"evaluator{i}" for i in range(1, 7)]:
        role = "evaluator" if key.startswith("evaluator") else key
        EDPRole.objects.get_or_create(edp=edp, user=users[key], role=role, defaults={"granted_by": coordinator})
    assets = _assets(edp, ASSETS, coordinator)
    advance(
        edp,
        Stage.FORESIGHT,
        actor=coordinator,
        reason="Assets inventory and stage plan approved by the akim's working group; the call for ideas is open.",
    )
    meetings = _meetings(
        edp, MEETINGS, users, orgs, stage_opens(SLUG, Stage.FORESIGHT), ATTENDS_FOR, users["facilitator"]
    )
    _swot(edp, SWOT, meetings, [users[k] for k in SWOT_CONTRIBUTORS], coordinator)
    _facts(ctx["region"], FACTS, users["staff"])
    foresight = stage_opens(SLUG, Stage.FORESIGHT)
    _ideas(edp, IDEAS, users, orgs, assets, meetings, first=foresight + timedelta(days=8), last=call_closes)
    # Coming up: the yearly review of the action plan, open for registration.
    review, created = Meeting.objects.get_or_create(
        edp=edp,
        title="Annual review of the aluminium and metals action plan",
        defaults={
            "kind": Meeting.Kind.ROUNDTABLE,
            "description": "The steering body presents two years of indicators; everyone may ask questions.",
            "starts_at": anchor() + timedelta(days=12),
            "duration_minutes": 150,
            "venue": "Akimat of Pavlodar Region, conference hall",
            "capacity": 40,
            "facilitator": users["facilitator"],
            "created_by": coordinator,
        },
    )
    if created:
        for i, line in enumerate(["Indicators after two years", "Delayed actions and why", "Questions from the floor"]):
            AgendaItem.objects.create(meeting=review, position=i, title=line)
        for key in ("facilitator", "evaluator3", "citizen6"):
            MeetingRegistration.objects.create(
                meeting=review, user=users[key], helix=users[key].effective_helix or Helix.CIVIL_SOCIETY
            )
    return edp


def _kyzylorda(ctx) -> EDP:
    users, orgs = ctx["users"], ctx["orgs"]
    coordinator = users["coordinator_kyzylorda"]
    call_closes = stage_opens(KYZYLORDA_SLUG, Stage.FORESIGHT, days=50)
    edp = _start(
        ctx,
        slug=KYZYLORDA_SLUG,
        owner=orgs["akimat_kyzylorda"],
        coordinator=coordinator,
        titles={
            "en": "Kyzylorda smart specialisation 2026–2030",
            "ru": "Умная специализация Кызылординской области 2026–2030",
            "kk": "Қызылорда облысының ақылды мамандануы 2026–2030",
        },
        description=(
            "Rice, oil, the Syr Darya and the Aral Sea: the akimat of Kyzylorda asks businesses, researchers "
            "and residents which activities the region should specialise in. The experts have shortlisted "
            "ideas; **the public consultation is open** — tell us what you think."
        ),
        ideas_close_at=call_closes,
    )
    _plan_stages(edp, _kyzylorda_plan())
    for key, role in [("moderator", "moderator"), ("kz_researcher", "facilitator")]:
        EDPRole.objects.get_or_create(edp=edp, user=users[key], role=role, defaults={"granted_by": coordinator})
    assets = _assets(edp, KZ_ASSETS, coordinator)
    advance(
        edp,
        Stage.FORESIGHT,
        actor=coordinator,
        reason="The working group approved the assets inventory; the call for ideas opens today.",
    )
    meetings = _meetings(
        edp,
        KZ_MEETINGS,
        users,
        orgs,
        stage_opens(KYZYLORDA_SLUG, Stage.FORESIGHT),
        KZ_ATTENDS_FOR,
        users["kz_researcher"],
    )
    _swot(edp, KZ_SWOT, meetings, [users[k] for k in ("kz_farmer", "kz_researcher", "kz_activist")], coordinator)
    _facts(ctx["region2"], KZ_FACTS, users["staff"])
    foresight = stage_opens(KYZYLORDA_SLUG, Stage.FORESIGHT)
    _ideas(edp, KZ_IDEAS, users, orgs, assets, meetings, first=foresight + timedelta(days=6), last=call_closes)
    return edp


def _assets(edp, specs, author) -> dict:
    assets = {}
    for key, (dimension, title, description, immobile, source, figure) in specs.items():
        assets[key], _ = RegionalAsset.objects.get_or_create(
            edp=edp,
            title=title,
            defaults={
                "dimension": dimension,
                "description": description,
                "is_immobile": immobile,
                "evidence_source": source,
                "evidence_figure": figure,
                "created_by": author,
            },
        )
    return assets


def _swot(edp, entries, meetings, contributors, curator) -> None:
    for i, (quadrant, text, status) in enumerate(entries):
        SWOTEntry.objects.get_or_create(
            edp=edp,
            quadrant=quadrant,
            text=text,
            defaults={
                "author": contributors[i % len(contributors)],
                "meeting": meetings[i % min(3, len(meetings))],
                "status": status,
                "curated_by": curator if status == "accepted" else None,
            },
        )


def _facts(region, facts, author) -> None:
    for indicator, value, unit, year, source in facts:
        RegionFact.objects.get_or_create(
            region=region,
            indicator=indicator,
            year=year,
            defaults={"value": Decimal(value), "unit": unit, "source": source, "created_by": author},
        )


# The organisation each person attends meetings for (their helix is counted from it).
ATTENDS_FOR = {
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
KZ_ATTENDS_FOR = {
    "coordinator_kyzylorda": "akimat_kyzylorda",
    "kz_researcher": "korkyt_ata",
    "kz_farmer": "rice_sme",
    "kz_chamber": "chamber_kyzylorda",
    "kz_activist": "aral_ngo",
}
SWOT_CONTRIBUTORS = ("evaluator1", "entrepreneur", "citizen1", "tou_rep", "evaluator5", "citizen3")


def _meetings(edp, specs, users, orgs, start, attends_for, facilitator) -> list[Meeting]:
    """Meetings held during foresight: attendance taken, minutes published."""
    meetings = []
    for kind, title, days, venue, topics, agenda, attendees, minutes, decisions in specs:
        starts = start + timedelta(days=days)
        meeting, created = Meeting.objects.get_or_create(
            edp=edp,
            title=title,
            defaults={
                "kind": kind,
                "starts_at": starts,
                "duration_minutes": 180 if kind == "foresight_workshop" else 120,
                "venue": venue,
                "capacity": 40 if kind == "public_hearing" else 25,
                "facilitator": facilitator,
                "minutes": minutes,
                "minutes_published_at": starts + timedelta(days=2) if minutes else None,
                "created_by": edp.created_by,
            },
        )
        meetings.append(meeting)
        if not created:
            continue
        for name in [t.strip() for t in topics.split(",")]:
            topic, _ = Topic.objects.get_or_create(edp=edp, name=name)
            meeting.topics.add(topic)
        AgendaItem.objects.bulk_create(
            [AgendaItem(meeting=meeting, position=i, title=line) for i, line in enumerate(agenda.splitlines())]
        )
        MeetingDecision.objects.bulk_create(
            [MeetingDecision(meeting=meeting, position=i, text=text) for i, text in enumerate(decisions)]
        )
        rows = []
        for key in attendees:
            user = users[key]
            org = orgs[attends_for[key]] if key in attends_for else None
            rows.append(
                MeetingRegistration(
                    meeting=meeting,
                    user=user,
                    organisation=org,
                    helix=org.helix if org else user.effective_helix,
                    attended=key != attendees[-1],  # someone always misses it
                )
            )
        MeetingRegistration.objects.bulk_create(rows)
    return meetings


def _ideas(edp, specs, users, orgs, assets, meetings, *, first, last) -> None:
    """Ideas submitted during the call (between ``first`` and ``last``)."""
    span = (last - first).total_seconds()
    for i, (who, org_key, title, summary, activity, asset_keys, partner_keys, meeting_i, public) in enumerate(specs):
        status = (
            Idea.Status.DRAFT
            if title in DRAFTS
            else Idea.Status.WITHDRAWN
            if title in WITHDRAWN
            else Idea.Status.SUBMITTED
        )
        submitter = users[who]
        org = orgs[org_key] if org_key else None
        submitted_at = first + timedelta(seconds=span * (i + 1) / (len(specs) + 2))
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
                "submitted_at": submitted_at if status != Idea.Status.DRAFT else None,
                "withdrawn_at": submitted_at + timedelta(days=5) if status == Idea.Status.WITHDRAWN else None,
            },
        )
        if created:
            Idea.objects.filter(pk=idea.pk).update(created_at=submitted_at - timedelta(days=2))
            idea.assets.set([assets[k] for k in asset_keys])
            idea.partners.set([orgs[k] for k in partner_keys])
            if who == "tou_rep":
                idea.co_authors.add(users["researcher"])
