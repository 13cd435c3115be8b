"""Demo: Pavlodar's public council, drawn by lot (pool, commission, quotas,
public value, the published draw), its opinion on the adopted aluminium plan
with every recommendation answered, a hearing in Ekibastuz with citizens'
questions and answers; Kyzylorda's council, whose call for volunteers is
open now.

The selection runs through the real services and the real draw (so the
published record re-runs: ``python -m councils.sortition``); the moments are
then dated on Pavlodar's timeline (``edp.demo``): the council is formed
before action planning, gives its opinion while the plan is in public
consultation and is answered before the plan's adoption. Idempotent: a
council that exists is left as it is.
"""

from __future__ import annotations

from datetime import timedelta

from allauth.account.models import EmailAddress
from django.utils import timezone

from accounts.models import User
from edp.demo import SLUG, stage_opens
from edp.models import Meeting, MeetingRegistration
from edp.services import meetings as edp_meetings
from edp.workflow import Stage
from stakeholders.choices import Helix
from stakeholders.models import District

from . import sortition, subjects
from .choices import AgeBand, Answer, Gender, MemberRole, Position
from .models import (
    ConflictDeclaration,
    Council,
    CouncilFollower,
    CouncilMember,
    Draw,
    HearingQuestion,
    Opinion,
    Recommendation,
    VolunteerCall,
)
from .services import councils as council_services
from .services import selection

PAVLODAR_SLUG = "pavlodar-public-council"
KYZYLORDA_SLUG = "kyzylorda-public-council"

# (en, ru, kk); the first is the council's usual seat (the regional capital).
PAVLODAR_DISTRICTS = [
    ("Pavlodar city", "город Павлодар", "Павлодар қаласы"),
    ("Ekibastuz city", "город Экибастуз", "Екібастұз қаласы"),
    ("Aksu city", "город Аксу", "Ақсу қаласы"),
    ("Bayanaul district", "Баянаульский район", "Баянауыл ауданы"),
    ("Irtysh district", "Иртышский район", "Ертіс ауданы"),
]
KYZYLORDA_DISTRICTS = [
    ("Kyzylorda city", "город Кызылорда", "Қызылорда қаласы"),
    ("Aral district", "Аральский район", "Арал ауданы"),
    ("Kazaly district", "Казалинский район", "Қазалы ауданы"),
    ("Shieli district", "Шиелийский район", "Шиелі ауданы"),
]

PEOPLE = {
    # key: (display name, region, helix)
    "council_secretary": ("Ainur Sultanbekova", "pavlodar", Helix.CIVIL_SOCIETY),
    "kz_council_secretary": ("Bakhyt Ospanov", "kyzylorda", Helix.CIVIL_SOCIETY),
    **{
        f"volunteer{i}": (name, "pavlodar", helix)
        for i, (name, helix) in enumerate(
            [
                ("Arman Bekov", Helix.CIVIL_SOCIETY),
                ("Dinara Kaliyeva", Helix.CIVIL_SOCIETY),
                ("Pyotr Ivanov", Helix.INDUSTRY),
                ("Saltanat Amanova", Helix.ACADEMIA),
                ("Yerlan Duisenov", Helix.CIVIL_SOCIETY),
                ("Lyudmila Kravets", Helix.CIVIL_SOCIETY),
                ("Nurbol Smagulov", Helix.INDUSTRY),
                ("Gulzhan Mukhametova", Helix.CIVIL_SOCIETY),
                ("Viktor Shevchenko", Helix.ACADEMIA),
                ("Aizhan Temirbekova", Helix.CIVIL_SOCIETY),
                ("Kairat Zhumabayev", Helix.CIVIL_SOCIETY),
                ("Elena Popova", Helix.CIVIL_SOCIETY),
                ("Murat Baizhanov", Helix.GOVERNMENT),
                ("Zarina Abdikarimova", Helix.CIVIL_SOCIETY),
                ("Sergei Lim", Helix.INDUSTRY),
                ("Anel Kassymova", Helix.CIVIL_SOCIETY),
            ],
            start=1,
        )
    },
}
# The residents of the stakeholders demo who volunteer too.
EXISTING_VOLUNTEERS = ["citizen1", "citizen2", "citizen3", "citizen4", "citizen5", "citizen6", "citizen7", "citizen8"]
GENDERS = [Gender.FEMALE, Gender.MALE]
AGES = [AgeBand.YOUNG, AgeBand.ADULT, AgeBand.MIDDLE, AgeBand.SENIOR]

