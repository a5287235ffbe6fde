"""Failures found under attack (issue 16), each as it was reproduced: the API must hold."""

from __future__ import annotations

import shutil
from pathlib import Path

from fastapi.testclient import TestClient

from index.store import Store
from index.store.sync import remove_files
from tests.api.conftest import TOKEN, make_client
from tests.conftest import CORPUS, NORRMALM_2021, T1_2020, T2_2021

AUTH = {"Authorization": f"Bearer {TOKEN}"}
PANDEMIC = "vilka aktiviteter har avvikelser om pandemin"
# A short report: a few passages, so that embedding it costs little.
GOOD = (
    "Testnämnden\nTertialrapport 1 2022\n\n"
    "Nämnden har under perioden arbetat med trygghet i parkerna och med belysning längs gångvägarna.\n\n"
    "Arbetet med hemlöshet har fortsatt tillsammans med socialtjänsten och de ideella organisationerna.\n"
).encode()


def _upload(client: TestClient, name: str, body: bytes, **data: str):
    return client.post("/documents", files={"file": (name, body, "text/plain")}, data=data, headers=AUTH)


def test_a_failed_replacement_keeps_the_old_version(client: TestClient) -> None:
    assert _upload(client, "good.txt", GOOD).status_code == 201
    before = client.get("/documents/good.txt").json()
    hits = client.get("/search", params={"q": "belysning gångvägarna", "limit": 50}).json()["hits"]
    assert any(h["citation"]["file"] == "good.txt" for h in hits)

    failed = _upload(client, "good.txt", b"abc\x00def", replace="true")
    assert failed.status_code == 422 and "good.txt" in failed.json()["detail"]
    assert failed.json()["detail"].endswith("den tidigare indexerade versionen finns kvar")  # and says so
    source = client.get("/documents/good.txt/source")
    assert source.status_code == 200 and source.content == GOOD  # the stored file is whole
    assert client.get("/documents/good.txt").json() == before  # and its passages
    again = client.get("/search", params={"q": "belysning gångvägarna", "limit": 50}).json()["hits"]
    assert [h["id"] for h in again] == [h["id"] for h in hits]  # and its vectors


def test_a_delete_starts_from_the_newest_generation(client: TestClient, api_data: Path) -> None:
    assert client.get("/search", params={"q": PANDEMIC}).json()["total"] == 4  # the service holds generation N
    with Store.open(api_data) as other:  # another process writes generation N + 1
        assert remove_files(other, [T2_2021]) == [T2_2021]
    assert client.delete(f"/documents/{NORRMALM_2021}", headers=AUTH).status_code == 204
    with Store.open(api_data) as store:  # raises StoreMismatchError when the delete wrote stale vectors
        assert store.check().ok and {d.file for d in store.documents()} == {
            T1_2020, "ks-verksamhetsplan-2013.txt", "ks-avstamning-mal-och-budget-2024.txt",
        }  # fmt: skip
    assert client.get("/health").json()["documents"] == 3


def test_health_follows_writes_of_other_processes(client: TestClient, api_data: Path) -> None:
    before = client.get("/health").json()
    with Store.open(api_data) as other:
        remove_files(other, [T2_2021])
        generation = other.generation
    after = client.get("/health").json()
    assert after["generation"] == generation > before["generation"]
    assert after["documents"] == before["documents"] - 1 and after["chunks"] < before["chunks"]


def test_a_non_ascii_bearer_token_is_refused_not_a_crash(api_data: Path) -> None:
    client = make_client(api_data)
    for header in ("Bearer hemligtå".encode(), "Bearer ✓".encode(), b"Bearer \xff\xfe"):
        response = client.delete(f"/documents/{T1_2020}", headers={"Authorization": header})
        assert response.status_code == 401, response.text
    swedish = make_client(api_data, token="hemligtåäö")
    right = {"Authorization": "Bearer hemligtåäö".encode()}
    assert swedish.delete("/documents/finns-inte.txt", headers=right).status_code == 404  # let in
    assert swedish.delete(f"/documents/{T1_2020}", headers={"Authorization": "Bearer hemligt"}).status_code == 401
    assert client.get("/health").json()["documents"] == 5


def test_an_upload_never_silently_replaces_a_report(client: TestClient) -> None:
    chunks = client.get(f"/documents/{T1_2020}").json()["chunks"]
    clash = _upload(client, T1_2020, GOOD)
    assert clash.status_code == 409 and "replace" in clash.json()["detail"]
    assert client.get(f"/documents/{T1_2020}").json()["chunks"] == chunks
    assert client.get("/search", params={"q": PANDEMIC}).json()["total"] == 4
    # An upload of its own can be replaced, when asked for.
    assert _upload(client, "egen.txt", GOOD).status_code == 201
    assert _upload(client, "egen.txt", GOOD.replace(b"parkerna", b"skolorna")).status_code == 409
    replaced = _upload(client, "egen.txt", GOOD.replace(b"parkerna", b"skolorna"), replace="true")
    assert replaced.status_code == 201, replaced.text
    assert b"skolorna" in client.get("/documents/egen.txt/source").content


