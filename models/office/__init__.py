"""The office above (the county's 政务公开办): what a unit sends up, and what the office does with it.

- `package`: the data package (.gkpkg) a unit sends — written from the export and the check
  sheet, read back only when every file matches its hash;
- `sources`: any file that may hold a unit's report (.gkpkg, .json, a published .docx/.html), read
  the same way by the command line, the roster and the unit's 打开数据文件;
- `similarity`: 雷同 across units — narrative shared between units, found through an index of
  clauses and measured exactly as data-file.md defines `share`;
- `review`: many reports checked together (the `review` command, worker processes for thousands),
  and `workbook`, what it writes (and the 汇总表 of the units side by side);
- `commands`: `main.py review` and `main.py aggregate`;
- `aggregate`: the tables of many units added cell by cell (the `aggregate` command, 汇总);
- `roster`: the office's own records in the app's database — the units that must file, the
  deadline, what arrived, the reviewer's comments, 退回 and 通过;
- `intake`: bringing in every report under the files and folders chosen (or dropped), in batches;
- `opinion`: the 审核意见 .docx that goes back with a returned report;
- `readonly`: a report opened for viewing only (the reviewer's wizard).

Nothing here imports Qt.
"""