MANDATE = {
    "en": (
        "The public council represents the interests of civil society in the region's smart specialisation "
        "(Law of 2 November 2015). It gives opinions on draft action plans and programmes, holds public hearings "
        "and office hours across the region, monitors the indicators of adopted plans and makes recommendations "
        "to the akimat, which answers each of them publicly."
    ),
    "ru": (
        "Общественный совет представляет интересы гражданского общества в умной специализации региона "
        "(Закон от 2 ноября 2015 года). Он даёт заключения по проектам планов действий и программ, проводит "
        "публичные слушания и приёмы граждан по всей области, следит за индикаторами принятых планов и даёт "
        "рекомендации акимату, который публично отвечает на каждую из них."
    ),
    "kk": (
        "Қоғамдық кеңес өңірдің ақылды мамандануында азаматтық қоғамның мүддесін білдіреді (2015 жылғы "
        "2 қарашадағы Заң). Ол іс-қимыл жоспарларының және бағдарламалардың жобаларына қорытынды береді, "
        "облыс бойынша жария тыңдаулар мен азаматтарды қабылдау өткізеді, қабылданған жоспарлардың "
        "индикаторларын қадағалайды және әкімдікке ұсынымдар береді, әкімдік олардың әрқайсысына жария жауап береді."
    ),
}

OPINION = {
    "en": (
        "The council supports the draft aluminium and metals action plan: it builds on the region's real assets "
        "and was improved by the public consultation. It asks the akimat to take up three recommendations "
        "before adopting it."
    ),
    "ru": (
        "Совет поддерживает проект плана действий по алюминию и металлам: он опирается на реальные активы "
        "региона и улучшен по итогам публичного обсуждения. Совет просит акимат до принятия плана учесть "
        "три рекомендации."
    ),
    "kk": (
        "Кеңес алюминий және металдар жөніндегі іс-қимыл жоспарының жобасын қолдайды: ол өңірдің нақты "
        "активтеріне сүйенеді және жария талқылау нәтижесінде жетілдірілді. Кеңес әкімдіктен жоспарды "
        "қабылдағанға дейін үш ұсынымды ескеруді сұрайды."
    ),
}
# (text en/ru/kk, answer, reason en/ru/kk)
RECOMMENDATIONS = [
    (
        (
            "Publish the plan's indicators every six months, not only once a year.",
            "Публиковать индикаторы плана раз в полгода, а не только раз в год.",
            "Жоспар индикаторларын жылына бір рет қана емес, жарты жыл сайын жариялау.",
        ),
        Answer.ACCEPTED,
        (
            "Accepted: the indicators are now reported and published twice a year.",
            "Принято: индикаторы теперь собираются и публикуются два раза в год.",
            "Қабылданды: индикаторлар енді жылына екі рет жиналып, жарияланады.",
        ),
    ),
    (
        (
            "Reserve training places in the welding programme for young people from Ekibastuz and Aksu.",
            "Зарезервировать места в программе обучения сварщиков для молодёжи Экибастуза и Аксу.",
            "Дәнекерлеушілерді оқыту бағдарламасында Екібастұз бен Ақсу жастарына орын бөлу.",
        ),
        Answer.PARTLY,
        (
            "Partly: a quarter of the places go to applicants from outside Pavlodar city; a fixed quota per town "
            "would leave places empty.",
            "Частично: четверть мест отдана заявителям не из Павлодара; жёсткая квота по городам оставила бы "
            "места пустыми.",
            "Ішінара: орындардың төрттен бірі Павлодар қаласынан тыс өтініш берушілерге берілді; қалалар "
            "бойынша қатаң квота орындарды бос қалдырар еді.",
        ),
    ),
    (
        (
            "Move the budget of the smelter's new casting line to the research fund.",
            "Перенести бюджет новой литейной линии завода в исследовательский фонд.",
            "Зауыттың жаңа құю желісінің бюджетін зерттеу қорына аудару.",
        ),
        Answer.NOT_ACCEPTED,
        (
            "Not accepted: the casting line is financed by the company itself; no public money would be freed.",
            "Не принято: литейная линия финансируется самой компанией, государственные средства не высвободились бы.",
            "Қабылданбады: құю желісін компанияның өзі қаржыландырады, мемлекеттік қаражат босамас еді.",
        ),
    ),
]


