"""Time zone names, as mail headers and date lines write them after a time (`10:00 PST`): the
one table of the names whose offset is known, and what to say of a name that is none of them.
"""

from __future__ import annotations

#: Zone names whose offset is known, in minutes east of UTC: RFC 5322's (`CST` is North
#: America's Central, as there), the abbreviations the tz database gives one zone only, and
#: German's `MEZ`/`MESZ` (CET/CEST, as German Outlook writes them). Names that stand for
#: several (`IST`: India, Ireland, Israel; `BST`: British Summer, Bangladesh; `AST`:
#: Atlantic, Arabia) are left out: read as unknown, and said.
ZONE_OFFSETS = {
    "UT": 0, "UTC": 0, "GMT": 0, "Z": 0, "WET": 0,
    "EST": -300, "EDT": -240, "CST": -360, "CDT": -300,
    "MST": -420, "MDT": -360, "PST": -480, "PDT": -420,
    "AKST": -540, "AKDT": -480, "HST": -600, "NST": -210, "NDT": -150,
    "WEST": 60, "CET": 60, "CEST": 120, "MET": 60, "MEST": 120, "MEZ": 60, "MESZ": 120,
    "EET": 120, "EEST": 180, "MSK": 180, "MSD": 240,
    "SAST": 120, "EAT": 180, "WAT": 60, "CAT": 120, "PKT": 300, "ICT": 420, "WIB": 420,
    "HKT": 480, "SGT": 480, "AWST": 480, "JST": 540, "KST": 540,
    "ACST": 570, "ACDT": 630, "AEST": 600, "AEDT": 660, "NZST": 720, "NZDT": 780,
    "BRT": -180, "ART": -180,
}  # fmt: skip


def unknown_zone(name: str) -> str:
    """Why a zone name gives no offset, for the date's doubt: military letters but Z are
    unknown (RFC 5322 4.3: their signs were written both ways); Windows's name of a zone
    gives the offset of its standard time only."""
    if len(name) == 1:
        return f"military time zone {name} (RFC 5322: unknown): read without an offset"
    if name.startswith("("):  # Windows's name of a zone, as Outlook prints it
        return (
            f"Outlook's time zone {name}: its standard offset, an hour off in summer time:"
            " read without an offset"
        )
    return f"unknown time zone {name}: read without an offset"
