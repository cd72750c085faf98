"""The office above in the app (issue 12): the reviewer's 审核汇总 mode — the roster, what arrived,
a unit's report read-only with a comment box beside each finding, 退回/通过, 雷同 side by side, 汇总 —
and, on the unit's side, 报送上级 and opening a file that came back. The work is in models/office/."""