def _person(ctx, key: str) -> User:
    name, region_code, helix = PEOPLE[key]
    email = f"{key}@demo.edp.kz"
    user = User.objects.filter(email=email).first()
    if user is None:
        region = ctx["region"] if region_code == "pavlodar" else ctx["region2"]
        user = User.objects.create_user(
            email, ctx.password, display_name=name, helix=helix, region=region, preferred_language="en"
        )
    EmailAddress.objects.get_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
    ctx.login(email, key.replace("_", " "))
    return user


def _districts(region, names) -> list[District]:
    found = []
    for en, ru, kk in names:
        district, _created = District.objects.get_or_create(
            region=region, name_en=en, defaults={"name_ru": ru, "name_kk": kk}
        )
        found.append(district)
    return found


def load(ctx) -> None:
    if ctx.get("edp") is None:
        return
    users = ctx["users"]
    users.update({key: _person(ctx, key) for key in PEOPLE})
    _pavlodar(ctx, users)
    _kyzylorda(ctx, users)


def _council(ctx, *, slug, region, edp, secretary, names, home, term_starts, seats=9, budget=0, note=None):
    council = council_services.council_create(
        actor=ctx["users"]["staff"],
        region=region,
        slug=slug,
        term_starts_on=term_starts,
        term_ends_on=term_starts.replace(year=term_starts.year + 3),
        name=names[0],
        mandate=MANDATE["en"],
        seats=seats,
        edp=edp,
        secretary=secretary,
        home_district=home,
        expenses_budget_kzt=budget,
        expenses_note=(note or ("", "", ""))[0],
    )
    Council.objects.filter(pk=council.pk).update(
        name_en=names[0],
        name_ru=names[1],
        name_kk=names[2],
        mandate_en=MANDATE["en"],
        mandate_ru=MANDATE["ru"],
        mandate_kk=MANDATE["kk"],
        **({"expenses_note_en": note[0], "expenses_note_ru": note[1], "expenses_note_kk": note[2]} if note else {}),
    )
    council.refresh_from_db()
    return council


