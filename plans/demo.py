"""Demo: an adopted, monitored action plan for Pavlodar's aluminium and
metals priority, modelled on Normandy's equine plan (six challenges, ten
priorities), with actions across policy areas, indicators of all three
types and two years of measurements.

The EDP enters action planning after its priorities are published and
monitoring once the plan is adopted (``edp.demo.advance``, which checks the
transition service's preconditions); the plan's lifecycle is dated on that
timeline. Idempotent: nodes are keyed by their plan and title, measurements
by indicator and period."""

import hashlib
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from consultations.models import Consultation
from edp.demo import SLUG, advance, stage_opens
from edp.demo import anchor as today_at_ten
from edp.workflow import Stage

from .choices import ActionStatus, PlanStatus
from .models import (
    Action,
    ActionPlan,
    ActionStatusUpdate,
    BudgetLine,
    Challenge,
    Indicator,
    IndicatorMeasurement,
    Objective,
    PlanPriority,
    PlanTransition,
    PlanVersion,
    SteeringBodyMember,
)
from .periods import periods_between
from .services.lifecycle import plan_adopt, plan_consultation, plan_send_to_consultation, plan_start_monitoring

M = 1_000_000
VISION = (
    "By 2030 Pavlodar Region is known in Central Asia for **high-value aluminium and metal products**: "
    "firms that design and finish, not only smelt; engineers and welders trained at home; and a research "
    "base that solves industry's problems, with a cleaner environment for the people who live here."
)

