"""Demo cast of the Pavlodar pilot (see TEAM.md "Demo cast"): organisations of
all four helices and the people every later demo builds on.

Idempotent: everything is keyed by a natural key (English name and region
for organisations, email for people), so a second run changes nothing.
"""

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.utils import timezone

from accounts.models import User

from .choices import Helix, OrganisationKind
from .models import Membership, Organisation, Region

# A fixed, printed secret so a person trying the demo can add the staff and
# coordinator accounts to an authenticator app. Demo data only.
DEMO_TOTP_SECRET = "KZEDPDEMOPAVLODARTWOSIXSECRETKEY"  # noqa: S105

G, IND, A, C = Helix.GOVERNMENT, Helix.INDUSTRY, Helix.ACADEMIA, Helix.CIVIL_SOCIETY
K = OrganisationKind

# key: (helix, kind, region code, BIN, website, (en, ru, kk), description (en))
ORGANISATIONS = {
    "akimat": (
        G,
        K.AKIMAT,
        "pavlodar",
        "040140001008",
        "https://www.gov.kz/memleket/entities/pavlodar",
        ("Akimat of Pavlodar Region", "Акимат Павлодарской области", "Павлодар облысының әкімдігі"),
        "The regional executive. Owns and runs the Pavlodar smart-specialisation EDP.",
    ),
    "akimat_kyzylorda": (
        G,
        K.AKIMAT,
        "kyzylorda",
        "990340001002",
        "https://www.gov.kz/memleket/entities/kyzylorda",
        ("Akimat of Kyzylorda Region", "Акимат Кызылординской области", "Қызылорда облысының әкімдігі"),
        "The regional executive of Kyzylorda, the second pilot region.",
    ),
    "industry_dept": (
        G,
        K.AKIMAT_DEPARTMENT,
        "pavlodar",
        "960440001000",
        "",
        (
            "Department of Entrepreneurship and Industrial-Innovative Development of Pavlodar Region",
            "Управление предпринимательства и индустриально-инновационного развития Павлодарской области",
            "Павлодар облысының кәсіпкерлік және индустриялық-инновациялық даму басқармасы",
        ),
        "Prepares the regional analysis, convenes foresight meetings and drafts the action plans.",
    ),
    "public_council": (
        G,
        K.PUBLIC_COUNCIL,
        "pavlodar",
        "",
        "",
        (
            "Public Council of Pavlodar Region",
            "Общественный совет Павлодарской области",
            "Павлодар облысының қоғамдық кеңесі",
        ),
        "Citizens' oversight body; reviews the consultation and the selected priorities.",
    ),
    "tou": (
        A,
        K.UNIVERSITY,
        "pavlodar",
        "021040001003",
        "https://tou.edu.kz",
        (
            "Toraighyrov University",
            "Торайгыров университет",
            "Торайғыров университеті",
        ),
        "The largest university of the region: metallurgy, energy, chemical engineering and IT.",
    ),
    "ppu": (
        A,
        K.UNIVERSITY,
        "pavlodar",
        "050540001004",
        "https://ppu.edu.kz",
        (
            "Pavlodar Pedagogical University named after Alkey Margulan",
            "Павлодарский педагогический университет имени Әлкей Марғұлан",
            "Әлкей Марғұлан атындағы Павлодар педагогикалық университеті",
        ),
        "Teacher training, biology and ecology of the Irtysh basin.",
    ),
    "research_institute": (
        A,
        K.RESEARCH_INSTITUTE,
        "pavlodar",
        "971240001008",
        "",
        (
            "Pavlodar Research Institute of Agriculture",
            "Павлодарский научно-исследовательский институт сельского хозяйства",
            "Павлодар ауыл шаруашылығы ғылыми-зерттеу институты",
        ),
        "Drought-resistant crops, irrigation and soil research for the steppe of north-east Kazakhstan.",
    ),
    "technopark": (
        A,
        K.TECHNOLOGY_PARK,
        "pavlodar",
        "100640011007",
        "",
        ("Pavlodar Regional Technopark", "Региональный технопарк Павлодар", "Павлодар өңірлік технопаркі"),
        "Incubator and prototyping workshop for start-ups from the universities and the industrial zone.",
    ),
    "aluminium": (
        IND,
        K.LARGE_COMPANY,
        "pavlodar",
        "140340001006",
        "",
        (
            "Pavlodar Aluminium Smelter JSC",
            "АО «Павлодарский алюминиевый завод»",
            "«Павлодар алюминий зауыты» АҚ",
        ),
        "Primary aluminium and alumina; the anchor of the region's metals value chain.",
    ),
    "sme_agro": (
        IND,
        K.SME,
        "pavlodar",
        "120840001000",
        "",
        ("Ertis Agro LLP", "ТОО «Ертіс Агро»", "«Ертіс Агро» ЖШС"),
        "Family farm and dairy near Aksu: milk processing, fodder, drip irrigation pilots.",
    ),
    "sme_it": (
        IND,
        K.SME,
        "pavlodar",
        "080240001009",
        "",
        ("Irtysh Digital LLP", "ТОО «Иртыш Диджитал»", "«Ертіс Диджитал» ЖШС"),
        "Software for logistics and industrial maintenance; 35 engineers in Pavlodar.",
    ),
    "chamber": (
        IND,
        K.CHAMBER,
        "pavlodar",
        "150540001005",
        "https://atameken.kz",
        (
            "Regional Chamber of Entrepreneurs of Pavlodar Region",
            "Региональная палата предпринимателей Павлодарской области",
            "Павлодар облысының өңірлік кәсіпкерлер палатасы",
        ),
        "Represents the region's businesses; runs the Business Road Map support desk.",
    ),
    "ngo_eco": (
        C,
        K.NGO,
        "pavlodar",
        "011140001005",
        "",
        ("Green Irtysh Public Foundation", "ОФ «Зелёный Иртыш»", "«Жасыл Ертіс» қоғамдық қоры"),
        "Air and water quality monitoring along the Irtysh; environmental education.",
    ),
    "community": (
        C,
        K.COMMUNITY_GROUP,
        "pavlodar",
        "",
        "",
        ("Ekibastuz Young Makers", "Молодые мейкеры Экибастуза", "Екібастұздың жас мейкерлері"),
        "Volunteer makerspace for teenagers in Ekibastuz.",
    ),
    # Kyzylorda, the second pilot region (mid-consultation in the demo)
    "korkyt_ata": (
        A,
        K.UNIVERSITY,
        "kyzylorda",
        "",
        "https://korkyt.edu.kz",
        (
            "Korkyt Ata Kyzylorda University",
            "Кызылординский университет имени Коркыт Ата",
            "Қорқыт Ата атындағы Қызылорда университеті",
        ),
        "The region's university: agronomy, water management, petroleum engineering and the Aral Sea.",
    ),
    "rice_sme": (
        IND,
        K.SME,
        "kyzylorda",
        "",
        "",
        ("Syr Darya Rice LLP", "ТОО «Сырдария Күріш»", "«Сырдария күріші» ЖШС"),
        "Rice growing and milling on 4,000 ha along the Syr Darya; pilots of water-saving irrigation.",
    ),
    "chamber_kyzylorda": (
        IND,
        K.CHAMBER,
        "kyzylorda",
        "",
        "https://atameken.kz",
        (
            "Regional Chamber of Entrepreneurs of Kyzylorda Region",
            "Региональная палата предпринимателей Кызылординской области",
            "Қызылорда облысының өңірлік кәсіпкерлер палатасы",
        ),
        "Represents the region's businesses and runs the Business Road Map support desk in Kyzylorda.",
    ),
    "aral_ngo": (
        C,
        K.NGO,
        "kyzylorda",
        "",
        "",
        ("Aral Revival Public Foundation", "ОФ «Возрождение Арала»", "«Арал жаңғыруы» қоғамдық қоры"),
        "Fishing communities, water and health around the Small Aral Sea.",
    ),
}
UNVERIFIED = {"community"}  # shows how unverified organisations look