def _pavlodar(ctx, users) -> None:
    if Council.objects.filter(slug=PAVLODAR_SLUG).exists():
        ctx["council"] = Council.objects.get(slug=PAVLODAR_SLUG)
        return
    orgs = ctx["orgs"]
    edp = ctx["edp"]
    planning = stage_opens(SLUG, Stage.ACTION_PLANNING)
    districts = _districts(ctx["region"], PAVLODAR_DISTRICTS)
    capital, ekibastuz, aksu = districts[0], districts[1], districts[2]
    secretary = users["council_secretary"]
    council = _council(
        ctx,
        slug=PAVLODAR_SLUG,
        region=ctx["region"],
        edp=edp,
        secretary=secretary,
        names=(
            "Public Council of Pavlodar Region on Smart Specialisation",
            "Общественный совет Павлодарской области по умной специализации",
            "Павлодар облысының ақылды мамандану жөніндегі қоғамдық кеңесі",
        ),
        home=capital,
        term_starts=timezone.localdate(planning - timedelta(days=150)),
        budget=4_800_000,
        note=(
            "Members' travel to hearings and office hours outside Pavlodar city.",
            "Поездки членов совета на слушания и приёмы граждан за пределами Павлодара.",
            "Кеңес мүшелерінің Павлодар қаласынан тыс тыңдаулар мен қабылдауларға сапарлары.",
        ),
    )
    ctx["council"] = council
    # Two appointed seats: an official of the akimat's department, a civil-society expert.
    council_services.member_appoint(
        council=council, actor=secretary, user=users["facilitator"], organisation=orgs["industry_dept"]
    )
    council_services.member_appoint(
        council=council, actor=secretary, user=users["evaluator5"], organisation=orgs["ngo_eco"], role=MemberRole.CHAIR
    )
    call = _pavlodar_draw(ctx, council, users, districts, planning)
    joined = timezone.localdate(call.draw.drawn_at)
    CouncilMember.objects.filter(council=council).update(joined_on=joined)
    chair = CouncilMember.objects.get(council=council, user=users["evaluator5"])
    CouncilFollower.objects.get_or_create(council=council, user=users["citizen1"])
    CouncilFollower.objects.get_or_create(council=council, user=users["coordinator"])

    session = _pavlodar_meetings(council, secretary, users, capital, ekibastuz, aksu, planning)
    ConflictDeclaration.objects.create(
        member=chair,
        meeting=session,
        agenda_item=session.agenda_items.order_by("position").last(),
        item_title=session.agenda_items.order_by("position").last().title,
        interest="Directs the Irtysh Ecology NGO, which applied for the plan's environmental monitoring grant.",
        declared_at=session.starts_at - timedelta(days=2),
    )
    plan = ctx.get("plan")
    if plan is not None:
        _opinion_on_plan(council, plan, users, session, planning)