# challenge → [(plan priority, objective, [actions], [indicators])]
# action: (title, policy area, lead, partners, years (start, end), {source: millions KZT}, instrument, status)
# indicator: (name, type, unit, baseline, baseline year, target, target year, frequency, source, responsible, programme)
TREE = [
    (
        "Skills for the metals industry",
        [
            (
                "Curricula matched to industry",
                "Align vocational and university curricula with the skills metal firms need",
                [
                    (
                        "Dual vocational training in welding and casting",
                        "education",
                        "tou",
                        ["aluminium", "akimat"],
                        (0, 3),
                        {"regional": 120, "private": 80},
                        "enbek",
                        "in_progress",
                    ),
                    (
                        "Master's track in metal forming at Toraighyrov University",
                        "education",
                        "tou",
                        ["aluminium"],
                        (0, 2),
                        {"national": 60, "private": 20},
                        "",
                        "done",
                    ),
                ],
                [
                    (
                        "Graduates employed in metal firms within a year",
                        "outcome",
                        "%",
                        48,
                        2025,
                        75,
                        2029,
                        "yearly",
                        "University graduate survey",
                        "tou",
                        "strategy_2025",
                    ),
                    (
                        "Dual-training places offered",
                        "output",
                        "places",
                        40,
                        2025,
                        300,
                        2028,
                        "half_yearly",
                        "Akimat education department",
                        "akimat",
                        "",
                    ),
                ],
            ),
            (
                "Attracting and keeping talent",
                "Keep young engineers in the region",
                [
                    (
                        "Housing support for young engineers",
                        "urban",
                        "akimat",
                        ["aluminium", "industry_dept"],
                        (0, 4),
                        {"regional": 300, "private": 100},
                        "regional_programme",
                        "in_progress",
                    ),
                ],
                [
                    (
                        "Net migration of 20–34 year-olds with technical degrees",
                        "outcome",
                        "people",
                        -420,
                        2025,
                        0,
                        2029,
                        "yearly",
                        "Bureau of National Statistics",
                        "industry_dept",
                        "forecast_scheme",
                    ),
                ],
            ),
        ],
    ),
    (
        "Competitiveness of metal firms",
        [
            (
                "From primary metal to finished products",
                "Grow local downstream production of aluminium products",
                [
                    (
                        "Business Road Map co-financing for downstream projects",
                        "finance",
                        "industry_dept",
                        ["chamber", "aluminium"],
                        (0, 4),
                        {"national": 900, "private": 1500},
                        "business_road_map",
                        "in_progress",
                    ),
                    (
                        "Supplier development programme for SMEs",
                        "competitiveness",
                        "chamber",
                        ["aluminium", "sme_it"],
                        (0, 3),
                        {"regional": 90, "private": 60},
                        "damu",
                        "delayed",
                    ),
                ],
                [
                    (
                        "Share of aluminium processed in the region",
                        "outcome",
                        "%",
                        6,
                        2025,
                        18,
                        2030,
                        "yearly",
                        "Bureau of National Statistics",
                        "industry_dept",
                        "spiid",
                    ),
                    (
                        "SMEs certified as suppliers to large metal firms",
                        "output",
                        "firms",
                        5,
                        2025,
                        40,
                        2029,
                        "quarterly",
                        "Chamber of entrepreneurs register",
                        "chamber",
                        "business_road_map",
                    ),
                    (
                        "Co-financing committed to downstream projects",
                        "input",
                        "million KZT",
                        0,
                        2025,
                        2400,
                        2029,
                        "quarterly",
                        "Akimat industry department",
                        "industry_dept",
                        "",
                    ),
                ],
            ),
            (
                "Digital and efficient plants",
                "Cut energy use and scrap in metal plants",
                [
                    (
                        "Industrial IoT pilots in three plants",
                        "research",
                        "sme_it",
                        ["aluminium", "technopark"],
                        (1, 3),
                        {"private": 140, "international": 60},
                        "",
                        "planned",
                    ),
                ],
                [
                    (
                        "Energy used per tonne of finished product",
                        "outcome",
                        "MWh/t",
                        Decimal("15.2"),
                        2025,
                        Decimal("13.0"),
                        2030,
                        "yearly",
                        "Plant energy audits",
                        "aluminium",
                        "",
                    ),
                ],
            ),
        ],
    ),
    (
        "Research and innovation base",
        [
            (
                "A metals research and testing centre",
                "Give firms local access to materials testing and applied research",
                [
                    (
                        "Materials testing laboratory at the technology park",
                        "research",
                        "technopark",
                        ["tou", "research_institute"],
                        (0, 2),
                        {"national": 450, "regional": 150},
                        "spiid",
                        "done",
                    ),
                    (
                        "Joint industry–university research projects",
                        "research",
                        "research_institute",
                        ["tou", "aluminium"],
                        (1, 4),
                        {"national": 200, "private": 100},
                        "",
                        "in_progress",
                    ),
                ],
                [
                    (
                        "Firms using the testing laboratory",
                        "output",
                        "firms",
                        0,
                        2025,
                        60,
                        2029,
                        "quarterly",
                        "Technology park records",
                        "technopark",
                        "",
                    ),
                    (
                        "Patents and licences with regional firms",
                        "outcome",
                        "count",
                        2,
                        2025,
                        15,
                        2030,
                        "yearly",
                        "Kazpatent",
                        "research_institute",
                        "strategy_2025",
                    ),
                ],
            ),
            (
                "Technology transfer and start-ups",
                "Turn research results into new metal-processing firms",
                [
                    (
                        "Proof-of-concept grants for metal start-ups",
                        "finance",
                        "technopark",
                        ["tou", "chamber"],
                        (1, 4),
                        {"national": 150, "international": 50},
                        "qazindustry",
                        "in_progress",
                    ),
                ],
                [
                    (
                        "Start-ups created from research results",
                        "outcome",
                        "firms",
                        1,
                        2025,
                        12,
                        2030,
                        "yearly",
                        "Technology park records",
                        "technopark",
                        "",
                    ),
                ],
            ),
        ],
    ),
    (
        "Infrastructure and logistics",
        [
            (
                "An industrial park for downstream firms",
                "Serviced land and utilities for new metal processing firms",
                [
                    (
                        "Utilities for the Pavlodar industrial park",
                        "infrastructure",
                        "akimat",
                        ["industry_dept"],
                        (0, 3),
                        {"regional": 1200, "national": 800},
                        "regional_programme",
                        "in_progress",
                    ),
                ],
                [
                    (
                        "Hectares of serviced industrial land",
                        "output",
                        "ha",
                        0,
                        2025,
                        120,
                        2028,
                        "half_yearly",
                        "Akimat land department",
                        "akimat",
                        "forecast_scheme",
                    ),
                ],
            ),
            (
                "Freight on the Irtysh corridor",
                "Cheaper, faster freight for metal products to China and Russia",
                [
                    (
                        "Rail siding and container terminal",
                        "infrastructure",
                        "industry_dept",
                        ["aluminium", "chamber"],
                        (1, 4),
                        {"national": 1500, "private": 700},
                        "",
                        "planned",
                    ),
                ],
                [
                    (
                        "Average freight time to Urumqi",
                        "outcome",
                        "days",
                        9,
                        2025,
                        6,
                        2029,
                        "yearly",
                        "Logistics operators survey",
                        "chamber",
                        "",
                    ),
                ],
            ),
        ],
    ),
    (
        "Environment and community",
        [
            (
                "Cleaner air for Pavlodar and Ekibastuz",
                "Cut emissions from metal plants as production grows",
                [
                    (
                        "Air-quality monitoring network with open data",
                        "governance",
                        "ngo_eco",
                        ["akimat", "tou"],
                        (0, 2),
                        {"regional": 70, "international": 50},
                        "",
                        "done",
                    ),
                ],
                [
                    (
                        "Days a year with PM2.5 above the norm",
                        "outcome",
                        "days",
                        62,
                        2025,
                        30,
                        2030,
                        "monthly",
                        "Kazhydromet stations",
                        "ngo_eco",
                        "strategy_2025",
                    ),
                ],
            ),
        ],
    ),
    (
        "Visibility and governance",
        [
            (
                "Pavlodar metals brand and events",
                "Make the region's metals know-how visible to investors and partners",
                [
                    (
                        "Annual Irtysh Metals Forum",
                        "visibility",
                        "chamber",
                        ["akimat", "aluminium", "tou"],
                        (0, 4),
                        {"regional": 60, "private": 90},
                        "",
                        "in_progress",
                    ),
                    (
                        "Steering body secretariat and public reporting",
                        "governance",
                        "industry_dept",
                        ["public_council"],
                        (0, 5),
                        {"regional": 40},
                        "",
                        "in_progress",
                    ),
                ],
                [
                    (
                        "Foreign investment in metal processing",
                        "outcome",
                        "million USD",
                        15,
                        2025,
                        120,
                        2030,
                        "yearly",
                        "National Bank statistics",
                        "industry_dept",
                        "spiid",
                    ),
                    (
                        "Public progress reports published",
                        "output",
                        "reports",
                        0,
                        2025,
                        10,
                        2030,
                        "half_yearly",
                        "Steering body",
                        "public_council",
                        "",
                    ),
                ],
            ),
        ],
    ),
]