# key: (display name, helix, region code, [(org key, role, status)], is_staff)
R, M = Membership.Role.REPRESENTATIVE, Membership.Role.MEMBER
ACTIVE, PENDING = Membership.Status.ACTIVE, Membership.Status.PENDING
PEOPLE = {
    "staff": ("Aigerim Platform-Admin", "", "pavlodar", [], True),
    "coordinator": ("Dana Seitkali", G, "pavlodar", [("akimat", R, ACTIVE)], False),
    "coordinator_kyzylorda": ("Nurlan Abenov", G, "kyzylorda", [("akimat_kyzylorda", R, ACTIVE)], False),
    "facilitator": ("Saule Zhakupova", G, "pavlodar", [("industry_dept", R, ACTIVE)], False),
    "evaluator1": ("Prof. Yerlan Tokhtarov", A, "pavlodar", [("tou", M, ACTIVE)], False),
    "evaluator2": (
        "Dr. Gulnara Omarova",
        A,
        "pavlodar",
        [("research_institute", R, ACTIVE), ("tou", M, PENDING)],
        False,
    ),
    "evaluator3": ("Marat Ismailov", IND, "pavlodar", [("aluminium", R, ACTIVE)], False),
    "evaluator4": ("Asel Kenzhebekova", A, "pavlodar", [("technopark", R, ACTIVE)], False),
    "evaluator5": ("Timur Baimukhanov", C, "pavlodar", [("ngo_eco", R, ACTIVE)], False),
    "evaluator6": ("Zhanna Utegenova", IND, "pavlodar", [("chamber", R, ACTIVE), ("sme_it", M, ACTIVE)], False),
    "moderator": ("Olga Kim", C, "pavlodar", [("public_council", M, ACTIVE)], False),
    "researcher": ("Dr. Arman Sadykov", A, "pavlodar", [("tou", M, ACTIVE), ("ppu", R, ACTIVE)], False),
    "tou_rep": ("Madina Nurpeisova", A, "pavlodar", [("tou", R, ACTIVE)], False),
    "entrepreneur": ("Bolat Zhunusov", IND, "pavlodar", [("sme_agro", R, ACTIVE)], False),
    "citizen1": ("Aliya Sarsenbayeva", "", "pavlodar", [], False),
    "citizen2": ("Yerbol Kassymov", "", "pavlodar", [], False),
    "citizen3": ("Irina Petrova", "", "pavlodar", [], False),
    "citizen4": ("Daniyar Mukanov", "", "pavlodar", [], False),
    "citizen5": ("Akmaral Tulegenova", "", "pavlodar", [], False),
    "citizen6": ("Sergey Volkov", "", "pavlodar", [], False),
    "citizen7": ("Gaukhar Baimenova", "", "pavlodar", [], False),
    "citizen8": ("Ruslan Akhmetov", "", "pavlodar", [], False),
    # Kyzylorda
    "kz_researcher": ("Dr. Zhanar Alimova", A, "kyzylorda", [("korkyt_ata", R, ACTIVE)], False),
    "kz_farmer": ("Yerzhan Myrzakhmetov", IND, "kyzylorda", [("rice_sme", R, ACTIVE)], False),
    "kz_chamber": ("Aizhan Tursynbayeva", IND, "kyzylorda", [("chamber_kyzylorda", R, ACTIVE)], False),
    "kz_activist": ("Serik Abdrakhmanov", C, "kyzylorda", [("aral_ngo", R, ACTIVE)], False),
    "kz_citizen1": ("Gulmira Nurmakhanova", "", "kyzylorda", [], False),
    "kz_citizen2": ("Askar Zhaksylykov", "", "kyzylorda", [], False),
    "kz_citizen3": ("Marzhan Kuandykova", "", "kyzylorda", [], False),
}
NEEDS_TOTP = {"staff", "coordinator", "coordinator_kyzylorda"}
# community group members, so the unverified organisation is not empty
EXTRA_MEMBERSHIPS = [("evaluator4", "community", R, ACTIVE)]