def _pavlodar_draw(ctx, council, users, districts, planning) -> VolunteerCall:
    secretary = users["council_secretary"]
    now = timezone.now()
    call = selection.call_create(
        council=council,
        actor=secretary,
        title="Volunteers for seven seats of the public council",
        description=(
            "Seven of the council's nine seats are filled by lot from volunteers of the whole region, with quotas "
            "by helix, gender, age and district, so that the council looks like the region and answers to nobody "
            "but the public."
        ),
        opens_at=now - timedelta(minutes=5),
        closes_at=now + timedelta(hours=1),
        seats_to_fill=7,
        alternates_wanted=3,
        commission_size=3,
        beacon_source="drand (League of Entropy) mainnet beacon: the first round published after the call closes",
    )
    VolunteerCall.objects.filter(pk=call.pk).update(
        title_ru="Добровольцы на семь мест общественного совета",
        title_kk="Қоғамдық кеңестің жеті орнына еріктілер",
        description_ru=(
            "Семь из девяти мест совета заполняются жребием из добровольцев всей области с квотами по спирали, "
            "полу, возрасту и району, чтобы совет был похож на регион и отвечал только перед обществом."
        ),
        description_kk=(
            "Кеңестің тоғыз орнының жетеуі бүкіл облыстың еріктілері арасынан спираль, жыныс, жас және аудан "
            "бойынша квоталармен жеребе арқылы толтырылады, сонда кеңес өңірге ұқсас болып, тек қоғам алдында "
            "жауап береді."
        ),
    )
    call = selection.call_open(call=call, actor=secretary)
    volunteers = [users[k] for k in EXISTING_VOLUNTEERS] + [users[f"volunteer{i}"] for i in range(1, 17)]
    for i, person in enumerate(volunteers):
        selection.volunteer_apply(
            call=call,
            user=person,
            district=districts[i % len(districts)],
            gender=GENDERS[i % 2],
            age_band=AGES[i % len(AGES)],
        )
    selection.commission_seat_add(
        call=call, actor=secretary, user=users["coordinator"], organisation=ctx["orgs"]["akimat"]
    )
    selection.commission_seat_add(call=call, actor=secretary, user=users["moderator"], helix=Helix.CIVIL_SOCIETY)
    selection.commission_seat_add(call=call, actor=secretary, user=users["tou_rep"], organisation=ctx["orgs"]["tou"])
    VolunteerCall.objects.filter(pk=call.pk).update(closes_at=timezone.now() - timedelta(seconds=1))
    call = selection.call_close(call=call, actor=secretary)
    seats = call.seats_to_fill
    selection.quotas_set(
        call=call,
        actor=users["moderator"],
        rows=[
            ("helix", Helix.CIVIL_SOCIETY, 4, seats),
            ("helix", Helix.INDUSTRY, 1, 2),
            ("helix", Helix.ACADEMIA, 1, 2),
            ("helix", Helix.GOVERNMENT, 0, 0),
            ("gender", Gender.FEMALE, 3, 4),
            ("gender", Gender.MALE, 3, 4),
            ("district", str(districts[1].pk), 1, seats),
            *[("age_band", age, 1, seats) for age in AGES],
        ],
    )
    call = selection.public_value_record(
        call=call,
        actor=secretary,
        value="round 2718281: 3f9a6c0d2e71b4588c1e0a9d7b32f6e4a5c8d9e0f1a2b3c4d5e6f708192a3b4c",
    )
    # The call's moments, on Pavlodar's timeline (before the record is written).
    opened = planning - timedelta(days=140)
    closed = planning - timedelta(days=110)
    VolunteerCall.objects.filter(pk=call.pk).update(
        opens_at=opened,
        opened_at=opened,
        closes_at=closed,
        pool_frozen_at=closed,
        beacon_recorded_at=closed + timedelta(days=1),
        created_at=opened - timedelta(days=3),
    )
    VolunteerCall.lifecycle.apply(call, "draw", actor=secretary, save=False)
    VolunteerCall.objects.filter(pk=call.pk).update(
        status=VolunteerCall.Status.DRAWING, draw_started_by=secretary, draw_started_at=closed + timedelta(days=2)
    )
    draw = selection.draw_run(call_id=call.pk)
    if draw is None:  # pragma: no cover - the quotas above were checked against the pool
        raise RuntimeError(VolunteerCall.objects.get(pk=call.pk).draw_error)
    Draw.objects.filter(pk=draw.pk).update(drawn_at=closed + timedelta(days=2))
    # Keep the published record checkable.
    assert sortition.verify(draw.record).ok
    call.refresh_from_db()
    return call


def _meeting(council, secretary, *, kind, titles, starts_at, venue, district, agenda, capacity=40):
    meeting = edp_meetings.meeting_save(
        council=council,
        actor=secretary,
        agenda="\n".join(agenda),
        kind=kind,
        title=titles,
        description="",
        starts_at=starts_at,
        duration_minutes=120,
        venue=venue,
        online_url="",
        capacity=capacity,
        facilitator=None,
        district=district,
    )
    return meeting


