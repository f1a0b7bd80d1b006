"""Write the example spreadsheets of docs/sheets.md from the rows below.

    python docs/examples/make.py

``strike/`` (CSV files) and ``strike.xlsx`` hold the same small excerpt of the Zhanaozen
case as a curator would first type it: actors without ids, claims naming actors by name
or alias, one claim with two evidence rows. ``strike-reviewed/`` is the same sheet a
week later: a claim confirmed by a second source, an actor given a fixed id, a claim
added. The facts and line numbers are those of data/ (the archived texts in
../shared/seeds). tests/test_sheets_docs.py checks that these files are what this script
writes and that they import.
"""

from __future__ import annotations

import copy
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))

from graphkit.sheets.write import Table, write_csv_folder, write_workbook  # noqa: E402

ACTORS = [
    ["name", "type", "aliases", "country", "date", "description"],
    ["Roza Tuletaeva", "person", "Tuletaeva", "KZ", None,
     "Chief spokesperson of the striking oil workers."],
    ["Natalia Sokolova", "person", "Sokolova", "KZ", None,
     "Lawyer of the oil workers' union, jailed in 2011."],
    ["Striking oil workers of Zhanaozen", "organization", "Ozenmunaigaz workers; strikers",
     "KZ", None, "The Ozenmunaigaz workforce, on strike from May 2011."],
    ["Ozenmunaigaz", "company", "OzenMounaïGaz", "KZ", None, "Oil producer in Zhanaozen."],
    ["Kazmunaigaz", "company", "KazMunaiGaz", "KZ", None, "Kazakhstan's state oil company."],
    ["Government of Kazakhstan", "state_body", "Kazakh government; Kazakh authorities", "KZ",
     None, None],
    ["Zhanaozen police", "state_body", "police in Zhanaozen", "KZ", None, None],
    ["Committee for a Workers' International", "organization", "CWI", None, None,
     "International socialist organisation that campaigned for the strikers."],
    ["Zhanaozen massacre", "event", "16 December massacre", "KZ", "2011-12-16",
     "Police fire on an unarmed crowd in Zhanaozen."],
]

CLAIMS = [
    ["claim", "from", "to", "relation", "date", "status", "claimed by", "source", "lines",
     "note", "role", "years"],
    [None, "Roza Tuletaeva", "strikers", "represents", None, "confirmed", None,
     "levy-worker-organisation-repression", "49", "The main spokesperson of the strikers.",
     "main spokesperson", None],
    ["sokolova-lawyer", "Natalia Sokolova", "strikers", "represents", None, "confirmed", None,
     "cwi-solidarity-campaign", "15",
     "Named among the representatives the workers elected.", "union lawyer", None],
    ["sokolova-lawyer", None, None, None, None, None, None, "regime-murders-strikers",
     "130, 174, 176", "A lawyer for the union; the strikers demanded her release.", None,
     None],
    [None, "Government of Kazakhstan", "Natalia Sokolova", "sentenced", None, "confirmed", None,
     "cwi-solidarity-campaign", "15, 11", "Jailed for six years.", None, 6],
    [None, "Ozenmunaigaz", "Kazmunaigaz", "subsidiary_of", None, "confirmed", None,
     "pirani-2022-ten-years", "18, 114", "The production subsidiary of Kazmunaigaz.", None,
     None],
    [None, "Ozenmunaigaz workers", "Ozenmunaigaz", "employed_by", None, "confirmed", None,
     "regime-murders-strikers", "108-110", "Ozenmunaigaz is named as the employer.", None,
     None],
    [None, "Ozenmunaigaz", "strikers", "dismissed", "2011-05", "confirmed", None,
     "levy-worker-organisation-repression", "22", "Management sacked workers who protested.",
     None, None],
    ["police-fire", "Zhanaozen police", "strikers", "attacked", "2011-12-16", "alleged",
     "strikers", "pirani-2022-ten-years", "1, 8, 97, 104",
     "Police opened fire on the striking oil workers.", None, None],
    [None, "Zhanaozen police", "Zhanaozen massacre", "participated_in", "2011-12-16",
     "confirmed", None, "levy-worker-organisation-repression", "46-47",
     "Police opened fire without trying arrests or non-lethal means.", None, None],
    [None, "Government of Kazakhstan", "Zhanaozen massacre", "organized", None, "alleged", "CWI",
     "cwi-solidarity-campaign", "45, 46", "The CWI says the regime planned the massacre.",
     None, None],
]

SOURCES = [
    ["id", "title", "author", "publisher", "date", "archive"],
    ["cwi-solidarity-campaign", "Worldwide solidarity campaign means the Kazakhstan regime can "
     "no longer deny 16 December massacre", None, "Committee for a Workers' International",
     None, "000_5dc9ba8bb914a086.txt"],
    ["regime-murders-strikers", "Nazarbayev regime murders strikers", "J.M.", None, None,
     "002_154f9795be3eb9be.txt"],
    ["levy-worker-organisation-repression", "Zhanaozen: worker organisation and repression",
     "Gabriel Levy", "People & Nature", None, "003_da7a1d425bbb2171.txt"],
    ["levy-2013-kyiv-conference", "Kyiv conference demands justice for Kazakh oil workers",
     "Gabriel Levy", None, "2013-11-05", "001_8c4abe76a78f7b44.txt"],
    ["pirani-2022-ten-years", "Kazakhstan, Ten Years After The Zhanaozen Massacre",
     "Simon Pirani", "People And Nature", "2022-12-15", "004_12259fd517bbf339.txt"],
]


def reviewed() -> tuple[list[list[object]], list[list[object]]]:
    """The same sheets after a review: a second source confirms the police shooting, the
    strikers get a fixed id, the state's ownership of Kazmunaigaz is added."""
    actors = copy.deepcopy(ACTORS)
    actors[0].insert(0, "id")
    for row in actors[1:]:
        row.insert(0, "zhanaozen-oil-workers" if row[0].startswith("Striking") else None)
    claims = copy.deepcopy(CLAIMS)
    police = next(i for i, row in enumerate(claims) if row[0] == "police-fire")
    claims[police][5], claims[police][6] = "confirmed", None
    claims.insert(police + 1, ["police-fire", None, None, None, None, None, None,
                               "levy-2013-kyiv-conference", "16",
                               "Police shot unarmed demonstrators, ending the strike.", None,
                               None])
    claims.append([None, "Government of Kazakhstan", "Kazmunaigaz", "owns", None, "confirmed",
                   None, "levy-worker-organisation-repression", "11",
                   "Kazmunaigaz is the state oil company.", "state owner", None])
    return actors, claims


def tables(actors: list[list[object]], claims: list[list[object]]) -> list[Table]:
    attributes = {claims[0].index("role"), claims[0].index("years")}
    return [Table("entities", "Actors", actors[0], actors[1:]),
            Table("claims", "Claims", claims[0], claims[1:], attributes),
            Table("sources", "Sources", SOURCES[0], SOURCES[1:])]


def write(folder: Path) -> list[Path]:
    """Write the examples into ``folder``; return the paths written."""
    first = tables(ACTORS, CLAIMS)
    written = write_csv_folder(first, folder / "strike")
    write_workbook(first, folder / "strike.xlsx")
    written.append(folder / "strike.xlsx")
    written += write_csv_folder(tables(*reviewed()), folder / "strike-reviewed")
    return written


if __name__ == "__main__":
    for path in write(HERE):
        print(path.relative_to(HERE.parent.parent))
