"""The one way the app changes a report (like Anki's operations).

The wizard never writes storage itself: every change goes through an `Editor`, which

1. validates it (a total is never typed; a value fits its cell's kind),
2. persists it first — each edit one committed store transaction, so killing the app loses
   nothing. Two kinds of failure:
   * a refusal (`StorageError`: a duplicate unit name, a report deleted meanwhile): nothing
     changes in memory, no undo step is recorded, the error propagates for the GUI to show;
   * the database cannot be written just now (`WriteFailed`: disk full, locked by another
     program, read-only, I/O error): the edit is NOT lost — it is applied in memory like any
     other, remembered as unsaved, and the save listeners are told (`save_error`, `saved`).
     While anything is unsaved, further edits go to memory only (no waiting on a locked
     database at every keystroke); `retry_save()` — which the GUI calls on a timer — writes
     everything unsaved in one transaction, and the listeners hear when it succeeds,
3. applies it in memory (the report is never reloaded after an edit), recomputing every total
   (and taking the totals as the store computed them, from what is stored, when it wrote),
4. re-runs the checks and rebuilds the per-cell and per-step indexes of the findings,
5. records undo/redo and notifies the listeners with a `Change`.

Totals and their origin. The clerk never types a total: after any cell change the totals are
recomputed (`Report.fill_totals`) and the ones whose value changed are written in the SAME
`store.set_cells` call as the edit, hence with the edit's origin ("typed" for typing and
pasting). The store takes one origin per call, and a second call would be a second
transaction (an edit half saved if the app died between them), so atomicity wins over a
"computed" label that nothing relies on: totals are recomputed every time an `Editor` opens a
report, and only the totals corrected at that moment are stored with origin "computed"
(`recomputed` lists those that were stored with another value, even empty; totals that were
not stored at all — a new report — are filled and stored silently).

Typing into a total raises `InputError` (a `ValueError`, with the message for the clerk), the
same exception as a bad value, so the wizard has one thing to catch.

Undo restores the previous values, all in one `store.set_cells` call, with the origin the
restored cells had when they all had the same one (typing over a "carried" value and undoing
brings back "carried"), otherwise "typed".
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import date

from models.bounds import SECTION_MAX_CHARS, text_problem, unit_name_problem
from models.catalogue import SECTION_BY_KEY, PREAMBLE_LABEL, TEXT_KEYS
from models.checks import ERROR, INFO, WARNING, Finding, check_report
from models.clipboard import locate, parse_clipboard, positions
from models.errors import StorageError, WriteFailed
from models import marks
from models.report import Fees, Report, TextMark, Unit
from models.signoff import SignOff, orphaned_explanations, sign_off, signing_options
from models.values import InputError, Value, fees_problem, parse_input, problem

__all__ = ["Change", "Editor", "STEPS", "step_of", "parse_clipboard", "positions", "InputError"]

# The wizard's steps, in order.
STEPS = ("unit", "s1", "t2", "t3", "t4", "s5", "s6", "review", "export")

# Which step a finding belongs to, besides the tables its cells are in (t2/t3/t4). A finding
# about a narrative section names it as its subject and goes to that section's step (S-9 in 一
# or 六, S-11…S-13, S-16); rules about the unit or the filing go to "unit".
# A finding with neither cells nor a step here goes to "review" only.
RULE_STEPS: dict[str, tuple[str, ...]] = {
    "S-10": ("s6",),    # 收费通知 in 六 (its cells are in 表三: t3 too)
    "S-14": ("unit",),  # publication date
    "H-9": ("unit",),   # layout of the year
}
# the wizard step where each narrative key is edited
TEXT_STEPS = {"preamble": "s1", "s1": "s1", "s5": "s5", "s6": "s6"}
# Every finding also counts for these two: the review lists them all, the export refuses errors.
_OVERALL_STEPS = ("review", "export")
_STATE = {ERROR: "error", WARNING: "warning"}

TOTAL_REFUSED = "合计由程序自动计算，不能直接填写"

_ABSENT = object()      # a cell or text not in the report at all
_UNCHANGED = object()   # set_unit: field not given
_NOT_STORED = object()  # a write kept in memory for retry_save


@dataclass(frozen=True)
class Change:
    cells: frozenset[str] = frozenset()      # cell keys whose value changed (totals included)
    texts: frozenset[str] = frozenset()      # narrative keys changed
    meta: bool = False                       # unit / published / fees / explanations changed
    description: str = ""                    # Chinese, for the undo menu

    def __bool__(self) -> bool:
        return bool(self.cells or self.texts or self.meta)


@dataclass
class _Step:
    """One undo step: a kind of edit and the state before and after it (see `_apply`)."""
    kind: str           # "cells" | "text" | "explanation" | "fees" | "unit" | "published"
    before: object
    after: object
    description: str
    claims: dict | None = None   # a paste's own totals (see Editor.paste), undone with it


@dataclass
class _Unsaved:
    """What is in memory but not yet stored (the database failed); written by retry_save."""
    cells: set[str] = field(default_factory=set)
    texts: set[str] = field(default_factory=set)
    explanations: set[str] = field(default_factory=set)
    fees: bool = False
    published: bool = False
    unit: bool = False

    def __bool__(self) -> bool:
        return bool(self.cells or self.texts or self.explanations or self.fees or self.published or self.unit)


def _same(a: object, b: object) -> bool:
    """Equal and written the same way (Decimal 0.5 and 0.50 differ: amounts are kept as entered)."""
    return type(a) is type(b) and str(a) == str(b)


class Editor:
    def __init__(self, store, report_id: int):
        self.store = store
        self.report_id = report_id
        self.report: Report = store.load_report(report_id)
        self.origins: dict[str, str] = store.cell_origins(report_id)
        # per narrative key: a paragraph taken over from last year is still unconfirmed (models/marks.py)
        self.needs_review: dict[str, bool] = {}
        self._flag_review()
        self._unit_id = next(r.unit_id for r in store.list_reports() if r.id == report_id)
        self.previous: Report | None = None
        for row in store.list_reports(self._unit_id):
            if row.year == self.report.year - 1:
                self.previous = store.load_report(row.id)
        layout = self.report.layout
        self._layout = layout
        self._totals = tuple(i.total for i in layout.identities)
        self._listeners: list[Callable[[Change], None]] = []
        self._save_listeners: list[Callable[[str | None], None]] = []
        self._unsaved = _Unsaved()
        self.save_error: str | None = None   # why the last write failed, while anything is unsaved
        self._undo: list[_Step] = []
        self._redo: list[_Step] = []
        self._typing: _Step | None = None   # the text step that further typing merges into
        # Totals as a pasted block stated them, where they disagree with the sum of the parts:
        # findings until the parts agree, the paste is undone or the clerk accepts the sums.
        self.claimed_totals: dict[str, Value] = {}

        # The clerk never types a total: recompute them all, store the ones that differ. A report
        # opened read-only (the office above reviewing what a unit sent) is shown as it was sent.
        cells = self.report.cells
        self.read_only = bool(getattr(store, "read_only", False))
        fixed = {} if self.read_only else self._computed_totals(cells, {})
        self.recomputed: list[tuple[str, object, object]] = [
            (key, cells[key], value) for key, value in fixed.items() if key in cells]
        if fixed:
            store.set_cells(report_id, fixed, "computed")
            cells.update(fixed)
            self.origins.update(dict.fromkeys(fixed, "computed"))

        self.findings: list[Finding] = []
        self._by_cell: dict[str, list[Finding]] = {}
        self._step_states: dict[str, str] = {}
        self._step_counts: dict[str, dict[str, int]] = {}
        self._check()

    # --- listeners, state ----------------------------------------------------------------

    def add_listener(self, callback: Callable[[Change], None]) -> None:
        self._listeners.append(callback)

    def add_save_listener(self, callback: Callable[[str | None], None]) -> None:
        """`callback(error)`: a write failed (error: the message for the clerk), or — None —
        everything unsaved has now been stored."""
        self._save_listeners.append(callback)

    @property
    def saved(self) -> bool:
        """True when every edit is in the database."""
        return not self._unsaved

    def retry_save(self) -> bool:
        """Write everything kept in memory since a write failed, in one transaction. True when
        everything is now stored (also when nothing was pending)."""
        pending = self._unsaved
        if not pending:
            return True
        report = self.report
        try:
            if pending.unit:
                unit = report.unit
                self.store.update_unit(self._unit_id, name=unit.name, kind=unit.kind, level=unit.level)
                pending.unit = False
            extra = {}
            if pending.fees:
                extra["fees"] = report.fees
            if pending.published:
                extra["published"] = report.published
            totals = self.store.write_unsaved(
                self.report_id,
                cells={k: (report.cells.get(k), self.origins.get(k) or "typed") for k in pending.cells},
                texts={k: report.text.get(k) for k in pending.texts},
                marks={k: self._marks_of(k) for k in pending.texts},
                explanations={r: report.explanations.get(r) for r in pending.explanations}, **extra)
        except StorageError as exc:
            self._failed(exc)
            return False
        self._unsaved = _Unsaved()
        self.save_error = None
        changed = {k: v for k, v in totals.items() if not _same(report.cells.get(k), v)}
        for callback in list(self._save_listeners):
            callback(None)
        if changed:   # another writer changed parts meanwhile: show the totals as stored
            report.cells.update(changed)
            self._done(Change(cells=frozenset(changed), description="合计"), typing=self._typing)
        return True

    def _failed(self, exc: StorageError) -> None:
        self.save_error = str(exc)
        for callback in list(self._save_listeners):
            callback(self.save_error)

    def _store(self, write: Callable[[], object], mark: Callable[[_Unsaved], None], *, wait: bool = False):
        """Run one store write. A `WriteFailed` (or an earlier one not yet cleared, unless `wait`)
        keeps the edit as unsaved: `mark` records what, and `_NOT_STORED` is returned. A refusal
        propagates, before anything changed in memory."""
        if self._unsaved and not wait:
            mark(self._unsaved)
            return _NOT_STORED
        try:
            return write()
        except WriteFailed as exc:
            mark(self._unsaved)
            self._failed(exc)
            return _NOT_STORED

    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    @property
    def can_redo(self) -> bool:
        return bool(self._redo)

    @property
    def undo_description(self) -> str:
        return self._undo[-1].description if self._undo else ""

    @property
    def redo_description(self) -> str:
        return self._redo[-1].description if self._redo else ""

    @property
    def last_step(self) -> str | None:
        return self.store.get_last_step(self.report_id)

    def set_last_step(self, step: str | None) -> None:
        """Remember the wizard step to reopen at; not an edit (no undo, no listeners)."""
        self.store.set_last_step(self.report_id, step)

    # --- findings --------------------------------------------------------------------------

    def findings_for(self, key: str) -> list[Finding]:
        """Current findings whose cells include `key` (info findings too)."""
        return list(self._by_cell.get(key, ()))

    @property
    def sign_off(self) -> SignOff:
        """What stands between the report and a final version (models/signoff.py)."""
        return sign_off(self.findings)

    @property
    def orphaned_explanations(self) -> dict[str, str]:
        """说明 kept in the report that answer no current finding (shown apart, never re-attached)."""
        return orphaned_explanations(self.report.explanations, self.findings)

    def step_state(self, step: str) -> str:
        """"error" | "warning" | "ok": the worst severity among the step's findings (info never
        counts). "review" and "export" count every finding."""
        if step not in STEPS:
            raise ValueError(f"unknown wizard step {step!r}; steps are {STEPS}")
        return self._step_states.get(step, "ok")

    def step_counts(self, step: str) -> dict[str, int]:
        """How many 强制 ("error") findings and 核实 ("warning") findings without a 说明 are left
        for the step."""
        counts = self._step_counts.get(step, {})
        return {ERROR: counts.get(ERROR, 0), WARNING: counts.get(WARNING, 0)}

    def _check(self) -> None:
        self.findings = check_report(self.report, self.previous, signing_options()) + self._claim_findings()
        by_cell: dict[str, list[Finding]] = {}
        states: dict[str, str] = {}
        counts: dict[str, dict[str, int]] = {}
        for f in self.findings:
            for key in f.cells:
                by_cell.setdefault(key, []).append(f)
            if f.severity == INFO:
                continue
            state = _STATE.get(f.severity)
            if state is None:
                continue
            for step in _steps_of(f):
                if states.get(step) != "error":
                    states[step] = state
                if f.severity == WARNING and (f.explanation or "").strip():
                    continue            # answered by its 说明: nothing left to do for it
                per_step = counts.setdefault(step, {})
                per_step[f.severity] = per_step.get(f.severity, 0) + 1
        self._by_cell = by_cell
        self._step_states = states
        self._step_counts = counts

    def _claim_findings(self) -> list[Finding]:
        """A pasted total that disagrees with the sum of its parts, as a finding of the total's
        own rule (H-2, H-3, H-6…), with the parts a typo most likely sits in."""
        from models.typos import suspects

        found = []
        for identity in self._layout.identities:
            claimed = self.claimed_totals.get(identity.total)
            if claimed is None:
                continue
            computed = self.report.number(identity.total)
            if computed == claimed:
                del self.claimed_totals[identity.total]      # the parts agree now
                continue
            name = self._layout.cells[identity.total].name
            terms = [(k, self.report.number(k), -1) for k in identity.addends]
            likely = suspects(terms, claimed - computed) if isinstance(claimed, int) else ()
            where = f"；最可能输错的是：{'、'.join(self._layout.cells[k].name for k in likely)}" if likely else ""
            found.append(Finding(
                identity.rule, ERROR, (identity.total,) + identity.addends,
                f"粘贴的原表中{name} 为 {claimed}，但{identity.addends_phrase}为 {computed}，相差 {abs(claimed - computed)}"
                f"{where}。合计已按分项重新计算：请核对原表、改正输错的分项；若是原表的合计有误，"
                f"点“以分项之和为准”。", subject="粘贴", suspects=likely))
        return found

    def accept_computed_totals(self) -> Change:
        """The clerk takes the sums of the parts over the totals a paste stated."""
        keys = frozenset(self.claimed_totals)
        self.claimed_totals.clear()
        for step in self._undo + self._redo:
            step.claims = None
        return self._done(Change(cells=keys, description="以分项之和为准"), typing=self._typing) if keys else Change()

    # --- cells ------------------------------------------------------------------------------

    def set_cell(self, key: str, value: Value) -> Change:
        self._editable(key)
        return self._edit_cells({key: value}, f"修改 {self._layout.cells[key].name}")

    def input_cell(self, key: str, text: str) -> Change:
        """What the clerk typed; InputError (nothing changes) when it is not a value for the cell."""
        cell = self._editable(key)
        return self.set_cell(key, parse_input(cell.kind, text))

    def set_cells(self, values: dict[str, object], description: str = "") -> Change:
        """Several cells as ONE undo step and ONE store transaction."""
        for key in values:
            self._editable(key)
        return self._edit_cells(dict(values), description or f"修改 {len(values)} 个单元格")

    def clear_cells(self, keys: Iterable[str]) -> Change:
        """The Delete key: the cells become empty (None)."""
        keys = list(dict.fromkeys(keys))
        for key in keys:
            self._editable(key)
        description = (f"清除 {self._layout.cells[keys[0]].name}" if len(keys) == 1
                       else f"清除 {len(keys)} 个单元格")
        return self._edit_cells(dict.fromkeys(keys), description)

    def paste(self, start_key: str, text: str) -> Change:
        """A block copied from Excel/WPS, filled into the table from `start_key` row by row in
        the order of `positions`. Totals inside the block are not written (totals are always
        computed) but compared: a pasted total that disagrees with the sum of the pasted parts
        becomes a finding (`claimed_totals`), never dropped in silence; a total that cannot be read
        as a figure is ignored. Refused as a whole — InputError naming the cell and the value —
        when any value is invalid or the block runs past the table's edge."""
        layout = self._layout
        if start_key not in layout.cells:
            raise ValueError(f"{layout.name} 版报告格式中没有单元格“{start_key}”")
        block = parse_clipboard(text)
        if not block:
            return Change()
        table, r0, c0 = locate(layout, start_key)
        grid = positions(layout, table)
        start_name = layout.cells[start_key].name
        values: dict[str, Value] = {}
        claims: dict[str, Value] = {}
        for i, row in enumerate(block):
            for j, raw in enumerate(row):
                r, c = r0 + i, c0 + j
                if r >= len(grid) or c >= len(grid[r]):
                    width = max(len(row) for row in block)
                    raise InputError(
                        f"粘贴的内容有 {len(block)} 行 {width} 列，从“{start_name}”开始放不下："
                        f"第 {i + 1} 行第 {j + 1} 列超出了表格范围。请检查复制的区域或粘贴的起始单元格，"
                        f"本次粘贴未作任何修改。")
                cell = layout.cells[grid[r][c]]
                if cell.is_total:
                    try:
                        claimed = parse_input(cell.kind, raw)
                    except InputError:
                        continue
                    if claimed is not None:
                        claims[cell.key] = claimed
                    continue
                try:
                    values[cell.key] = parse_input(cell.kind, raw)
                except InputError as exc:
                    raise InputError(_paste_problem(i, j, raw, cell.name, str(exc))) from None
        if not values:
            return Change()
        before = dict(self.claimed_totals)
        self.claimed_totals.update(claims)
        try:
            change = self._edit_cells(values, f"粘贴 {len(values)} 个单元格")
        except BaseException:
            self.claimed_totals = before
            raise
        if change and claims:
            self._undo[-1].claims = claims
        elif claims:          # the parts were already there: the comparison still stands
            change = self._done(Change(cells=frozenset(claims), description="粘贴"), typing=self._typing)
        return change

    def _editable(self, key: str):
        cell = self._layout.cells.get(key)
        if cell is None:
            raise ValueError(f"{self._layout.name} 版报告格式中没有单元格“{key}”")
        if cell.is_total:
            raise InputError(f"“{cell.name}”是合计：{TOTAL_REFUSED}")
        return cell

    def _edit_cells(self, values: dict[str, Value], description: str) -> Change:
        cells, origins = self.report.cells, self.origins
        for key, value in values.items():
            why = problem(self._layout.cells[key].kind, value)
            if why:
                raise InputError(f"“{self._layout.cells[key].name}”填写有误：{why}（{value!r}）")
        # an unchanged value that is already "typed" is no change at all
        changed = {k: v for k, v in values.items()
                   if not (k in cells and _same(cells[k], v) and origins.get(k) == "typed")}
        if not changed:
            return Change()
        before = {k: (cells.get(k, _ABSENT), origins.get(k)) for k in changed}
        after = {k: (v, "typed") for k, v in changed.items()}
        change = self._apply("cells", after, description)
        self._push(_Step("cells", before, after, description))
        return self._done(change)

    def _computed_totals(self, cells: dict, values: dict) -> dict[str, Value]:
        """The totals that change when `values` are written over `cells` (missing ones included)."""
        scratch = Report(self.report.year, self.report.unit, self.report.format, cells={**cells, **values})
        scratch.fill_totals()
        new = scratch.cells
        return {t: new[t] for t in self._totals if t not in cells or not _same(cells[t], new[t])}

    # --- narrative and the rest -------------------------------------------------------------

    def set_text(self, key: str, body: str, *, merge: bool = True) -> Change:
        """One narrative section. With merge, consecutive calls on the same key (typing) are one
        undo step. A paragraph taken over from last year that the edit changes loses its mark, and
        so does a sentence of 参考文本 (it is the clerk's own now: models/marks.py)."""
        if key not in TEXT_KEYS:
            raise ValueError(f"报告中没有名为“{key}”的文字部分")
        return self._edit_text(key, body, marks.live(self._marks_of(key), key, body), merge=merge)

    def insert_reference(self, key: str, body: str, source: str, inserted: str) -> Change:
        """The section as it is with 参考文本 (`source`: models.marks.GENERATORS) inserted: one
        undo step, and every sentence of `inserted` known as 参考文本's while it stays as written."""
        if source not in marks.GENERATORS:
            raise ValueError(f"unknown 参考文本 {source!r}")
        kept = marks.live(self._marks_of(key), key, body)
        return self._edit_text(key, body, kept + marks.generated(key, inserted, source), merge=False,
                               description=f"插入参考文本（{_heading(key)}）")

    def confirm_carried(self, key: str, paragraphs: Iterable[str] | None = None) -> Change:
        """The clerk has read these paragraphs taken over from last year (all of `key` when None)
        and keeps them as they are: their marks go, in one undo step."""
        chosen = None if paragraphs is None else set(paragraphs)
        kept = tuple(m for m in self._marks_of(key)
                     if not (m.kind == marks.CARRIED and (chosen is None or m.body in chosen)))
        if len(kept) == len(self._marks_of(key)):
            return Change()
        return self._edit_text(key, self.report.text.get(key, ""), kept, merge=False,
                               description=f"确认已核对（{_heading(key)}）")

    def rewrite_sentence(self, finding: Finding) -> Change:
        """「按表格更新此句」: the stale sentence of 参考文本 that `finding` (S-9) quotes, replaced by
        the one 参考文本 writes now — one undo step; the new sentence is 参考文本's in turn."""
        key, old, new = finding.subject, finding.quote, finding.rewrite
        text = self.report.text.get(key or "", "")
        if not (old and new and key) or old not in text:
            raise InputError("这句话已经改动过，无法按表格更新；请直接修改正文。")
        body = text.replace(old, new, 1)
        kept = tuple(m if not (m.kind == marks.GENERATED and m.body == old) else replace(m, body=new)
                     for m in self._marks_of(key))
        return self._edit_text(key, body, marks.live(kept, key, body), merge=False,
                               description=f"按表格更新此句（{_heading(key)}）")

    def carried_paragraphs(self, key: str) -> list[str]:
        """The paragraphs of `key` taken over from last year and not yet edited or confirmed."""
        return [m.body for m in marks.live(self._marks_of(key), key, self.report.text.get(key))
                if m.kind == marks.CARRIED]

    def _marks_of(self, key: str) -> tuple[TextMark, ...]:
        return tuple(m for m in self.report.marks if m.key == key)

    def _flag_review(self) -> None:
        self.needs_review = {m.key: True for m in self.report.marks if m.kind == marks.CARRIED
                             and marks.holds(m, self.report.text.get(m.key) or "")}

    def _edit_text(self, key: str, body: str, key_marks: tuple[TextMark, ...], *, merge: bool,
                   description: str | None = None) -> Change:
        heading = _heading(key)
        _check_text(heading, body)
        before = (key, self.report.text.get(key), self._marks_of(key))
        after = (key, body, tuple(dict.fromkeys(key_marks)))
        if before == after:
            return Change()
        step = self._typing
        if merge and step is not None and self._undo and self._undo[-1] is step and step.after[0] == key:
            change = self._apply("text", after, step.description)
            step.after = after
            self._redo.clear()
            return self._done(change, typing=step)
        step = _Step("text", before, after, description or f"编辑 {heading}")
        change = self._apply("text", after, step.description)
        self._push(step)
        # typing after an insertion, a confirmation or a rewrite is an undo step of its own
        return self._done(change, typing=step if description is None else None)

    def set_explanation(self, key: str, body: str) -> Change:
        """The 说明 answering one finding, kept under its id (`Finding.id`; a bare rule ID, as
        older reports have, answers every finding of that rule); an empty body removes it."""
        _check_text(f"{key.split('|', 1)[0]} 的说明", body or "")
        before = (key, self.report.explanations.get(key))
        after = (key, body if body and body.strip() else None)
        if before == after:
            return Change()
        return self._simple_edit("explanation", before, after, f"填写 {key.split('|', 1)[0]} 的说明")

    def set_fees(self, fees: Fees | None) -> Change:
        why = fees and fees_problem(fees)
        if why:
            raise InputError(why)
        before, after = _copy_fees(self.report.fees), _copy_fees(fees)
        if _fees_key(before) == _fees_key(after):
            return Change()
        return self._simple_edit("fees", before, after, "修改 信息处理费")

    def set_unit(self, *, name=_UNCHANGED, kind=_UNCHANGED, level=_UNCHANGED) -> Change:
        unit = self.report.unit
        before = {"name": unit.name, "kind": unit.kind, "level": unit.level}
        after = before | {k: v for k, v in (("name", name), ("kind", kind), ("level", level))
                          if v is not _UNCHANGED}
        if before == after:
            return Change()
        new_name = after["name"]
        why = unit_name_problem(new_name if isinstance(new_name, str) else "")
        if why:
            raise InputError(why)
        _check_text("单位名称", new_name)
        return self._simple_edit("unit", before, after, "修改 单位信息")

    def set_published(self, day: date | None) -> Change:
        before = self.report.published
        if before == day:
            return Change()
        return self._simple_edit("published", before, day, "修改 发布日期")

    def _simple_edit(self, kind: str, before, after, description: str) -> Change:
        change = self._apply(kind, after, description)
        self._push(_Step(kind, before, after, description))
        return self._done(change)

    # --- undo / redo ---------------------------------------------------------------------------

    def undo(self) -> Change | None:
        if not self._undo:
            return None
        step = self._undo[-1]
        change = self._apply(step.kind, step.before, step.description)   # raises: nothing moves
        self._redo.append(self._undo.pop())
        for key in step.claims or ():
            self.claimed_totals.pop(key, None)
        return self._done(change)

    def redo(self) -> Change | None:
        if not self._redo:
            return None
        step = self._redo[-1]
        change = self._apply(step.kind, step.after, step.description)
        self._undo.append(self._redo.pop())
        self.claimed_totals.update(step.claims or {})
        return self._done(change)

    # --- the one place that writes -------------------------------------------------------------

    def _apply(self, kind: str, state, description: str) -> Change:
        """Persist `state` (one store call, see `_store`), then put it in memory. Returns what
        changed."""
        store, rid, report = self.store, self.report_id, self.report
        if kind == "cells":
            values = {k: None if v is _ABSENT else v for k, (v, _) in state.items()}
            used = {o for _, o in state.values() if o is not None}
            origin = used.pop() if len(used) == 1 else "typed"
            written = {**values, **self._computed_totals(report.cells, values)}
            stored = self._store(lambda: store.set_cells(rid, written, origin),
                                 lambda unsaved: unsaved.cells.update(written))
            if stored is not _NOT_STORED:   # the totals as computed from what is stored
                written.update({k: v for k, v in stored.items()
                                if k in written or not _same(report.cells.get(k), v)})
            report.cells.update(written)
            self.origins.update(dict.fromkeys(written, origin))
            return Change(cells=frozenset(written), description=description)
        if kind == "text":
            key, body, key_marks = state
            flag = any(m.kind == marks.CARRIED for m in key_marks)
            self._store(lambda: store.set_text(rid, key, body, needs_review=flag, marks=key_marks),
                        lambda unsaved: unsaved.texts.add(key))
            if body is None:
                report.text.pop(key, None)
            else:
                report.text[key] = body
            report.marks = tuple(m for m in report.marks if m.key != key) + key_marks
            self._flag_review()
            return Change(texts=frozenset((key,)), description=description)
        if kind == "explanation":
            key, body = state
            self._store(lambda: store.set_explanation(rid, key, body),
                        lambda unsaved: unsaved.explanations.add(key))
            if body is None:
                report.explanations.pop(key, None)
            else:
                report.explanations[key] = body
        elif kind == "fees":
            self._store(lambda: store.set_fees(rid, state), lambda unsaved: setattr(unsaved, "fees", True))
            report.fees = _copy_fees(state)
        elif kind == "unit":
            # always tried at once: a duplicate name is refused by the store, not kept
            self._store(lambda: store.update_unit(self._unit_id, **state),
                        lambda unsaved: setattr(unsaved, "unit", True), wait=True)
            for unit in (report.unit, self.previous and self.previous.unit):
                if isinstance(unit, Unit):
                    unit.name, unit.kind, unit.level = state["name"], state["kind"], state["level"]
        elif kind == "published":
            self._store(lambda: store.set_published(rid, state),
                        lambda unsaved: setattr(unsaved, "published", True))
            report.published = state
        else:   # pragma: no cover - a bug
            raise AssertionError(kind)
        return Change(meta=True, description=description)

    def _push(self, step: _Step) -> None:
        self._undo.append(step)
        self._redo.clear()

    def _done(self, change: Change, typing: _Step | None = None) -> Change:
        self._typing = typing
        self._check()
        for callback in list(self._listeners):
            callback(change)
        return change


