import pytest

from dunning_coach.common import settings
from dunning_coach.common.settings import SettingsError


def test_the_shipped_file_parses_and_matches_the_defaults():
    shipped = settings.load()
    assert shipped == settings.Settings()


def test_missing_keys_keep_their_defaults_and_ints_pass_for_floats():
    parsed = settings.parse({"receivables": {"doubtful_from": 45}, "habits": {"reliable_share": 1}})
    assert parsed.receivables.doubtful_from == 45 and parsed.receivables.bad_from == 91
    assert parsed.habits.reliable_share == 1.0


@pytest.mark.parametrize(
    "data, message",
    [
        ({"receivables": {"doubtfull_from": 3}}, "receivables.doubtfull_from is not a setting"),
        ({"receivables": {"bad_from": "ninety"}}, "receivables.bad_from must be a int"),
        ({"receivables": {"doubtful_from": 200}}, "thresholds must rise"),
        ({"receivables": {"raise_up_to": "awful"}}, "raise_up_to must be one of"),
        ({"promises": [1, 2]}, "promises must be a mapping"),
        ({"day_plan": {"class_weight": {"terrible": 2.0}}}, "unknown classes"),
        ({"day_plan": {"class_weight": {"bad": -1.0}}}, "must not be negative"),
        ({"day_plan": {"warning_sign_bonus": -0.1}}, "must not be negative"),
        ({"habits": {"unreliable_share": 0.9}}, "unreliable_share <= reliable_share"),
        ({"habits": {"reliable_share": 1.5}}, "between 0 and 1"),
    ],
)
def test_bad_values_name_the_setting(data, message):
    with pytest.raises(SettingsError, match=message):
        settings.parse(data)


def test_settings_file_from_the_environment(tmp_path, monkeypatch):
    path = tmp_path / "mine.yml"
    path.write_text("promises:\n  grace_days: 5\n")
    monkeypatch.setenv("DUNNING_SETTINGS", str(path))
    assert settings.load().promises.grace_days == 5
