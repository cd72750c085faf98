"""Reports of many different units for the office-above tests: consistent tables with figures of
their own, and narratives of their own that share only the sentences every unit writes."""

from __future__ import annotations

import random
from decimal import Decimal

from models.report import Report, Unit
from tests.factory import good_report

VERBS = ("完善", "规范", "加强", "健全", "优化", "落实", "推进", "深化", "细化", "强化", "改进", "更新")
OBJECTS = ("政府信息公开目录", "依申请公开办理流程", "政策解读工作", "政务新媒体管理", "公开平台栏目设置",
           "保密审查机制", "基层政务公开标准", "答复文书模板", "信息发布审核制度", "公开工作考核办法",
           "重点领域信息公开", "政府网站内容保障")
MANNERS = ("按季度开展检查", "由专人负责跟踪", "结合群众意见逐项整改", "纳入年度考核", "组织专题培训两次",
           "邀请第三方评估", "建立工作台账", "开展交叉检查")
TEMPLATE = "坚持以公开为常态、不公开为例外。本年度未收取信息处理费。"


def own_text(seed: int, clauses: int = 18) -> str:
    """A narrative of its own: clauses drawn from 12 × 12 × 8 verb-object-manner triples."""
    rng = random.Random(seed)
    parts = [f"{rng.choice(VERBS)}{rng.choice(OBJECTS)}并{rng.choice(MANNERS)}" for _ in range(clauses)]
    return "；".join(parts) + "。"


def unit_report(n: int, year: int = 2024, factor: int = 1, name: str | None = None) -> Report:
    """Unit n's report: good_report's tables times `factor` (every identity still holds), a name
    and a narrative of its own."""
    report = good_report(year)
    report.unit = Unit(name or f"第{n}镇人民政府", "gov", "township")
    report.cells = {k: (v * factor if v is not None else None) for k, v in report.cells.items()}
    report.text = {
        "s1": "（一）主动公开\n" + own_text(n) + "\n（五）监督保障\n开展工作考核和社会评议，未发生责任追究情况。",
        "s5": "存在的主要问题：" + own_text(1000 + n, 6),
        "s6": TEMPLATE,
    }
    return report


def copy_of(source: Report, n: int) -> Report:
    """Unit n's report whose narrative is copied from `source` (its own name put in, figures changed)."""
    copied = unit_report(n, source.year, factor=2)
    copied.text = {k: v.replace(source.unit.name, copied.unit.name).replace("两次", "3次")
                   for k, v in source.text.items()}
    return copied


def amounts(report: Report) -> Decimal:
    return report.cells["t2.sf.amount"]
