"""Findings, the rule registry and the runner."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import date

from models.report import Report

ERROR, WARNING, INFO = "error", "warning", "info"
SEVERITY_LABEL = {ERROR: "强制", WARNING: "核实", INFO: "提示"}
_SEVERITY_ORDER = {ERROR: 0, WARNING: 1, INFO: 2}


@dataclass(frozen=True)
class Finding:
    rule: str
    severity: str
    cells: tuple[str, ...]
    message: str
    explanation: str | None = None
    # The narrative key the finding is about ("s1", "s5"…); in the id when it names no cell
    subject: str | None = None
    # What tells apart findings of one rule on the same cells or subject: for S-9 the section
    # and the statement quoted, "s1:制发规章2件" (see `id`)
    anchor: str | None = None
    # The sentence or paragraph of the narrative the finding is about, as it stands in the
    # text of `subject`: the wizard selects it when the finding is double-clicked
    quote: str | None = None
    # For a sentence 参考文本 wrote and the tables changed under: the sentence as 参考文本
    # writes it now (the wizard's 「按表格更新此句」)
    rewrite: str | None = None
    # Of `cells`, those a typo most likely sits in (models/typos.py); not part of the id
    suspects: tuple[str, ...] = ()

    @property
    def id(self) -> str:
        """Stable while the finding stays the same (data-file.md, "Findings have ids"): its rule,
        the cells it names or else its subject, and its anchor when the rule can say the same of
        those cells twice — "S-3|t3.r2.zrr", "S-16|s5", "S-9|t2.gz.made|s1:制发规章2件" — or
        the bare rule. The anchor is made of the words of the text, never of a position, so
        inserting text elsewhere does not change it; a statement quoted twice in one section
        gets "#2" on its second occurrence."""
        about = ",".join(self.cells) or self.subject
        return "|".join(part for part in (self.rule, about, self.anchor) if part)

    def as_json(self) -> dict:
        out = {"rule": self.rule, "severity": self.severity, "cells": list(self.cells), "message": self.message,
               "id": self.id}
        if self.explanation:
            out["explanation"] = self.explanation
        return out


@dataclass(frozen=True)
class CheckOptions:
    # A locally set publication deadline (month, day) of the following year, e.g. (2, 20)
    # where the county collects township reports earlier than the law requires (rule S-14).
    local_deadline: tuple[int, int] | None = None
    # The day the report would be signed (models.clock.today() in the wizard and the export):
    # S-14 then checks the date the 落款 prints (models.report.signature_date). None: only a
    # stored publication date is checked.
    today: date | None = None


Check = Callable[[Report, Report | None, CheckOptions], Iterable[Finding]]


@dataclass(frozen=True)
class Rule:
    id: str
    severity: str
    title: str
    check: Check | None          # None: documented, deliberately not checked (S-8)
    needs_previous: bool = False


RULES: dict[str, Rule] = {}


def rule(rule_id: str, severity: str, title: str, needs_previous: bool = False):
    def register(check: Check) -> Check:
        RULES[rule_id] = Rule(rule_id, severity, title, check, needs_previous)
        return check
    return register


def finding(rule_id: str, cells: Iterable[str], message: str, severity: str | None = None,
            subject: str | None = None, **about) -> Finding:
    """A finding of a registered rule; `about` takes the narrative fields (anchor, quote, rewrite)
    and `suspects` (the cells a typo most likely sits in)."""
    if "suspects" in about:
        about["suspects"] = tuple(about["suspects"])
    return Finding(rule_id, severity or RULES[rule_id].severity, tuple(cells), message, subject=subject, **about)


def check_report(report: Report, previous: Report | None = None,
                 options: CheckOptions = CheckOptions()) -> list[Finding]:
    """All findings for `report`, 强制 first; `previous` is last year's report, if at hand."""
    found: list[Finding] = []
    for r in RULES.values():
        if r.check is None or (r.needs_previous and previous is None):
            continue
        found.extend(r.check(report, previous, options))
    explanations = report.explanations
    if explanations:
        found = [replace(f, explanation=explanation_for(f, explanations)) if f.severity == WARNING else f
                 for f in found]
    found.sort(key=lambda f: (_SEVERITY_ORDER[f.severity], rule_order(f.rule)))
    return found


def explanation_for(f: Finding, explanations: dict[str, str]) -> str | None:
    """The 说明 answering `f`: the one kept under its id, else one kept under its bare rule ID
    (older files: it explains every finding of that rule)."""
    return explanations.get(f.id) or explanations.get(f.rule)


def rule_order(rule_id: str) -> tuple[str, int]:
    """H-2 before H-10, H before S."""
    prefix, _, number = rule_id.partition("-")
    return prefix, int(number)


def has_errors(findings: Iterable[Finding]) -> bool:
    return any(f.severity == ERROR for f in findings)


def fmt(number) -> str:
    """A number as the message shows it: amounts exactly as entered."""
    return str(number)