def _pavlodar_meetings(council, secretary, users, capital, ekibastuz, aksu, planning):
    session = _meeting(
        council,
        secretary,
        kind=Meeting.Kind.COUNCIL_MEETING,
        titles="Council session: opinion on the draft aluminium and metals action plan",
        starts_at=planning + timedelta(days=24, hours=5),
        venue="Akimat of Pavlodar Region, hall 2, Akimat St 1, Pavlodar",
        district=capital,
        agenda=[
            "Report of the hearing in Ekibastuz",
            "The draft aluminium and metals action plan: opinion and recommendations",
            "Environmental monitoring grant of the plan",
        ],
    )
    edp_meetings.minutes_publish(
        meeting=session,
        actor=secretary,
        minutes=(
            "Eight of nine members present. The council heard the report of the Ekibastuz hearing and discussed the "
            "draft plan item by item. The chair declared an interest on the third item and took no part in it."
        ),
        decisions=(
            "Support the draft plan with three recommendations (opinion published on the council's page).\n"
            "Ask for the indicators to be published twice a year."
        ),
    )
    hearing = _meeting(
        council,
        secretary,
        kind=Meeting.Kind.PUBLIC_HEARING,
        titles="Public hearing in Ekibastuz on the draft aluminium and metals plan",
        starts_at=planning + timedelta(days=20, hours=7),
        venue="Ekibastuz city culture centre, Mashhur Zhusup St 2",
        district=ekibastuz,
        agenda=[
            "The draft plan, presented by the akimat",
            "Questions sent in advance, and from the hall",
            "Jobs and training for Ekibastuz",
        ],
        capacity=120,
    )
    edp_meetings.minutes_publish(
        meeting=hearing,
        actor=secretary,
        minutes=(
            "About ninety people attended; twenty-three spoke. Most questions were about training places for young "
            "people from Ekibastuz, dust from the ash dumps and whether the new jobs would go to local people."
        ),
        decisions="Recommend that training places be reserved for young people from Ekibastuz and Aksu.",
    )
    for key in ("citizen2", "citizen4", "volunteer3", "volunteer9", "entrepreneur"):
        MeetingRegistration.objects.get_or_create(
            meeting=hearing,
            user=users[key],
            defaults={"helix": users[key].effective_helix, "status": "confirmed", "attended": True},
        )
    questions = [
        (
            "citizen2",
            "Will young people from Ekibastuz get places in the welding courses, or only Pavlodar residents?",
            "Yes: a quarter of the places go to applicants from outside Pavlodar city, and the course runs a "
            "group in Ekibastuz from next year.",
        ),
        (
            "citizen4",
            "Who checks the dust from the ash dumps near the new plant?",
            "The regional department of ecology measures it monthly; the plan adds an outcome indicator and the "
            "council will follow it.",
        ),
    ]
    for key, text, answer in questions:
        HearingQuestion.objects.create(
            meeting=hearing,
            author=users[key],
            text=text,
            asked_at=hearing.starts_at - timedelta(days=3),
            answer=answer,
            answered_by=secretary,
            answered_at=hearing.starts_at + timedelta(days=1),
        )
    today = timezone.localtime().replace(hour=15, minute=0, second=0, microsecond=0)
    _meeting(
        council,
        secretary,
        kind=Meeting.Kind.COUNCIL_MEETING,
        titles="Council session: the plan's indicators, second year",
        starts_at=today + timedelta(days=10),
        venue="Akimat of Pavlodar Region, hall 2, Akimat St 1, Pavlodar",
        district=capital,
        agenda=["Indicators reported for the second year", "Overdue reports: what the akimat says", "Next hearings"],
    )
    _meeting(
        council,
        secretary,
        kind=Meeting.Kind.OFFICE_HOURS,
        titles="Office hours of the public council in Aksu",
        starts_at=today + timedelta(days=20),
        venue="Aksu city library, Astana St 12",
        district=aksu,
        agenda=["Open questions from residents of Aksu"],
        capacity=25,
    )
    return session


