"""Hostile files around the data (issue #19, items 1-4): caches, paths, devices, FIFOs.

Every hazard is made at run time in tmp_path: symlinks, FIFOs (os.mkfifo), a device
node that reads like /dev/zero (os.mknod, we run as root in CI; skipped otherwise),
sparse files (truncate), cache folders of the wrong mode or owner (chmod/chown), and a
run as the unprivileged user ``nobody`` (setpriv). graphkit runs as a subprocess with a
timeout wherever a hang is the failure being tested.
"""

from __future__ import annotations

import json
import os
import pickle
import shutil
import stat
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from conftest import ARCHIVE, SOURCES, invoke, write_case

NOBODY = 65534


def run(*args: str, cache: Path | None = None, user: int | None = None,
        timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """The real CLI in a subprocess (a hang fails the test instead of freezing it)."""
    env = dict(os.environ)
    if cache is None:
        env["GRAPHKIT_NO_CACHE"] = "1"
    else:
        env["GRAPHKIT_CACHE_DIR"] = str(cache)
        env.pop("GRAPHKIT_NO_CACHE", None)
    command = [sys.executable, "-m", "graphkit", *args]
    if user is not None:
        command = ["setpriv", f"--reuid={user}", f"--regid={user}", "--clear-groups",
                   *command]
        env["HOME"] = "/nonexistent"
    return subprocess.run(command, capture_output=True, text=True, timeout=timeout,
                          env=env, check=False, cwd=tempfile.gettempdir())


def issues(result: subprocess.CompletedProcess[str]) -> list[str]:
    return [line for line in result.stdout.splitlines() if "[" in line]


# --------------------------------------------------------------------- 1. the cache


@pytest.fixture
def cache(tmp_path: Path) -> Path:
    return tmp_path / "cache"


def test_cache_entries_are_json_and_a_planted_pickle_never_runs(case: Path, cache: Path,
                                                                tmp_path: Path) -> None:
    assert run("validate", "--data", str(case), cache=cache).returncode == 0
    (entry,) = cache.iterdir()
    assert entry.suffix == ".json" and b"pickle" not in entry.read_bytes()[:40]
    marker = tmp_path / "pwned"

    class Payload:
        def __reduce__(self):
            return (os.system, (f"touch {marker}",))

    header, key, depends, _body = entry.read_bytes().split(b"\n", 3)
    entry.write_bytes(b"\n".join([header, key, depends, pickle.dumps(Payload())]))
    entry.with_name(entry.stem + ".pickle").write_bytes(pickle.dumps(Payload()))
    result = run("validate", "--data", str(case), cache=cache)
    assert result.returncode == 0, result.stderr
    assert "valid — 1 sources, 5 entities, 5 claims" in result.stderr
    assert not marker.exists()
    assert not entry.with_name(entry.stem + ".pickle").exists()  # old-format entries removed


@pytest.mark.parametrize("hazard", ["world-writable", "group-writable", "other-owner"])
def test_a_cache_folder_others_can_write_is_not_used(case: Path, cache: Path,
                                                     hazard: str) -> None:
    cache.mkdir(mode=0o700)
    if hazard == "world-writable":
        cache.chmod(0o1777)
    elif hazard == "group-writable":
        cache.chmod(0o770)
    else:
        os.chown(cache, NOBODY, NOBODY)
    for _ in range(2):
        result = run("validate", "--data", str(case), cache=cache)
        assert result.returncode == 0, result.stderr
        warnings = [w for w in result.stderr.splitlines() if "warning:" in w]
        assert len(warnings) == 1, result.stderr  # once, not once per file
        assert f"graphkit: warning: not using the cache at {cache}" in warnings[0]
        assert ("others can write" in warnings[0]) != (hazard == "other-owner")
    assert list(cache.iterdir()) == []  # nothing written into it either


def test_an_entry_owned_by_someone_else_is_not_read(case: Path, cache: Path) -> None:
    assert run("validate", "--data", str(case), cache=cache).returncode == 0
    (entry,) = cache.iterdir()
    forged = entry.read_text(encoding="utf-8").replace('"Acme Oil"', '"Forged Oil"')
    entry.write_text(forged, encoding="utf-8")
    os.chown(entry, NOBODY, NOBODY)
    result = run("export", "--data", str(case), "--format", "json", "--no-metrics",
                 cache=cache)
    assert result.returncode == 0
    assert "Forged Oil" not in result.stdout and '"Acme Oil"' in result.stdout
    assert "belongs to user id 65534" in result.stderr
    entry.unlink()
    symlink = entry  # an entry that is a symlink to a file elsewhere is not followed
    elsewhere = cache.parent / "elsewhere.json"
    elsewhere.write_text(forged, encoding="utf-8")
    symlink.symlink_to(elsewhere)
    result = run("export", "--data", str(case), "--format", "json", "--no-metrics",
                 cache=cache)
    assert "Forged Oil" not in result.stdout


@pytest.mark.skipif(os.geteuid() != 0 or shutil.which("setpriv") is None,
                    reason="needs root and setpriv to run graphkit as another user")
def test_another_user_does_not_trust_a_shared_cache(tmp_path: Path) -> None:
    """As ``nobody``: a shared world-writable cache (root's, mode 1777) is refused."""
    # The probe is the very command the test runs (same cwd, same environment): a
    # private folder on the way (a 0700 virtual environment, a private checkout) makes
    # ``python -m graphkit`` fail for nobody even where ``import graphkit`` from the
    # checkout's own folder would succeed.
    probe = run("--version", user=NOBODY)
    if probe.returncode != 0:
        pytest.skip("nobody cannot run graphkit from this Python (a folder on the way is "
                    f"private): {probe.stderr.strip()[:200]}")
    shared = Path(tempfile.mkdtemp(prefix="graphkit-shared-"))
    try:
        shared.chmod(0o755)
        folder = write_case(shared / "data")
        for path in [folder, *folder.iterdir()]:
            path.chmod(0o755 if path.is_dir() else 0o644)
        cache = shared / "cache"
        cache.mkdir()
        cache.chmod(0o1777)
        result = run("validate", "--data", str(folder), cache=cache, user=NOBODY)
        assert result.returncode == 0, result.stderr
        assert "belongs to user id 0" in result.stderr
        assert list(cache.iterdir()) == []
        own = shared / "own"  # nobody's own folder is used
        own.mkdir()
        os.chown(own, NOBODY, NOBODY)
        own.chmod(0o700)
        result = run("validate", "--data", str(folder), cache=own / "graphkit", user=NOBODY)
        assert result.returncode == 0 and "warning:" not in result.stderr, result.stderr
        (entry,) = (own / "graphkit").iterdir()
        assert entry.stat().st_uid == NOBODY and entry.stat().st_mode & 0o077 == 0
    finally:
        shutil.rmtree(shared)


# --------------------------------------------------------------- 2. a stale cache


def test_archived_text_in_a_subfolder_is_watched_by_the_cache(tmp_path: Path,
                                                              cache: Path) -> None:
    folder = write_case(tmp_path / "data", sources=SOURCES.replace(
        "archive: report.txt", "archive: sub/text.txt"))
    text = tmp_path / "archive" / "sub" / "text.txt"
    text.parent.mkdir(parents=True)
    text.write_text(ARCHIVE, encoding="utf-8")
    args = ("validate", "--data", str(folder), "--archive", str(tmp_path / "archive"),
            "--strict")
    assert run(*args, cache=cache).returncode == 0
    text.write_text("\n".join(ARCHIVE.splitlines()[:3]) + "\n", encoding="utf-8")
    cached, fresh = run(*args, cache=cache), run(*args)
    assert cached.returncode == fresh.returncode == 1
    assert issues(cached) == issues(fresh)
    assert any("[archive-line] line(s) 4 do not exist" in i for i in issues(cached))


# ---------------------------------------------------------- 3. paths out of the folder


@pytest.mark.parametrize("name", ["../../../etc/passwd", "/etc/passwd", "sub/../../x.txt"])
def test_archive_names_that_climb_out_are_errors(tmp_path: Path, name: str) -> None:
    folder = write_case(tmp_path / "data", sources=SOURCES.replace("report.txt", name))
    for extra in ((), ("--archive", str(tmp_path))):
        result = run("validate", "--data", str(folder), *extra)
        assert result.returncode == 1
        assert issues(result) == [
            f"{folder}/sources.yaml:6:12: error [path-outside] 'archive' ('{name}') leads "
            f"outside the archive folder: it "
            + ("is an absolute path" if name.startswith("/") else "climbs out with '..'")
            + " — write the file's name inside the --archive folder, e.g. 004_report.txt"]
        assert "passwd' has" not in result.stdout


def test_archive_symlink_out_of_the_folder_is_not_read(tmp_path: Path) -> None:
    folder = write_case(tmp_path / "data")
    archive = tmp_path / "archive"
    archive.mkdir()
    (archive / "report.txt").symlink_to("/etc/passwd")
    result = run("validate", "--data", str(folder), "--archive", str(archive))
    assert result.returncode == 1
    assert issues(result) == [
        f"{folder}/sources.yaml:1: error [path-outside] 'archive' of source 'report-2012': "
        f"'report.txt' in {archive} is a symlink to /etc/passwd, outside the folder — copy "
        "the file into the folder instead of linking to it"]
    assert "lines" not in result.stdout
    # a symlink to another file of the same folder is fine
    (archive / "report.txt").unlink()
    (archive / "real.txt").write_text(ARCHIVE, encoding="utf-8")
    (archive / "report.txt").symlink_to("real.txt")
    result = run("validate", "--data", str(folder), "--archive", str(archive), "--strict")
    assert result.returncode == 0, result.stdout


def test_readme_symlinked_elsewhere_is_not_published(tmp_path: Path) -> None:
    folder = write_case(tmp_path / "data")
    secret = tmp_path / "private.md"
    secret.write_text("# Private notes of someone else\n", encoding="utf-8")
    (folder / "README.md").symlink_to(secret)
    out = tmp_path / "out"
    result = run("build", "--data", str(folder), "--out", str(out), "-v")
    assert result.returncode == 0, result.stderr
    assert (f"{folder}/README.md: warning [path-outside] README.md is not read: 'README.md' "
            f"in {folder} is a symlink to {secret}, outside the folder") in result.stderr
    for name in ("graph.html", "graph.json", "report.md", "graph.graphml", "graph.gexf"):
        assert "Private notes" not in (out / name).read_text(encoding="utf-8"), name


@pytest.mark.parametrize("name", ["edges.yaml", "vocabulary.yaml"])
def test_data_file_symlinked_out_of_the_folder_is_an_error(tmp_path: Path, name: str) -> None:
    folder = write_case(tmp_path / "data")
    elsewhere = tmp_path / "elsewhere.yaml"
    elsewhere.write_text("[]\n", encoding="utf-8")
    (folder / name).unlink(missing_ok=True)
    (folder / name).symlink_to(elsewhere)
    result = run("validate", "--data", str(folder))
    assert result.returncode == 1
    assert issues(result) == [
        f"{folder}/{name}: error [path-outside] '{name}' in {folder} is a symlink to "
        f"{elsewhere}, outside the folder — copy the file into the folder instead of "
        "linking to it"]


def test_symlinked_data_folder_and_links_inside_it_still_work(tmp_path: Path,
                                                               runner) -> None:
    real = write_case(tmp_path / "real")
    (real / "edges.yaml").rename(real / "claims.yaml")
    (real / "edges.yaml").symlink_to("claims.yaml")
    link = tmp_path / "link"
    link.symlink_to(real)
    result = invoke(runner, "validate", "--data", str(link))
    assert result.exit_code == 0, result.output


# ------------------------------------------------------ 4. devices, FIFOs, sparse files


def _zero_device(path: Path) -> None:
    """A character device reading like /dev/zero (1, 5), made in the test's folder."""
    try:
        os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, 5))
    except PermissionError:
        pytest.skip("making a device node needs root")