def load(ctx) -> None:
    regions = {code: Region.objects.get(code=code) for code in ("pavlodar", "kyzylorda")}
    ctx["region"], ctx["region2"] = regions["pavlodar"], regions["kyzylorda"]
    ctx["totp_secret"] = DEMO_TOTP_SECRET

    users = {key: _person(ctx, key, spec, regions) for key, spec in PEOPLE.items()}
    ctx["users"] = users
    orgs = {key: _organisation(key, spec, regions, users["staff"]) for key, spec in ORGANISATIONS.items()}
    ctx["orgs"] = orgs

    for key, (_name, _helix, _region, memberships, _staff) in PEOPLE.items():
        for org_key, role, status in memberships:
            _membership(users[key], orgs[org_key], role, status, users["staff"])
    for user_key, org_key, role, status in EXTRA_MEMBERSHIPS:
        _membership(users[user_key], orgs[org_key], role, status, users["staff"])

    for key in NEEDS_TOTP:
        if not Authenticator.objects.filter(user=users[key], type=Authenticator.Type.TOTP).exists():
            TOTP.activate(users[key], DEMO_TOTP_SECRET)
    ctx.stdout.write(f"Authenticator secret of the staff and coordinator demo accounts: {DEMO_TOTP_SECRET}")


def _person(ctx, key: str, spec, regions) -> User:
    display_name, helix, region_code, _memberships, is_staff = spec
    email = f"{key}@demo.edp.kz"
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(
            email,
            ctx.password,
            display_name=display_name,
            helix=helix,
            region=regions[region_code],
            is_staff=is_staff,
            is_superuser=is_staff,
            preferred_language="en",
        )
    EmailAddress.objects.get_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
    ctx.login(email, key.replace("_", " "))
    return user


def _organisation(key: str, spec, regions, staff: User) -> Organisation:
    helix, kind, region_code, bin_, website, (en, ru, kk), description = spec
    verified = key not in UNVERIFIED
    org, _ = Organisation.objects.get_or_create(
        name_en=en,
        region=regions[region_code],
        defaults={
            "name_ru": ru,
            "name_kk": kk,
            "helix": helix,
            "kind": kind,
            "bin": bin_,
            "website": website,
            "description_en": description,
            "verification": Organisation.Verification.VERIFIED if verified else Organisation.Verification.UNVERIFIED,
            "verified_by": staff if verified else None,
            "verified_at": timezone.now() if verified else None,
        },
    )
    return org


def _membership(user: User, org: Organisation, role: str, status: str, decider: User) -> None:
    Membership.objects.get_or_create(
        organisation=org,
        user=user,
        defaults={
            "role": role,
            "status": status,
            "decided_by": decider if status != PENDING else None,
            "decided_at": timezone.now() if status != PENDING else None,
        },
    )
