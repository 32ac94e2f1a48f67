"""The storage interface, the same on both backends: keys, atomic writes, copy, list, sweep."""

from __future__ import annotations

import pytest

from audit.storage import LocalStorage, Storage, StoredPicture
from tests.storage.conftest import backdate

KEY = "ab/abcd/thumb.jpg"


def test_round_trip(store):
    assert isinstance(store, Storage)
    assert not store.exists(KEY) and store.stat(KEY) is None
    store.put(KEY, b"jpeg bytes")
    assert store.exists(KEY)
    assert store.read(KEY) == b"jpeg bytes"
    with store.open(KEY) as stream:
        assert stream.read(4) == b"jpeg"
        assert stream.read() == b" bytes"
    found = store.stat(KEY)
    assert (found.key, found.size) == (KEY, 10)
    store.put(KEY, b"replaced")
    assert store.read(KEY) == b"replaced"
    assert store.stat(KEY).version != found.version


def test_missing_objects_raise_file_not_found(store):
    with pytest.raises(FileNotFoundError):
        store.open(KEY)
    with pytest.raises(FileNotFoundError):
        store.read(KEY)
    with pytest.raises(FileNotFoundError):
        store.copy(KEY, "ab/abcd/print.jpg")
    store.delete(KEY)  # not an error
    store.touch(KEY)  # not an error, and creates nothing
    assert list(store.list()) == []


@pytest.mark.parametrize(
    "key",
    ["", "/etc/passwd", "../x", "ab/../../x", "ab//x", "ab/.hidden", "ab/x.tmp", "a b", "ab/"],
)
def test_keys_cannot_escape_or_name_temporary_files(store, key):
    for call in (
        lambda: store.put(key, b"x"),
        lambda: store.read(key),
        lambda: store.exists(key),
        lambda: store.delete(key),
        lambda: store.local_path(key),
    ):
        with pytest.raises(ValueError):
            call()


def test_copy_stores_the_same_bytes_under_another_key(store):
    store.put("ab/abcd/display.jpg", b"jpeg")
    store.put("ab/abcd/original.jpg", b"stale")
    store.copy("ab/abcd/display.jpg", "ab/abcd/original.jpg")
    assert store.read("ab/abcd/original.jpg") == b"jpeg"
    store.put("ab/abcd/display.jpg", b"new")  # replaces only that name
    assert store.read("ab/abcd/original.jpg") == b"jpeg"


def test_list_and_delete_prefix(store):
    for key in ("ab/one/a.jpg", "ab/one/b.jpg", "ab/two/a.jpg", "cd/three/a.pdf"):
        store.put(key, key.encode())
    assert sorted(e.key for e in store.list()) == [
        "ab/one/a.jpg",
        "ab/one/b.jpg",
        "ab/two/a.jpg",
        "cd/three/a.pdf",
    ]
    assert sorted(e.key for e in store.list("ab/one/")) == ["ab/one/a.jpg", "ab/one/b.jpg"]
    store.delete_prefix("ab/one/")
    store.delete("cd/three/a.pdf")
    assert [e.key for e in store.list()] == ["ab/two/a.jpg"]
    with pytest.raises(ValueError):
        store.delete_prefix("")


def test_touch_marks_a_use(store):
    store.put(KEY, b"x")
    backdate(store, KEY, 3600)
    old = store.stat(KEY).modified
    store.touch(KEY)
    assert store.stat(KEY).modified > old + 1800
    assert store.read(KEY) == b"x"


def test_a_picture_knows_its_version_and_bytes(store):
    missing = StoredPicture.of(store, KEY)
    assert not missing.available and missing.fingerprint() == [KEY, None]
    store.put(KEY, b"jpeg")
    picture = StoredPicture.of(store, KEY)
    assert picture.available and picture.read() == b"jpeg"
    assert picture != missing and picture == StoredPicture.of(store, KEY)
    assert (picture.local_path() is None) == (not isinstance(store, LocalStorage))