def test_the_same_upload_twice_is_409_and_names_no_path(client: TestClient, api_data: Path) -> None:
    assert _upload(client, "good.txt", GOOD).status_code == 201
    for name, data in (("good.txt", {}), ("good.txt", {"replace": "true"}), ("kopia.txt", {})):
        twice = _upload(client, name, GOOD, **data)
        assert twice.status_code == 409, (name, twice.text)
        detail = twice.json()["detail"]
        assert "samma innehåll som" in detail and "good.txt" in detail
        assert "/" not in detail and str(api_data) not in detail  # file names only
    assert client.get("/health").json()["documents"] == 6


def test_a_symlink_in_a_synced_folder_is_not_served(tmp_path: Path, api_data: Path, fake_embedder, manifest) -> None:
    from index.store.sync import sync

    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    secret = tmp_path / "secret.txt"
    secret.write_text("root:x:0:0:root:/root:/bin/bash\n" * 20, encoding="utf-8")
    (corpus / "passwd.txt").symlink_to(secret)
    with Store.open(api_data) as store:
        report = sync([corpus], store, fake_embedder, manifest, model_name=fake_embedder.model_dir.name)
    assert any("passwd.txt" in w and "länk" in w for w in report.warnings), report.warnings
    client = make_client(api_data)
    assert client.get("/documents/passwd.txt").status_code == 404
    assert "root:" not in client.get("/documents/passwd.txt/source").text


def test_a_link_named_on_its_own_is_not_followed(tmp_path: Path, api_data: Path, fake_embedder, manifest) -> None:
    """Trial 32: `index mapp/*.txt` (a shell's glob names each file) indexed a link to /etc/passwd, which
    search found and /documents/{id}/source served without a token. A folder's other files are named."""
    from index.store.sync import sync

    folder = tmp_path / "mapp"
    folder.mkdir()
    secret = tmp_path / "secret.txt"
    secret.write_text("root:x:0:0:root:/root:/bin/bash\n" * 20, encoding="utf-8")
    (folder / "passwd.txt").symlink_to(secret)
    for name in ("rapport.docx", "tabell.csv", ".DS_Store"):
        (folder / name).write_bytes(b"x")
    with Store.open(api_data) as store:
        named = sync(
            sorted(folder.glob("*.txt")), store, fake_embedder, manifest, model_name=fake_embedder.model_dir.name
        )
        whole = sync([folder], store, fake_embedder, manifest, model_name=fake_embedder.model_dir.name)
        assert store.document("passwd.txt") is None and secret.resolve() not in store.roots()
    assert named.added == [] and any("passwd.txt: en länk, följs inte" in w for w in named.warnings)
    assert "2 filer i mapparna lästes inte, bara .pdf och .txt läses: rapport.docx, tabell.csv" in whole.warnings
    client = make_client(api_data)
    assert client.get("/documents/passwd.txt/source").status_code == 404
    assert all("root:" not in h["text"] for h in client.get("/search", params={"q": "root bash"}).json()["hits"])


def test_a_source_outside_the_indexed_folders_is_not_served(tmp_path: Path, api_data: Path) -> None:
    # A store written before links were refused may name a file outside every indexed folder.
    secret = tmp_path / "secret.txt"
    secret.write_text("root:x:0:0:root:/root:/bin/bash\n", encoding="utf-8")
    with Store.open(api_data) as store:
        store.move(T2_2021, secret)
    response = make_client(api_data).get(f"/documents/{T2_2021}/source")
    assert response.status_code == 404 and "root:" not in response.text


def _first_answer(url: str, head: str, chunks: list[bytes], timeout: float = 10) -> str:
    """Send a request head and body chunks on a raw socket; the status line of the answer.

    The body is sent only while the server has not answered: an answer before all of it was
    sent shows the server did not wait for (or spool) the rest.
    """
    import select
    import socket
    from urllib.parse import urlsplit

    where = urlsplit(url)
    received = b""
    with socket.create_connection((where.hostname, where.port), timeout=timeout) as conn:
        conn.sendall(head.replace("\n", "\r\n").encode() + b"\r\n")
        for chunk in chunks:
            if select.select([conn], [], [], 0)[0]:
                break  # the server has answered
            try:
                conn.sendall(chunk)
            except (BrokenPipeError, ConnectionResetError):
                break
        try:
            while b"\r\n" not in received:
                part = conn.recv(65536)
                if not part:
                    break
                received += part
        except (TimeoutError, ConnectionResetError):
            pass
    return received.split(b"\r\n", 1)[0].decode()