STEERING = [
    ("akimat", "chair"),
    ("industry_dept", "secretariat"),
    ("aluminium", "member"),
    ("chamber", "member"),
    ("tou", "member"),
    ("research_institute", "member"),
    ("ngo_eco", "member"),
    ("public_council", "member"),
]

# The plan's own words in Russian and Kazakh (English is in TREE and VISION).
TRANSLATIONS = {
    "Pavlodar aluminium and metals action plan": (
        "План действий Павлодарской области по алюминию и металлам",
        "Павлодар облысының алюминий және металдар жөніндегі іс-қимыл жоспары",
    ),
    VISION: (
        "К 2030 году Павлодарская область известна в Центральной Азии **алюминиевой и металлической продукцией "
        "высокой добавленной стоимости**: предприятия, которые не только плавят, но и проектируют и обрабатывают; "
        "инженеры и сварщики, подготовленные в регионе; научная база, решающая задачи промышленности, и более "
        "чистая среда для жителей.",
        "2030 жылға қарай Павлодар облысы Орталық Азияда **жоғары қосылған құны бар алюминий және металл "
        "өнімдерімен** танымал: тек балқытпайтын, сонымен қатар жобалайтын және өңдейтін кәсіпорындар; өңірде "
        "дайындалған инженерлер мен дәнекерлеушілер; өнеркәсіптің мәселелерін шешетін ғылыми база және "
        "тұрғындар үшін таза қоршаған орта.",
    ),
    # challenges
    "Skills for the metals industry": ("Кадры для металлургической отрасли", "Металлургия саласына арналған кадрлар"),
    "Competitiveness of metal firms": (
        "Конкурентоспособность металлургических предприятий",
        "Металлургия кәсіпорындарының бәсекеге қабілеттілігі",
    ),
    "Research and innovation base": ("Научно-инновационная база", "Ғылыми-инновациялық база"),
    "Infrastructure and logistics": ("Инфраструктура и логистика", "Инфрақұрылым және логистика"),
    "Environment and community": ("Экология и местные сообщества", "Экология және жергілікті қоғамдастық"),
    "Visibility and governance": ("Узнаваемость и управление", "Танымалдық және басқару"),
    # plan priorities
    "Curricula matched to industry": (
        "Учебные программы под нужды промышленности",
        "Өнеркәсіп қажеттіліктеріне сай оқу бағдарламалары",
    ),
    "Attracting and keeping talent": ("Привлечение и удержание специалистов", "Мамандарды тарту және ұстап қалу"),
    "From primary metal to finished products": (
        "От первичного металла к готовой продукции",
        "Бастапқы металдан дайын өнімге дейін",
    ),
    "Digital and efficient plants": ("Цифровые и эффективные заводы", "Цифрлық және тиімді зауыттар"),
    "A metals research and testing centre": (
        "Центр исследований и испытаний металлов",
        "Металдарды зерттеу және сынау орталығы",
    ),
    "Technology transfer and start-ups": ("Трансфер технологий и стартапы", "Технологиялар трансфері және стартаптар"),
    "An industrial park for downstream firms": (
        "Индустриальный парк для перерабатывающих предприятий",
        "Өңдеуші кәсіпорындарға арналған индустриялық парк",
    ),
    "Freight on the Irtysh corridor": ("Грузоперевозки по Иртышскому коридору", "Ертіс дәлізі бойынша жүк тасымалы"),
    "Cleaner air for Pavlodar and Ekibastuz": (
        "Более чистый воздух для Павлодара и Экибастуза",
        "Павлодар мен Екібастұзға таза ауа",
    ),
    "Pavlodar metals brand and events": (
        "Бренд «Павлодарские металлы» и мероприятия",
        "«Павлодар металдары» бренді және іс-шаралар",
    ),
    # objectives
    "Align vocational and university curricula with the skills metal firms need": (
        "Согласовать программы колледжей и вузов с навыками, нужными металлургическим предприятиям",
        "Колледждер мен жоғары оқу орындарының бағдарламаларын металлургия кәсіпорындарына қажет дағдылармен үйлестіру",
    ),
    "Keep young engineers in the region": (
        "Удержать молодых инженеров в регионе",
        "Жас инженерлерді өңірде ұстап қалу",
    ),
    "Grow local downstream production of aluminium products": (
        "Нарастить местное производство продукции из алюминия",
        "Алюминий өнімдерін жергілікті өндіруді арттыру",
    ),
    "Cut energy use and scrap in metal plants": (
        "Сократить энергопотребление и брак на металлургических заводах",
        "Металлургия зауыттарында энергия тұтынуды және ақауды азайту",
    ),
    "Give firms local access to materials testing and applied research": (
        "Дать предприятиям доступ к испытаниям материалов и прикладным исследованиям в регионе",
        "Кәсіпорындарға өңірде материалдарды сынауға және қолданбалы зерттеулерге қол жеткізу мүмкіндігін беру",
    ),
    "Turn research results into new metal-processing firms": (
        "Превращать результаты исследований в новые металлообрабатывающие компании",
        "Зерттеу нәтижелерін жаңа металл өңдеу компанияларына айналдыру",
    ),
    "Serviced land and utilities for new metal processing firms": (
        "Подготовленные участки и коммуникации для новых металлообрабатывающих предприятий",
        "Жаңа металл өңдеу кәсіпорындарына дайын жер учаскелері мен коммуникациялар",
    ),
    "Cheaper, faster freight for metal products to China and Russia": (
        "Более дешёвая и быстрая доставка металлопродукции в Китай и Россию",
        "Металл өнімдерін Қытай мен Ресейге арзанырақ әрі жылдамырақ жеткізу",
    ),
    "Cut emissions from metal plants as production grows": (
        "Снижать выбросы металлургических заводов при росте производства",
        "Өндіріс өскен сайын металлургия зауыттарының шығарындыларын азайту",
    ),
    "Make the region's metals know-how visible to investors and partners": (
        "Сделать металлургические компетенции региона заметными для инвесторов и партнёров",
        "Өңірдің металлургиядағы біліктілігін инвесторлар мен серіктестерге көрсету",
    ),
}


