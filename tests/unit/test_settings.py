"""One settings seam: the options' defaults and checks in one table, today(), and the request a command makes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from briefings.integrations.mkdocs.options import BriefingsConfig, Request, overrides
from briefings.settings import DEFAULTS, OPTIONS, SettingsError, settings_from, today
from briefings.taxonomies import DEFAULT_TAXONOMIES


def test_defaults_come_from_the_one_table(tmp_path):
    settings = settings_from({}, config_dir=tmp_path)
    assert settings.seeds_dir == (tmp_path / "seeds").resolve()
    assert settings.taxonomy_file == (tmp_path / "seeds" / "taxonomy.yml").resolve()
    assert settings.cache_dir == (tmp_path / ".cache" / "plugin" / "briefings").resolve()
    assert settings.jobs >= 1  # 0: one per core
    assert settings.taxonomies == DEFAULT_TAXONOMIES
    assert settings.search_part_pages == DEFAULTS["search_part_pages"] == 3000
    # the MkDocs schema is made from the same table, with the same defaults
    schema = dict(BriefingsConfig._schema)
    assert list(schema) == [option.name for option in OPTIONS]
    for option in OPTIONS:
        assert schema[option.name].default == option.default, option.name


def test_every_problem_with_the_options_is_reported_at_once(tmp_path):
    with pytest.raises(SettingsError) as caught:
        settings_from({"timezone": "Mars/Base", "jobs": -2, "seeds": 3, "tpyo": 1}, config_dir=tmp_path)
    assert caught.value.problems == (
        "briefings: unknown option tpyo; known: " + ", ".join(DEFAULTS),
        "briefings: 'seeds' must be str, got 3",
    )
    with pytest.raises(SettingsError) as caught:
        settings_from({"timezone": "Mars/Base", "jobs": -2, "internal": "yes"}, config_dir=tmp_path)
    assert caught.value.problems == ("briefings: 'internal' must be bool, got 'yes'",)
    with pytest.raises(SettingsError) as caught:
        settings_from({"timezone": "Mars/Base", "jobs": -2}, config_dir=tmp_path)
    assert caught.value.problems == (
        "briefings: unknown time zone 'Mars/Base' (use an IANA name such as UTC or America/New_York)",
        "briefings: jobs must be 0 (one per core) or more, not -2",
    )


def test_a_bool_is_not_taken_for_a_number(tmp_path):
    with pytest.raises(SettingsError) as caught:
        settings_from({"jobs": True}, config_dir=tmp_path)
    assert caught.value.problems == ("briefings: 'jobs' must be int, got True",)


def test_today_is_the_date_of_source_date_epoch_in_the_site_zone(tmp_path):
    utc = settings_from({}, config_dir=tmp_path)
    tokyo = settings_from({"timezone": "Asia/Tokyo"}, config_dir=tmp_path)
    epoch = {"SOURCE_DATE_EPOCH": "1702072800"}  # 2023-12-08T22:00:00Z
    assert today(utc, epoch) == dt.date(2023, 12, 8)
    assert today(tokyo, epoch) == dt.date(2023, 12, 9)


def test_a_bad_source_date_epoch_is_one_line_with_the_value_cut(tmp_path):
    settings = settings_from({}, config_dir=tmp_path)
    with pytest.raises(SettingsError) as caught:
        today(settings, {"SOURCE_DATE_EPOCH": "yesterday"})
    assert caught.value.problems == (
        "SOURCE_DATE_EPOCH must be whole seconds since 1970 (e.g. 1702000000), got 'yesterday'",
    )
    with pytest.raises(SettingsError) as caught:
        today(settings, {"SOURCE_DATE_EPOCH": "9" * 1000})
    assert len(caught.value.problems[0]) < 200


def test_a_request_for_other_seeds_replaces_only_the_plugin_s_seeds_option(tmp_path):
    config = tmp_path / "mkdocs.yml"
    config.write_text(
        "site_name: X\nplugins:\n  - search\n  - briefings:\n      timezone: Asia/Tokyo\n", encoding="utf-8"
    )
    changes = overrides(Request(config, seeds=tmp_path / "elsewhere"))
    assert changes == {
        "plugins": ["search", {"briefings": {"timezone": "Asia/Tokyo", "seeds": str(tmp_path / "elsewhere")}}]
    }
    assert overrides(Request(config)) == {}
    assert overrides(Request(config, strict=True)) == {"strict": True}
    bare = tmp_path / "bare.yml"
    bare.write_text("site_name: X\nplugins: [briefings]\n", encoding="utf-8")
    assert overrides(Request(bare, seeds=Path("/s")))["plugins"] == [{"briefings": {"seeds": "/s"}}]