def test_uploads_are_refused_before_their_body_is_read(api_data: Path) -> None:
    from dataclasses import replace as changed

    from api.app import create_app
    from index.settings import Settings
    from tests.conftest import serving

    settings = changed(Settings.from_env(), data_dir=api_data, api_token=TOKEN, max_upload_bytes=100_000)
    form = "multipart/form-data; boundary=grans"
    part = b'--grans\r\nContent-Disposition: form-data; name="file"; filename="stor.txt"\r\n\r\n'
    with serving(create_app(settings)) as url:
        # No token, 800 MB declared: 401 before the body (only 64 kB of it is ever sent here).
        head = f"POST /documents HTTP/1.1\nHost: x\nContent-Type: {form}\nContent-Length: 800000000\n"
        assert " 401 " in _first_answer(url, head, [part, b"x" * 65536])
        # The token, 1.5 GB declared: 413 at once.
        head = head.replace("800000000", "1500000000") + f"Authorization: Bearer {TOKEN}\n"
        assert " 413 " in _first_answer(url, head, [part, b"x" * 65536])
        # The token and no declared length (chunked): cut off at the limit, not read to its end.
        head = f"POST /documents HTTP/1.1\nHost: x\nContent-Type: {form}\nTransfer-Encoding: chunked\n"
        head += f"Authorization: Bearer {TOKEN}\n"
        block = b"x" * 32768
        chunks = [b"%x\r\n%s\r\n" % (len(part), part)] + [b"%x\r\n%s\r\n" % (len(block), block)] * 400  # 13 MB
        assert " 413 " in _first_answer(url, head, chunks)
        health = _first_answer(url, "GET /health HTTP/1.1\nHost: x\n", [])
        assert " 200 " in health
    assert not [p for p in (api_data / "uploads").rglob("*") if p.is_file()]  # nothing left behind


def test_a_full_disk_is_507_and_leaves_nothing_behind(client: TestClient, api_data: Path, monkeypatch) -> None:
    import errno

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("os.fsync", full)  # the new vector file cannot be completed
    response = _upload(client, "good.txt", GOOD)
    assert response.status_code == 507 and "full" in response.json()["detail"], response.text
    assert "/" not in response.json()["detail"]
    monkeypatch.undo()  # room again
    assert not list(api_data.glob("*.tmp")) and not list(api_data.glob("vectors-*.faiss.tmp"))
    assert not [p for p in (api_data / "uploads").rglob("*") if p.is_file()]
    assert client.get("/health").json()["documents"] == 5
    assert client.get("/search", params={"q": PANDEMIC}).json()["total"] == 4
    with Store.open(api_data) as store:
        assert store.check().ok
    assert _upload(client, "good.txt", GOOD).status_code == 201


def test_a_read_only_disk_keeps_reads_and_refuses_writes_with_503(api_data: Path, monkeypatch) -> None:
    import errno
    import pathlib

    (api_data / "vectors-999.faiss.tmp").write_bytes(b"left by a crash")

    def read_only(*args, **kwargs):
        raise OSError(errno.EROFS, "Read-only file system")

    def mkdir(self, *args, exist_ok: bool = False, **kwargs):  # as Linux: an existing folder is no error
        if not (exist_ok and self.is_dir()):
            read_only()

    monkeypatch.setattr(pathlib.Path, "unlink", read_only)
    monkeypatch.setattr(pathlib.Path, "mkdir", mkdir)
    monkeypatch.setattr("index.lock.open", read_only, raising=False)
    client = make_client(api_data)  # opening does not stop at the leftover it cannot remove
    assert client.get("/health").json()["documents"] == 5
    assert client.get("/search", params={"q": PANDEMIC}).json()["total"] == 4
    upload = _upload(client, "good.txt", GOOD)
    assert upload.status_code == 503 and "read-only" in upload.json()["detail"], upload.text
    delete = client.delete(f"/documents/{T1_2020}", headers=AUTH)
    assert delete.status_code == 503 and "read-only" in delete.json()["detail"], delete.text
    assert client.get("/health").json()["documents"] == 5


class _SlowEmbedder:
    """The embedder, with passages taking `delay` seconds longer: an upload in progress."""

    def __init__(self, inner, delay: float) -> None:
        import threading

        self.inner, self.delay = inner, delay
        self.dim, self.model_dir = inner.dim, inner.model_dir
        self.embedding = threading.Event()

    def embed_query(self, text: str):
        return self.inner.embed_query(text)

    def embed_passages(self, texts):
        import time

        self.embedding.set()
        time.sleep(self.delay)
        return self.inner.embed_passages(texts)


