"""The EDP app's own conditions for entering stages (declared in apps.py).

Each returns the reasons a coordinator must fix, phrased to follow
"Cannot start <stage>: ".
"""

from django.utils import formats, timezone
from django.utils.translation import gettext


def foresight_needs_assets(edp) -> list[str]:
    # Smart specialisation starts from what the region already has (DOMAIN.md,
    # 1.2.3): ideas are asked to build on inventoried assets.
    if not edp.assets.exists():
        return [gettext("the regional assets inventory is empty; add the region's strengths first")]
    return []


def evaluation_needs_ideas(edp) -> list[str]:
    reasons = []
    if not edp.ideas.filter(status="submitted").exists():
        reasons.append(gettext("no submitted ideas"))
    if edp.ideas_close_at and edp.ideas_close_at > timezone.now():
        reasons.append(
            gettext("the call for ideas closes on %(date)s")
            % {"date": formats.date_format(timezone.localtime(edp.ideas_close_at), "j F")}
        )
    return reasons
