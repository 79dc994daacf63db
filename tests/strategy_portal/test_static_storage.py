"""The static files' storage (strategy_portal/storage.py) works out each file's URL once a
process, and gives what the manifest storage gives, debug or not."""

import json

from django.test import override_settings

from strategy_portal.storage import StaticStorage


def storage(tmp_path):
    manifest = {"version": "1.1", "paths": {"css/portal.css": "css/portal.0123abcd.css"}}
    (tmp_path / "staticfiles.json").write_text(json.dumps(manifest))
    return StaticStorage(location=tmp_path, base_url="/static/")


def test_a_file_s_url_is_its_hashed_name_worked_out_once(tmp_path, monkeypatch):
    files = storage(tmp_path)
    assert files.url("css/portal.css") == "/static/css/portal.0123abcd.css"

    # The manifest is read once, when the storage is made; the URL is kept from then on.
    monkeypatch.setattr(files, "stored_name", None)
    assert files.url("css/portal.css") == "/static/css/portal.0123abcd.css"


@override_settings(DEBUG=True)
def test_debug_serves_files_by_their_own_names(tmp_path):
    files = storage(tmp_path)

    assert files.url("css/portal.css") == "/static/css/portal.css"
    with override_settings(DEBUG=False):
        assert files.url("css/portal.css") == "/static/css/portal.0123abcd.css"