@pytest.mark.parametrize("with_cache", [True, False])
@pytest.mark.parametrize("name,kind", [("edges.yaml", "fifo"), ("edges.yaml", "zero"),
                                       ("vocabulary.yaml", "zero"), ("README.md", "fifo"),
                                       ("README.md", "zero"), ("entities.yaml", "folder")])
def test_special_files_are_refused_without_reading(tmp_path: Path, cache: Path, name: str,
                                                   kind: str, with_cache: bool) -> None:
    folder = write_case(tmp_path / "data")
    (folder / name).unlink(missing_ok=True)
    if kind == "fifo":
        os.mkfifo(folder / name)
    elif kind == "zero":
        _zero_device(folder / name)
    else:
        (folder / name).mkdir()
    result = run("validate", "--data", str(folder), cache=cache if with_cache else None,
                 timeout=60)
    what = {"fifo": "a FIFO (named pipe)", "zero": "a character device",
            "folder": "a folder"}[kind]
    if name == "README.md":  # optional: skipped with a warning, the rest is valid
        assert result.returncode == 0, result.stderr + result.stdout
        assert issues(result) == [
            f"{folder}/README.md: warning [special-file] README.md is not read: it is {what}, "
            "not a regular file — graphkit reads regular files only; replace it with one"]
    else:
        assert result.returncode == 1, result.stderr
        assert issues(result) == [
            f"{folder}/{name}: error [special-file] it is {what}, not a regular file — "
            "graphkit reads regular files only; replace it with one"]
    assert "Traceback" not in result.stderr and "Internal error" not in result.stderr