def _opinion_on_plan(council, plan, users, session, planning) -> None:
    coordinator = users["coordinator"]
    requested = planning + timedelta(days=14)
    published = session.starts_at + timedelta(days=1)
    answered = planning + timedelta(days=34)
    kind = subjects.kind_of(plan)
    opinion = Opinion.objects.create(
        council=council,
        subject_type=subjects.content_type(plan),
        subject_id=plan.pk,
        subject_version=1,
        subject_title=kind.title(plan),
        status=Opinion.Status.ANSWERED,
        position=Position.SUPPORT_WITH_RECOMMENDATIONS,
        text=OPINION["en"],
        text_en=OPINION["en"],
        text_ru=OPINION["ru"],
        text_kk=OPINION["kk"],
        meeting=session,
        requested_by=coordinator,
        requested_at=requested,
        due_on=timezone.localdate(requested + timedelta(days=14)),
        published_by=users["council_secretary"],
        published_at=published,
        answered_at=answered,
    )
    for i, (texts, answer, reasons) in enumerate(RECOMMENDATIONS):
        Recommendation.objects.create(
            opinion=opinion,
            position=i,
            text=texts[0],
            text_en=texts[0],
            text_ru=texts[1],
            text_kk=texts[2],
            answer=answer,
            answer_reason=reasons[0],
            answer_reason_en=reasons[0],
            answer_reason_ru=reasons[1],
            answer_reason_kk=reasons[2],
            answered_by=coordinator,
            answered_at=answered - timedelta(days=i),
        )


def _kyzylorda(ctx, users) -> None:
    if Council.objects.filter(slug=KYZYLORDA_SLUG).exists() or ctx.get("edp_kyzylorda") is None:
        return
    districts = _districts(ctx["region2"], KYZYLORDA_DISTRICTS)
    secretary = users["kz_council_secretary"]
    council = _council(
        ctx,
        slug=KYZYLORDA_SLUG,
        region=ctx["region2"],
        edp=ctx["edp_kyzylorda"],
        secretary=secretary,
        names=(
            "Public Council of Kyzylorda Region",
            "Общественный совет Кызылординской области",
            "Қызылорда облысының қоғамдық кеңесі",
        ),
        home=districts[0],
        term_starts=timezone.localdate() - timedelta(days=20),
    )
    council_services.member_appoint(
        council=council,
        actor=secretary,
        user=users["coordinator_kyzylorda"],
        organisation=ctx["orgs"]["akimat_kyzylorda"],
    )
    now = timezone.now()
    call = selection.call_create(
        council=council,
        actor=secretary,
        title="Volunteers for the first public council drawn by lot in Kyzylorda",
        description=(
            "Six seats are filled by lot from volunteers of the region, with quotas by helix, gender, age and "
            "district so that the Aral districts are heard."
        ),
        opens_at=now - timedelta(days=5),
        closes_at=now + timedelta(days=16),
        seats_to_fill=6,
        alternates_wanted=3,
        commission_size=3,
        beacon_source="drand (League of Entropy) mainnet beacon: the first round published after the call closes",
    )
    VolunteerCall.objects.filter(pk=call.pk).update(
        title_ru="Добровольцы в первый общественный совет Кызылординской области, избираемый жребием",
        title_kk="Жеребемен сайланатын Қызылорда облысының алғашқы қоғамдық кеңесіне еріктілер",
        description_ru=(
            "Шесть мест заполняются жребием из добровольцев области с квотами по спирали, полу, возрасту и району, "
            "чтобы были услышаны приаральские районы."
        ),
        description_kk=(
            "Алты орын облыс еріктілері арасынан спираль, жыныс, жас және аудан бойынша квоталармен жеребе арқылы "
            "толтырылады, сонда Арал өңірінің аудандары естіледі."
        ),
    )
    call = selection.call_open(call=call, actor=secretary)
    VolunteerCall.objects.filter(pk=call.pk).update(opened_at=now - timedelta(days=5))
    for i, key in enumerate(("kz_citizen1", "kz_citizen2", "kz_activist", "kz_researcher")):
        selection.volunteer_apply(
            call=call,
            user=users[key],
            district=districts[(i + 1) % len(districts)],
            gender=GENDERS[i % 2],
            age_band=AGES[(i + 1) % len(AGES)],
        )
    selection.commission_seat_add(
        call=call, actor=secretary, user=users["kz_chamber"], organisation=ctx["orgs"]["chamber_kyzylorda"]
    )
    selection.commission_seat_add(call=call, actor=secretary, user=users["kz_citizen3"], helix=Helix.CIVIL_SOCIETY)
    ctx["council_kyzylorda"] = council
