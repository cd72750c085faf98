"""What may be signed: the one rule for a final report as against a draft (rules.md, severities;
data-file.md, "a 说明 answers one finding").

A **final** report has no 强制 finding and every 核实 finding fixed (then it is gone) or answered
by a 说明. Anything else can only be a draft marked 「草稿」. The wizard's 生成与打印, `main.py
export`, the 审核说明表's wording and the office above's count of unanswered warnings all ask
this module, so that 「审核已通过」 means the same everywhere.

A 说明 is kept under a finding id ("S-3|t3.r2.zrr"), or under a bare rule ID in older files
("S-3": it answers every finding of that rule). A 说明 whose finding is gone is *orphaned*: kept,
shown apart in the wizard, printed nowhere, and never moved onto another finding.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from models import clock
from models.checks import ERROR, INFO, RULES, WARNING, CheckOptions, Finding, check_report
from models.report import Report

# The word for each state of the sign-off, as the clerk reads it.
PASSED = "审核已通过"


@dataclass(frozen=True)
class SignOff:
    """The findings of one report sorted by what they ask of the clerk."""
    errors: tuple[Finding, ...]       # 强制: must be fixed
    unanswered: tuple[Finding, ...]   # 核实 with no 说明: fix or explain
    answered: tuple[Finding, ...]     # 核实 with a 说明
    hints: tuple[Finding, ...]        # 提示: nothing asked

    @property
    def final(self) -> bool:
        """True when a final (not draft) report may be made."""
        return not self.errors and not self.unanswered

    @property
    def left(self) -> tuple[Finding, ...]:
        """What stands between the report and a final version, 强制 first."""
        return self.errors + self.unanswered

    @property
    def warnings(self) -> tuple[Finding, ...]:
        return self.answered + self.unanswered

    def what_is_left(self) -> str:
        """「还有 2 项强制审核未通过、3 项核实未改正也未说明」, or 「审核已通过」."""
        if self.final:
            return PASSED
        parts = []
        if self.errors:
            parts.append(f"{len(self.errors)} 项强制审核未通过")
        if self.unanswered:
            parts.append(f"{len(self.unanswered)} 项核实未改正也未说明")
        return "还有 " + "、".join(parts)


def sign_off(findings: Iterable[Finding]) -> SignOff:
    """Sort findings as returned by `check_report` (their `explanation` already attached)."""
    findings = list(findings)
    return SignOff(
        errors=tuple(f for f in findings if f.severity == ERROR),
        unanswered=tuple(f for f in findings if f.severity == WARNING and not _answered(f)),
        answered=tuple(f for f in findings if f.severity == WARNING and _answered(f)),
        hints=tuple(f for f in findings if f.severity == INFO))


def signing_options(**more) -> CheckOptions:
    """The checks as run on a report about to be signed: today is the signing day (S-14 checks
    the date the 落款 prints)."""
    return CheckOptions(today=clock.today(), **more)


def sign_off_report(report: Report, previous: Report | None = None,
                    options: CheckOptions | None = None) -> SignOff:
    return sign_off(check_report(report, previous, options or signing_options()))


def unanswered_count(report: Report, previous: Report | None = None,
                     options: CheckOptions | None = None) -> int:
    """核实 findings neither fixed nor explained (what the office above counts per report)."""
    return len(sign_off_report(report, previous, options).unanswered)


def _answered(f: Finding) -> bool:
    return bool(f.explanation and f.explanation.strip())


def orphaned_explanations(explanations: Mapping[str, str], findings: Iterable[Finding]) -> dict[str, str]:
    """The 说明 that answer no current 核实 finding: neither a finding's id nor the bare rule
    ID of one. Kept in the report, shown apart, printed nowhere."""
    warnings = [f for f in findings if f.severity == WARNING]
    live = {f.id for f in warnings} | {f.rule for f in warnings}
    return {key: body for key, body in explanations.items() if key not in live}


def explanation_key_problem(key: str) -> str | None:
    """Why `key` cannot be a key of `explanations` — a finding id ("S-3|t3.r2.zrr") or a bare
    rule ID ("S-3") — or None. The reason does not repeat the key: the caller names it."""
    rule, bar, about = key.partition("|")
    if rule not in RULES:
        return "不是已知的规则编号，也不是审核结果编号（如 “S-3|t3.r2.zrr”）"
    if bar and not about.strip():
        return "是不完整的审核结果编号（“|”后面缺少内容）"
    return None


# --- what the 审核说明表 says above its list (its layout is models/export/check_sheet.py) -----


def check_sheet_statement(state: SignOff) -> list[str]:
    """The sentences the 审核说明表 prints above its list of findings. It says 「核实项已逐项
    核对」 only when every 核实 finding has its 说明, lists 提示 too, and never says 「说明如下」
    when no 说明 follows."""
    sentences: list[str] = []
    if state.errors:
        sentences.append(f"强制项必须改正后方可正式报送，本报告仍有 {len(state.errors)} 项未改正。")
    if state.warnings:
        if not state.unanswered:
            sentences.append("核实项已逐项核对，说明如下。")
        elif state.answered:
            sentences.append(f"核实项 {len(state.warnings)} 项中，{len(state.answered)} 项已填写说明（见下表），"
                             f"{len(state.unanswered)} 项尚未改正也未说明。")
        else:
            sentences.append(f"核实项 {len(state.unanswered)} 项均尚未改正也未说明。")
    if state.hints:
        sentences.append(f"提示项 {len(state.hints)} 项一并列出，供参考，无需说明。")
    if not (state.errors or state.warnings or state.hints):
        sentences.append("本报告未发现需要核实的事项。")
    return sentences


def draft_notice(state: SignOff) -> str | None:
    """The warning printed on a check sheet that cannot go with a final report."""
    return None if state.final else f"注意：本报告{state.what_is_left()}，只能作为草稿。"