def test_fifo_as_archived_text_does_not_hang(case: Path, cache: Path) -> None:
    archive = case.parent / "archive"
    (archive / "report.txt").unlink()
    os.mkfifo(archive / "report.txt")
    for store in (cache, None):
        result = run("validate", "--data", str(case), "--archive", str(archive),
                     cache=store, timeout=60)
        assert result.returncode == 1
        assert issues(result) == [
            f"{case}/sources.yaml:1: error [special-file] 'archive' of source "
            "'report-2012': it is a FIFO (named pipe), not a regular file — graphkit reads "
            "regular files only; replace it with one"]


def test_sparse_20_gb_file_is_refused_before_hashing(case: Path, cache: Path) -> None:
    with open(case / "edges.yaml", "ab") as handle:  # sparse: no disk used
        handle.truncate(20 * 1024**3)
    result = run("validate", "--data", str(case), cache=cache, timeout=60)
    assert result.returncode == 1
    assert issues(result) == [
        f"{case}/edges.yaml: error [file-too-large] 21,474,836,480 bytes is over the limit "
        "of 268,435,456 — split the file into smaller ones"]


def test_cache_key_of_a_refused_file_changes_when_it_is_fixed(case: Path, cache: Path) -> None:
    edges = (case / "edges.yaml").read_bytes()
    (case / "edges.yaml").unlink()
    os.mkfifo(case / "edges.yaml")
    assert run("validate", "--data", str(case), cache=cache, timeout=60).returncode == 1
    (case / "edges.yaml").unlink()
    (case / "edges.yaml").write_bytes(edges)
    result = run("validate", "--data", str(case), cache=cache)
    assert result.returncode == 0 and "5 claims" in result.stderr


def test_validate_json_is_unchanged_by_the_cache(case: Path, cache: Path) -> None:
    first = run("validate", "--data", str(case), "--format", "json", cache=cache)
    second = run("validate", "--data", str(case), "--format", "json", cache=cache)
    assert json.loads(first.stdout) == json.loads(second.stdout)