def _translate(plan) -> None:
    """Fill the Russian and Kazakh columns of the plan's title, vision and
    the titles of its challenges, plan priorities and objectives."""
    targets = [
        (ActionPlan.objects.filter(pk=plan.pk), "title"),
        (ActionPlan.objects.filter(pk=plan.pk), "vision"),
        (Challenge.objects.filter(plan=plan), "title"),
        (PlanPriority.objects.filter(plan=plan), "title"),
        (Objective.objects.filter(plan=plan), "title"),
    ]
    for queryset, field in targets:
        limit = queryset.model._meta.get_field(f"{field}_en").max_length
        values = {f"{field}_en__in": [english for english in TRANSLATIONS if limit is None or len(english) <= limit]}
        texts = dict(queryset.filter(**values).values_list("pk", f"{field}_en"))
        for pk, english in texts.items():
            ru, kk = TRANSLATIONS[english]
            queryset.filter(pk=pk).update(**{f"{field}_ru": ru, f"{field}_kk": kk})


def _wobble(*parts) -> Decimal:
    """A deterministic factor in [0.85, 1.15] so demo series look measured."""
    digest = hashlib.sha256("|".join(map(str, parts)).encode()).digest()
    return Decimal(85 + digest[0] % 31) / 100


def _selected_priority(ctx, edp):
    from priorities.models import CandidatePriority

    priority = (ctx.get("priorities") or {}).get("Aluminium and metals processing")
    if priority is None:
        priority, _created = CandidatePriority.objects.get_or_create(
            edp=edp,
            title="Aluminium and metals processing",
            defaults={
                "decision": "selected",
                "rationale": "The region's strongest cluster.",
                "decided_at": timezone.now(),
            },
        )
    return priority


