"""A needs framework as data: its file format, the checks a file must pass, and its parsed form.

A framework file (YAML or JSON) looks like this::

    key: developmental-needs          # the same key in a later file makes a new version
    name: Developmental needs
    domains:
      - key: health                   # lower case letters, digits and hyphens
        title: Health
        question: How are they growing and keeping well?      # optional, for carers
        levels:                       # every level of the scale, lowest first, from 0
          - label: No additional need
            descriptor: Healthy and growing well; ordinary check-ups.
          - ...
        strength_prompts:             # optional: questions that draw out strengths
          - What keeps them well and happy?

``problems(data)`` lists every problem in a parsed file in plain English, with where it is
(``domains[2].levels[1].label``), so an administrator can fix the file in one go.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

DEFAULT_FILE = Path(__file__).with_name("default_framework.yaml")
KEY = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
MAX_LEVELS = 11  # 0 to 10
MAX_DOMAINS = 40
MAX_TEXT = 500


@dataclass(frozen=True)
class Level:
    value: int
    label: str
    descriptor: str


@dataclass(frozen=True)
class Domain:
    key: str
    title: str
    question: str
    levels: tuple[Level, ...]
    strength_prompts: tuple[str, ...]

    @property
    def top(self) -> int:
        return len(self.levels) - 1

    def level(self, value: int) -> Level | None:
        return self.levels[value] if 0 <= value < len(self.levels) else None


@dataclass(frozen=True)
class Framework:
    key: str
    name: str
    domains: tuple[Domain, ...]

    def domain(self, key: str) -> Domain | None:
        return next((d for d in self.domains if d.key == key), None)


class FrameworkFileError(ValueError):
    """A framework file that cannot be used, with every problem found in it."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


def read_text(text: str, *, filename: str = "") -> dict[str, Any]:
    """The file's data: JSON for a .json file, otherwise YAML (which also reads JSON)."""
    try:
        data = json.loads(text) if filename.lower().endswith(".json") else yaml.safe_load(text)
    except json.JSONDecodeError as error:
        raise FrameworkFileError(
            [f"The file is not valid JSON: {error.msg} on line {error.lineno}."]
        ) from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" on line {mark.line + 1}" if mark is not None else ""
        raise FrameworkFileError([f"The file is not valid YAML{where}."]) from None
    if not isinstance(data, dict):
        raise FrameworkFileError(["The file must describe one framework, with a key, a name and domains."])
    return data


def _text(value: Any, where: str, problems: list[str], *, required: bool = True) -> str:
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            problems.append(f"{where} is missing: write it in plain words.")
        return ""
    if not isinstance(value, str):
        problems.append(f"{where} must be text.")
        return ""
    if len(value) > MAX_TEXT:
        problems.append(f"{where} is too long: keep it under {MAX_TEXT} characters.")
    return value.strip()


def _key(value: Any, where: str, problems: list[str]) -> str:
    if not isinstance(value, str) or not KEY.match(value):
        problems.append(f"{where} must be lower case letters, digits and hyphens, like 'emotional-health'.")
        return ""
    return value


def _domain(raw: Any, where: str, problems: list[str]) -> Domain | None:
    if not isinstance(raw, dict):
        problems.append(f"{where} must have a key, a title and levels.")
        return None
    key = _key(raw.get("key"), f"{where}.key", problems)
    title = _text(raw.get("title"), f"{where}.title", problems)
    question = _text(raw.get("question"), f"{where}.question", problems, required=False)
    raw_levels = raw.get("levels")
    levels: list[Level] = []
    if not isinstance(raw_levels, list) or not 2 <= len(raw_levels) <= MAX_LEVELS:
        problems.append(f"{where}.levels must list between 2 and {MAX_LEVELS} levels, lowest first.")
    else:
        for value, level in enumerate(raw_levels):
            at = f"{where}.levels[{value}]"
            if not isinstance(level, dict):
                problems.append(f"{at} must have a label and a descriptor.")
                continue
            levels.append(
                Level(
                    value=value,
                    label=_text(level.get("label"), f"{at}.label", problems),
                    descriptor=_text(level.get("descriptor"), f"{at}.descriptor", problems),
                )
            )
    prompts = raw.get("strength_prompts", [])
    if not isinstance(prompts, list):
        problems.append(f"{where}.strength_prompts must be a list of questions.")
        prompts = []
    strength_prompts = tuple(
        _text(p, f"{where}.strength_prompts[{i}]", problems) for i, p in enumerate(prompts)
    )
    return Domain(key, title, question, tuple(levels), strength_prompts)


def parse(data: dict[str, Any]) -> Framework:
    """The framework a file describes; FrameworkFileError lists every problem if it cannot be used."""
    problems: list[str] = []
    key = _key(data.get("key"), "key", problems)
    name = _text(data.get("name"), "name", problems)
    raw_domains = data.get("domains")
    domains: list[Domain] = []
    if not isinstance(raw_domains, list) or not 1 <= len(raw_domains) <= MAX_DOMAINS:
        problems.append(f"domains must list between 1 and {MAX_DOMAINS} domains.")
    else:
        for index, raw in enumerate(raw_domains):
            domain = _domain(raw, f"domains[{index}]", problems)
            if domain is not None:
                domains.append(domain)
        seen: set[str] = set()
        for index, domain in enumerate(domains):
            if domain.key and domain.key in seen:
                problems.append(
                    f"domains[{index}].key '{domain.key}' is used twice: each domain needs its own."
                )
            seen.add(domain.key)
    if problems:
        raise FrameworkFileError(problems)
    return Framework(key, name, tuple(domains))


def as_definition(framework: Framework) -> dict[str, Any]:
    """What is stored (NeedsFramework.definition): the checked file, in one plain shape."""
    return {
        "key": framework.key,
        "name": framework.name,
        "domains": [
            {
                "key": d.key,
                "title": d.title,
                "question": d.question,
                "levels": [{"label": lv.label, "descriptor": lv.descriptor} for lv in d.levels],
                "strength_prompts": list(d.strength_prompts),
            }
            for d in framework.domains
        ],
    }


def from_definition(definition: dict[str, Any]) -> Framework:
    """A stored framework, parsed again (it was checked when it was loaded)."""
    return _from_json(json.dumps(definition, sort_keys=True))


@lru_cache(maxsize=64)
def _from_json(text: str) -> Framework:
    return parse(json.loads(text))


@lru_cache(maxsize=1)
def default_framework() -> Framework:
    """The framework every council starts with, until it loads its own."""
    return parse(read_text(DEFAULT_FILE.read_text(encoding="utf-8"), filename=DEFAULT_FILE.name))
