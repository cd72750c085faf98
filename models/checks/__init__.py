"""Every check of shared/spec/rules.md, by stable rule ID.

`check_report(report, previous)` runs them all and returns findings
`{rule, severity, cells, message}`; 核实 findings carry the clerk's 说明 when the report
has one for that rule. Cross-year rules run only when last year's report is given.
"""

from models.checks.base import (
    ERROR, INFO, SEVERITY_LABEL, WARNING, CheckOptions, Finding, RULES, check_report, has_errors,
)
# importing the rule modules registers their rules
from models.checks import cells, filing, narrative, quoted, table2, table3, table4, trend  # noqa: F401,E402

__all__ = ["ERROR", "WARNING", "INFO", "SEVERITY_LABEL", "CheckOptions", "Finding", "RULES",
           "check_report", "has_errors"]
