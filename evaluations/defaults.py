"""Evaluation criteria offered by default, drawn from smart-specialisation
practice (the OECD review of Kazakhstan's regional policies and the RIS3
guide): ideas are judged on what the region already has, whether its
universities and institutes can carry the R&D, whether there is a market,
whether enough firms commit, whether it transforms the economy, and whether
it can be done. Weights total 100."""

from dataclasses import dataclass


@dataclass(frozen=True)
class DefaultCriterion:
    key: str
    weight: int
    name: dict[str, str]
    guidance: dict[str, str]


DEFAULT_CRITERIA: tuple[DefaultCriterion, ...] = (
    DefaultCriterion(
        key="regional-assets",
        weight=20,
        name={
            "en": "Fit with regional assets",
            "ru": "Соответствие активам региона",
            "kk": "Өңір активтеріне сәйкестігі",
        },
        guidance={
            "en": "Does the idea build on the region's existing strengths, especially relatively immobile assets "
            "(resources, location, clusters, skills, institutions)? 1 = no link; 5 = builds directly on several "
            "documented assets.",
            "ru": "Опирается ли идея на сильные стороны региона, особенно на относительно немобильные активы "
            "(ресурсы, расположение, кластеры, навыки, институты)? 1 = связи нет; 5 = прямо опирается на "
            "несколько подтверждённых активов.",
            "kk": "Идея өңірдің бар күшті жақтарына, әсіресе салыстырмалы түрде қозғалмайтын активтерге "
            "(ресурстар, орналасу, кластерлер, дағдылар, институттар) сүйене ме? 1 = байланыс жоқ; "
            "5 = бірнеше расталған активке тікелей сүйенеді.",
        },
    ),
    DefaultCriterion(
        key="rd-capacity",
        weight=20,
        name={
            "en": "R&D and higher-education capacity to exploit",
            "ru": "Научный и вузовский потенциал для реализации",
            "kk": "Ғылыми және жоғары оқу орындарының әлеуеті",
        },
        guidance={
            "en": "Can the region's universities and research institutes contribute the knowledge, research and "
            "graduates the idea needs? Are they partners? 1 = none available; 5 = committed academic partners "
            "with relevant research.",
            "ru": "Могут ли вузы и научные институты региона дать идее знания, исследования и выпускников? "
            "Являются ли они партнёрами? 1 = нет; 5 = есть заинтересованные академические партнёры с "
            "профильными исследованиями.",
            "kk": "Өңірдің университеттері мен ғылыми институттары идеяға қажетті білімді, зерттеулер мен "
            "түлектерді бере ала ма? Олар серіктес пе? 1 = жоқ; 5 = бейінді зерттеулері бар академиялық "
            "серіктестер қатысады.",
        },
    ),
    DefaultCriterion(
        key="market-export",
        weight=20,
        name={
            "en": "Market and export potential",
            "ru": "Рыночный и экспортный потенциал",
            "kk": "Нарықтық және экспорттық әлеует",
        },
        guidance={
            "en": "Is there demonstrated demand, in Kazakhstan and abroad, for what the activity would produce? "
            "1 = no evidence of demand; 5 = identified buyers or export markets.",
            "ru": "Есть ли подтверждённый спрос в Казахстане и за рубежом на то, что даст эта деятельность? "
            "1 = свидетельств спроса нет; 5 = известны покупатели или экспортные рынки.",
            "kk": "Бұл қызмет беретін өнімге Қазақстанда және шетелде расталған сұраныс бар ма? "
            "1 = сұраныс дәлелі жоқ; 5 = сатып алушылар немесе экспорт нарықтары белгілі.",
        },
    ),
    DefaultCriterion(
        key="critical-mass",
        weight=15,
        name={
            "en": "Critical mass and private commitment",
            "ru": "Критическая масса и участие частного сектора",
            "kk": "Сыни масса және жеке сектордың қатысуы",
        },
        guidance={
            "en": "Are enough firms and people involved, and do businesses commit their own money or staff? "
            "1 = a single actor without commitment; 5 = several firms with committed private investment.",
            "ru": "Достаточно ли вовлечено компаний и людей, вкладывает ли бизнес собственные средства или "
            "персонал? 1 = один участник без обязательств; 5 = несколько компаний с частными инвестициями.",
            "kk": "Жеткілікті кәсіпорындар мен адамдар тартылған ба, бизнес өз қаражатын немесе қызметкерлерін "
            "салады ма? 1 = міндеттемесіз бір қатысушы; 5 = жеке инвестиция салған бірнеше кәсіпорын.",
        },
    ),
    DefaultCriterion(
        key="transformation",
        weight=15,
        name={
            "en": "Diversification and transformative potential",
            "ru": "Диверсификация и преобразующий потенциал",
            "kk": "Әртараптандыру және түрлендіру әлеуеті",
        },
        guidance={
            "en": "Would the activity move the regional economy towards new, higher-value activities rather than "
            "repeat what exists? 1 = business as usual; 5 = opens a new activity with spill-overs to other sectors.",
            "ru": "Продвинет ли деятельность экономику региона к новым видам деятельности с большей добавленной "
            "стоимостью? 1 = всё как прежде; 5 = открывает новую деятельность с эффектом для других отраслей.",
            "kk": "Бұл қызмет өңір экономикасын қосылған құны жоғары жаңа қызмет түрлеріне бағыттай ма? "
            "1 = бұрынғыдай; 5 = басқа салаларға әсері бар жаңа қызметті ашады.",
        },
    ),
    DefaultCriterion(
        key="feasibility",
        weight=10,
        name={"en": "Feasibility", "ru": "Реализуемость", "kk": "Жүзеге асырылуы"},
        guidance={
            "en": "Are the plan, the support needed, the timeline and the risks realistic? 1 = unclear or "
            "unrealistic; 5 = clear plan with realistic resources.",
            "ru": "Реалистичны ли план, необходимая поддержка, сроки и риски? 1 = неясно или нереалистично; "
            "5 = ясный план с реалистичными ресурсами.",
            "kk": "Жоспар, қажетті қолдау, мерзімдер мен тәуекелдер шынайы ма? 1 = түсініксіз немесе шынайы "
            "емес; 5 = ресурстары шынайы нақты жоспар.",
        },
    ),
)

assert sum(c.weight for c in DEFAULT_CRITERIA) == 100