def _check_text(what: str, body: str) -> None:
    """The bounds of data-file.md on a text the clerk typed (a paste is cleaned by the window
    before it gets here): printable characters only, at most SECTION_MAX_CHARS."""
    if len(body) > SECTION_MAX_CHARS:
        raise InputError(f"“{what}”有 {len(body):,} 个字，超过每部分 {SECTION_MAX_CHARS:,} 个字的上限，"
                         f"超出的部分未保存。请删减后再继续。")
    why = text_problem(body)
    if why:
        raise InputError(f"“{what}”中{why}，未保存。请删除该字符。")


def _heading(key: str) -> str:
    return PREAMBLE_LABEL if key == "preamble" else SECTION_BY_KEY[key].heading


def _copy_fees(fees: Fees | None) -> Fees | None:
    return None if fees is None else replace(fees)


def _fees_key(fees: Fees | None):
    """Compared as written: 25.0 and 25.00 yuan are different entries."""
    return None if fees is None else (fees.notices, str(fees.notice_amount_yuan), str(fees.collected_yuan))


def _own_steps(f: Finding) -> list[str]:
    """The finding's steps other than review/export: its rule's narrative or unit step first,
    then the tables of its cells."""
    steps = list(RULE_STEPS.get(f.rule, ()))
    if f.subject in TEXT_STEPS:
        steps.insert(0, TEXT_STEPS[f.subject])
    for key in f.cells:
        table = key.partition(".")[0]
        if table not in steps:
            steps.append(table)
    return steps


def step_of(f: Finding) -> str:
    """The one wizard step where the finding is fixed, for jumping to it: the rule's step (S-9 →
    "s1", S-10 → "s6", S-14 → "unit"…), else the table of its first cell, else "review"."""
    steps = _own_steps(f)
    return steps[0] if steps else "review"


def _steps_of(f: Finding) -> set[str]:
    """Every step whose state the finding counts for."""
    return {*_own_steps(f), *_OVERALL_STEPS}


def _paste_problem(i: int, j: int, raw: str, name: str, message: str) -> str:
    """parse_input's message, reworded to say where in the pasted block the value was."""
    shown = raw.strip().replace("\u3000", "")
    prefix = f"“{shown}”"
    where = f"粘贴的第 {i + 1} 行第 {j + 1} 列“{shown}”（{name}）"
    rest = message[len(prefix):] if message.startswith(prefix) else "：" + message
    return f"{where}{rest}。本次粘贴未作任何修改。"