# When things happened, in days after action planning opened.
DRAFTED, CONSULTED, ADOPTED = 2, 12, 38
CONSULTATION_DAYS = 21
PLAN_SEED = 2024


def load(ctx) -> None:
    edp = ctx.get("edp")
    if edp is None:
        return
    orgs, users = ctx["orgs"], ctx["users"]
    coordinator = users["coordinator"]
    advance(
        edp,
        Stage.ACTION_PLANNING,
        actor=coordinator,
        reason="Four priorities are published; each steering body now drafts its integrated action plan.",
    )
    today = timezone.localdate()
    planning = stage_opens(SLUG, Stage.ACTION_PLANNING)
    adopted_at = planning + timedelta(days=ADOPTED)
    start_year = timezone.localtime(adopted_at).year + 1  # adopted late in the year, run from January
    plan, _created = ActionPlan.objects.get_or_create(
        priority=_selected_priority(ctx, edp),
        defaults={
            "edp": edp,
            "title": "Pavlodar aluminium and metals action plan",
            "vision": VISION,
            "created_by": coordinator,
        },
    )
    for org_key, role in STEERING:
        SteeringBodyMember.objects.get_or_create(plan=plan, organisation=orgs[org_key], defaults={"role": role})

    for c_order, (challenge_title, priorities) in enumerate(TREE):
        challenge, _c = Challenge.objects.get_or_create(plan=plan, title=challenge_title, defaults={"order": c_order})
        for p_order, (priority_title, objective_title, actions, indicators) in enumerate(priorities):
            priority, _c = PlanPriority.objects.get_or_create(
                plan=plan, challenge=challenge, title=priority_title, defaults={"order": p_order}
            )
            objective, _c = Objective.objects.get_or_create(
                plan=plan, plan_priority=priority, title=objective_title, defaults={"order": 0}
            )
            for a_order, (title, area, lead, partners, (y0, y1), budget, instrument, status) in enumerate(actions):
                total = sum(Decimal(v) * M for v in budget.values())
                action, created = Action.objects.get_or_create(
                    plan=plan,
                    objective=objective,
                    title=title,
                    defaults={
                        "policy_area": area,
                        "lead_organisation": orgs[lead],
                        "start_date": date(start_year + y0, 1, 1),
                        "end_date": date(start_year + y1, 12, 31),
                        "budget_kzt": total,
                        "instrument": instrument,
                        "status": status,
                        "order": a_order,
                    },
                )
                if created:
                    action.partners.set([orgs[p] for p in partners])
                    for source, amount in budget.items():
                        BudgetLine.objects.create(action=action, source=source, amount_kzt=Decimal(amount) * M)
                    if status != ActionStatus.PLANNED:
                        action.status_updates.create(
                            status=status, note="Reported by the lead organisation.", author=coordinator
                        )
            for i_order, spec in enumerate(indicators):
                _indicator(plan, objective, i_order, spec, orgs, adopted_at, today)

    if plan.status == PlanStatus.DRAFT and not plan.versions.exists():
        _translate(plan)
        _consult_adopt_monitor(ctx, plan, coordinator, planning, adopted_at)
    advance(
        edp,
        Stage.MONITORING,
        actor=coordinator,
        reason="The akimat adopted the aluminium and metals action plan; its indicators are now reported and "
        "published twice a year.",
    )
    ctx["plan"] = plan