def test_searches_do_not_wait_for_an_upload_being_prepared(api_data: Path) -> None:
    import threading
    import time

    client = make_client(api_data)
    service = client.app.state.service
    slow = _SlowEmbedder(service.upload_embedder, delay=4.0)
    service.upload_embedder = slow
    answers: list = []
    upload = threading.Thread(target=lambda: answers.append(_upload(client, "good.txt", GOOD)))
    upload.start()
    try:
        assert slow.embedding.wait(timeout=60), "the upload never reached embedding"
        started = time.monotonic()
        health = client.get("/health")
        search = client.get("/search", params={"q": PANDEMIC})
        waited = time.monotonic() - started
    finally:
        upload.join(timeout=60)
    assert health.status_code == 200 and search.json()["total"] == 4
    # The upload's embedding is held 4 s: reads that waited for it would take more than that. The
    # bound leaves room for a loaded CI machine (2.9 s measured inside the full suite on 2 cores).
    assert waited < 3.5, f"reads waited {waited:.1f} s for the upload"
    assert answers and answers[0].status_code == 201, answers
    assert client.get("/health").json()["documents"] == 6


def test_uploads_hold_only_what_the_index_names(api_data: Path, fake_embedder, manifest) -> None:
    import os
    import time

    from index.store.sync import sync

    client = make_client(api_data)
    assert _upload(client, "good.txt", GOOD).status_code == 201
    assert client.delete("/documents/good.txt", headers=AUTH).status_code == 204
    assert _upload(client, "kopia.txt", (CORPUS / T1_2020).read_bytes()).status_code == 409
    uploads = api_data / "uploads"
    assert not [p for p in uploads.rglob("*") if p.is_file()]  # nothing a later index run could find
    with Store.open(api_data) as store:
        report = sync([uploads], store, fake_embedder, manifest, model_name=fake_embedder.model_dir.name, prune=False)
    assert not report.added

    # A crash's leftovers: a file the index does not name, an upload staged two hours ago.
    (uploads / "0123456789abcdef").mkdir(parents=True)
    (uploads / "0123456789abcdef" / "gammal.txt").write_bytes(GOOD)
    staged = uploads / ".incoming" / "avbruten"
    staged.mkdir(parents=True)
    (staged / "halv.txt").write_bytes(b"Testn")
    two_hours_ago = time.time() - 7200
    os.utime(staged, (two_hours_ago, two_hours_ago))
    make_client(api_data)  # a service starting
    assert not [p for p in uploads.rglob("*") if p.is_file()]


def test_readers_find_the_generation_their_writer_made(api_data: Path, monkeypatch) -> None:
    """A write publishes its generation's vectors and derived data before it commits: the service's
    readers then neither read the new vector file nor build their own filter columns or speller."""
    import errno

    import faiss

    from index.store.columns import FilterColumns

    client = make_client(api_data)
    service = client.app.state.service
    built, files = [], []
    load, read_index = FilterColumns.load, faiss.read_index
    monkeypatch.setattr(FilterColumns, "load", classmethod(lambda cls, conn: built.append(1) or load(conn)))
    monkeypatch.setattr(faiss, "read_index", lambda path, *a: files.append(path) or read_index(path, *a))
    assert _upload(client, "good.txt", GOOD).status_code == 201
    assert len(built) == 1, "the writer builds the new generation's filter columns, once"
    published = service._vectors.published(service.writer.version)
    assert published is not None
    with service.read() as a, service.read() as b, service.read() as c:  # three readers of the pool
        for reader in (a, b, c):
            hits = reader.searcher.search("belysning gångvägarna", limit=50).hits
            assert any(h.citation.file == "good.txt" for h in hits)
            assert reader.store.index is published
    assert len(built) == 1 and not files, (built, files)

    # A write that fails after publishing: what it published is taken back, the last commit stays.
    committed = service.writer.version
    publish = service.writer.before_commit

    def publish_then_fail(store: Store) -> None:
        publish(store)
        raise OSError(errno.ENOSPC, "No space left on device")

    service.writer.before_commit = publish_then_fail
    assert client.delete("/documents/good.txt", headers=AUTH).status_code == 507
    assert service.writer.version == committed and service._vectors.published(committed) is published
    assert len(service._vectors._published) == 1, "the failed write's generation is no longer published"
    hits = client.get("/search", params={"q": "belysning gångvägarna", "limit": 50}).json()["hits"]
    assert any(h["citation"]["file"] == "good.txt" for h in hits)
