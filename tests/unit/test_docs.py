"""The README documents every command and the two set-up commands."""

import re

from click.testing import CliRunner

from briefings.cli import main
from support.project import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")


def test_every_cli_command_is_in_the_readme():
    missing = [name for name in main.commands if f"`briefings {name}" not in README]
    assert missing == []


def test_every_documented_command_exists():
    documented = set(re.findall(r"`briefings (\w+)", README))
    assert documented <= set(main.commands)


def test_every_option_of_every_command_is_in_the_readme():
    for name, command in main.commands.items():
        for param in command.params:
            for opt in param.opts:
                if opt.startswith("--") and opt not in ("--config-file", "--verbose", "--help"):
                    assert opt in README, f"briefings {name} {opt}"


def test_readme_gives_the_two_setup_commands_and_ci_runs_the_test_one():
    assert "make site" in README and "make test" in README
    assert "make test" in (REPO / ".ci" / "run").read_text()


def test_help_works_for_every_command():
    for name in main.commands:
        result = CliRunner().invoke(main, [name, "--help"])
        assert result.exit_code == 0 and "Usage:" in result.output


def test_every_plugin_option_is_in_the_readme_with_its_default():
    from briefings.integrations.mkdocs.options import BriefingsConfig

    block = README.split("  - briefings:\n", 1)[1].split("```", 1)[0]
    documented = dict(re.findall(r"^      (\w+): (.*?)\s+#", block, flags=re.MULTILINE))
    assert set(documented) == {name for name, _ in BriefingsConfig._schema}
    for name, option in BriefingsConfig._schema:
        if isinstance(option.default, (bool, int)):  # dayfirst (no default) shows an example
            assert documented[name] == str(option.default).lower(), name
