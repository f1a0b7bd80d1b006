"""Path, neighbours and communities on the real Zhanaozen data, checked by hand.

Each expectation was read off the archived texts: the CWI article (000) answers Eric
Lee's accusation that Paul Murphy misled the strikers (its line 25); the interview in
002 reports Natalia Sokolova's six-year sentence (lines 133-135) and her arrest at the
request of Karazhanbasmunai's deputy director; text 003 compares Zhanaozen with the
British miners' strikes led by Arthur Scargill's union.
"""

from __future__ import annotations

import json

from conftest import DATA, invoke


def run_json(runner, *args: str):
    result = invoke(runner, *args, "--data", str(DATA), "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_path_from_eric_lee_to_paul_murphy_is_the_disputed_accusation(runner) -> None:
    [chain] = run_json(runner, "path", "Eric Lee", "paul murphy")
    assert chain["length"] == 1
    # that Lee made the accusations is a fact; what he alleged is disputed by the CWI
    claims = [c for c in chain["steps"][0]["claims"] if c["status"] == "disputed"]
    assert len(claims) == 2  # misleading the strikers (line 25), fighting the unions (31)
    for claim in claims:
        assert (claim["relation"], claim["status"], claim["claimed_by"]) == (
            "accuses", "disputed", ["eric-lee"])
    lines = {line for c in claims for e in c["evidence"] for line in e["lines"]}
    assert {"25", "31"} <= lines


def test_path_reads_the_inverse_direction(runner) -> None:
    [chain] = run_json(runner, "path", "Natalia Sokolova", "Deputy director of Karazhanbasmunai")
    assert chain["length"] == 1
    [claim] = [c for c in chain["steps"][0]["claims"] if c["relation"] == "detained"]
    assert claim["forward"] is False and claim["phrase"] == "detained by"


def test_neighbours_of_sokolova_by_a_transliteration(runner) -> None:
    hood = run_json(runner, "neighbors", "Natalya Sokolova")  # spelt as nowhere in the texts
    assert hood["center"] == "natalia-sokolova"
    sentences = [c for c in hood["claims"] if c["relation"] == "sentenced"
                 and c["other_id"] == "kazakh-courts"]
    assert any("regime-murders-strikers" in c["sources"] for c in sentences)
    neighbours = {a["id"] for a in hood["actors"]}
    assert {"karazhanbasmunai-deputy-director", "zhanaozen-oil-workers"} <= neighbours


def test_communities_separate_the_cwi_quarrel_from_the_british_miners(runner) -> None:
    result = run_json(runner, "communities", "--seed", "42")
    community = {}
    for number, group in enumerate(result["communities"]):
        for member in group["members"]:
            community[member["id"] if isinstance(member, dict) else member] = number
    assert result["seed"] == 42 and 0.3 < result["modularity"] < 1
    quarrel = {community[a] for a in ("cwi", "eric-lee", "paul-murphy", "ainur-kurmanov")}
    assert len(quarrel) == 1
    miners = {community[a] for a in ("arthur-scargill", "national-union-of-mineworkers")}
    assert len(miners) == 1 and miners != quarrel