def _consult_adopt_monitor(ctx, plan, coordinator, planning, adopted_at) -> None:
    """The lifecycle through its services: the draft goes to a public
    consultation on its challenges (people took part; its report is out),
    is adopted once that has closed, and is monitored; then each step is
    dated on the EDP's timeline."""
    from consultations.demo import participate

    consulted = planning + timedelta(days=CONSULTED)
    closes_at = consulted + timedelta(days=CONSULTATION_DAYS)
    plan = plan_send_to_consultation(plan=plan, actor=coordinator, opens_at=consulted, closes_at=closes_at)
    consultation = plan_consultation(plan)
    participate(ctx, consultation, opens_at=consulted, until=closes_at, per_item=(2, 6), seed=PLAN_SEED, share=0.35)
    consultation.report_summary = (
        "Residents and firms supported the plan's focus on skills and SME suppliers; several asked for "
        "published environmental indicators, which the adopted plan now includes."
    )
    consultation.report_published_at = closes_at + timedelta(days=2)
    consultation.report_published_by = coordinator
    consultation.save(update_fields=["report_summary", "report_published_at", "report_published_by"])
    Consultation.objects.filter(pk=consultation.pk).update(created_at=consulted - timedelta(days=1))
    plan_adopt(plan=plan, actor=coordinator, note="Adopted by the akimat after the public consultation.")
    plan_start_monitoring(plan=plan, actor=coordinator)

    PlanVersion.objects.filter(plan=plan).update(adopted_at=adopted_at)
    ActionPlan.objects.filter(pk=plan.pk).update(
        first_adopted_at=adopted_at, created_at=planning + timedelta(days=DRAFTED)
    )
    dated = {
        PlanStatus.IN_CONSULTATION: consulted,
        PlanStatus.ADOPTED: adopted_at,
        PlanStatus.MONITORED: stage_opens(SLUG, Stage.MONITORING),
    }
    for to_status, when in dated.items():
        PlanTransition.objects.filter(plan=plan, to_status=to_status).update(created_at=when)
    ActionStatusUpdate.objects.filter(action__plan=plan).update(created_at=today_at_ten() - timedelta(days=20))


def _indicator(plan, objective, order, spec, orgs, adopted_at, today):
    name, kind, unit, baseline, b_year, target, t_year, frequency, source, responsible, programme = spec
    indicator, _created = Indicator.objects.get_or_create(
        plan=plan,
        name=name,
        defaults={
            "objective": objective,
            "code": f"I-{Indicator.objects.filter(plan=plan).count() + 1:02d}",
            "type": kind,
            "unit": unit,
            "baseline_value": Decimal(baseline),
            "baseline_year": b_year,
            "target_value": Decimal(target),
            "target_year": t_year,
            "frequency": frequency,
            "data_source": source,
            "responsible_organisation": orgs[responsible],
            "national_programme": programme,
            "order": order,
        },
    )
    # Two years of reports, moving towards the target with some noise; the
    # latest period of a few indicators is left unreported so the dashboard
    # shows overdue reports.
    periods = [p for p in periods_between(frequency, timezone.localdate(adopted_at), today) if p.end < today]
    skip_last = int(_wobble(name) * 100) % 3 == 0
    if skip_last and periods:
        periods = periods[:-1]
    span = (date(t_year, 12, 31) - date(b_year, 12, 31)).days or 1
    for period in periods:
        share = Decimal(max(0, (period.end - date(b_year, 12, 31)).days)) / Decimal(span)
        expected = Decimal(baseline) + (Decimal(target) - Decimal(baseline)) * share
        value = (Decimal(baseline) + (expected - Decimal(baseline)) * _wobble(name, period.label)).quantize(
            Decimal("0.01")
        )
        measurement, created = IndicatorMeasurement.objects.get_or_create(
            indicator=indicator,
            period_start=period.start,
            defaults={"period_end": period.end, "value": value, "comment": "Reported from " + source + "."},
        )
        if created:  # reported a couple of weeks after the period ended
            reported = min(
                timezone.now(),
                datetime.combine(period.end + timedelta(days=15), time(10), tzinfo=timezone.get_current_timezone()),
            )
            IndicatorMeasurement.objects.filter(pk=measurement.pk).update(reported_at=reported)
    return indicator
