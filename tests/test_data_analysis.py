"""Path, neighbours and communities on the real Zhanaozen data, checked by hand.

Each expectation was read off the archived texts: the CWI article (000) answers Eric
Lee's accusation that Paul Murphy misled the strikers (its line 25) by calling it "an utter
lie" (line 26); the interview in 002 reports Natalia Sokolova's six-year sentence (lines
133-135) and her arrest "at the request of the deputy director" of Karazhanbasmunai (line
133); text 003 compares Zhanaozen with the British miners' strikes led by Arthur Scargill's
union.
"""

from __future__ import annotations

import json

from conftest import DATA, invoke


def run_json(runner, *args: str):
    result = invoke(runner, *args, "--data", str(DATA), "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_path_from_eric_lee_to_paul_murphy_is_the_accusation(runner) -> None:
    [chain] = run_json(runner, "path", "Eric Lee", "paul murphy")
    assert chain["length"] == 1
    # that Lee accused Murphy is a fact: one confirmed claim, with no claimant, citing both
    # accusations (misleading the strikers, line 25; fighting the unions, line 31)
    [claim] = [c for c in chain["steps"][0]["claims"] if c["relation"] == "accuses"]
    assert (claim["status"], claim["claimed_by"]) == ("confirmed", [])
    lines = {int(line.split("-")[0]) for e in claim["evidence"] for line in e["lines"]}
    assert {25, 31} <= lines


def test_what_lee_alleged_is_a_separate_claim_denied_by_the_cwi(runner) -> None:
    hood = run_json(runner, "neighbors", "Paul Murphy")
    [misled] = [c for c in hood["claims"] if c["relation"] == "misled"]
    assert (misled["actor_id"], misled["other_id"]) == ("paul-murphy", "zhanaozen-oil-workers")
    assert misled["status"] == "denied" and misled["sources"] == ["cwi-solidarity-campaign"]


def test_path_reads_the_inverse_direction(runner) -> None:
    [chain] = run_json(runner, "path", "Natalia Sokolova", "Deputy director of Karazhanbasmunai")
    assert chain["length"] == 1
    # he asked for her arrest (002:133): he denounced her; he did not detain her himself
    [claim] = [c for c in chain["steps"][0]["claims"] if c["relation"] == "denounced"]
    assert claim["forward"] is False and claim["phrase"] == "denounced by"


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
