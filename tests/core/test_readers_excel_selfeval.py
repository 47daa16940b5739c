"""Excel 自评表: the writer's layout read back exactly, variants like it, bad cells."""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from jixiao.core.findings import ReadError
from jixiao.core.model import SelfEvaluation
from jixiao.core.readers import read_document
from jixiao.core.readers.excel import read_excel
from jixiao.core.scoring import score_selfeval
from jixiao.core.writers.excel_selfeval import TITLE, write_selfeval_xlsx

DATA = Path(__file__).resolve().parent.parent / "data"
FIXTURES = ["selfeval-formulas.yaml", "selfeval-missing-points.yaml", "selfeval-typical.yaml"]


def load(name: str) -> SelfEvaluation:
    doc = read_document(DATA / name).document
    assert isinstance(doc, SelfEvaluation)
    return doc


def xlsx_bytes(wb: Workbook) -> bytes:
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def read_back(data: bytes) -> SelfEvaluation:
    doc = read_excel(data, "t.xlsx").document
    assert isinstance(doc, SelfEvaluation)
    return doc


@pytest.mark.parametrize("name", FIXTURES)
def test_round_trip_published_form_is_the_same_document(name: str) -> None:
    doc = load(name)
    buf = io.BytesIO()
    write_selfeval_xlsx(doc, None, buf, scores="published")
    assert read_back(buf.getvalue()).to_dict() == doc.to_dict()


def test_round_trip_through_a_file_and_read_document(tmp_path: Path) -> None:
    doc = load("selfeval-formulas.yaml")
    out = tmp_path / "自评表.xlsx"
    write_selfeval_xlsx(doc, None, out, scores="published")
    assert read_document(out).document.to_dict() == doc.to_dict()


@pytest.mark.parametrize("name", FIXTURES)
def test_computed_form_rescores_without_score_findings(name: str) -> None:
    doc = load(name)
    report = score_selfeval(doc)
    buf = io.BytesIO()
    write_selfeval_xlsx(doc, report, buf)
    back = read_back(buf.getvalue())
    assert [i.published_score for i in back.indicators] == [i.score for i in report.indicators]
    assert back.published_total == report.total
    again = score_selfeval(back)
    assert [f.rule for f in again.findings if f.rule != "points-sum"] == []


def test_form_layout_and_print_setup() -> None:
    doc = load("selfeval-formulas.yaml")
    buf = io.BytesIO()
    write_selfeval_xlsx(doc, score_selfeval(doc), buf)
    wb = load_workbook(io.BytesIO(buf.getvalue()))
    ws = wb[TITLE]
    assert ws["A1"].value == TITLE
    assert int(ws.page_setup.paperSize or 0) == int(ws.PAPERSIZE_A4)
    assert ws.page_setup.orientation == "portrait"
    assert ws.page_setup.fitToWidth == 1
    assert ws.sheet_properties.pageSetUpPr is not None
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    labels = {c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)}
    for label in (
        "项目名称",
        "主管部门",
        "实施单位",
        "年初预算数",
        "全年预算数（A）",
        "全年执行数（B）",
        "执行率（B/A）",
        "年度总体目标",
        "一级指标",
        "二级指标",
        "三级指标",
        "年度指标值",
        "实际完成值",
        "偏差原因分析及改进措施",
        "总分",
    ):
        assert label in labels, label
    merged = [str(r) for r in ws.merged_cells.ranges]
    header = next(c.row for row in ws.iter_rows() for c in row if c.value == "三级指标")
    # 绩效指标 labels the whole table; 产出指标 spans its seven rows; 成本指标 its two.
    assert ws.cell(header, 1).value == "绩效指标"
    assert f"A{header}:A{header + 12}" in merged
    assert f"B{header + 1}:B{header + 7}" in merged
    assert f"C{header + 2}:C{header + 3}" in merged
    assert ws.cell(header + 1, 4).border.left.style == "thin"
    assert Decimal(repr(ws.cell(header + 1, 8).value)) == Decimal("8.62")
    assert ws.cell(header + 1, 8).number_format == "0.00"
    assert ws.cell(header + 4, 5).data_type == "s"  # "=0起" is text, not a formula
    assert ws.cell(header + 13, 1).value == "总分"
    assert "复核" in wb.sheetnames


def variant_workbook(points: object = 20) -> Workbook:
    """A 自评表 laid out like ours but different: split target columns, Anhui labels,
    no merges, numbers as numbers, a percent-formatted actual."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "自评"
    ws.append(["2023年度项目支出绩效自评表"])
    ws.append(["项目名称：农村公路养护"])
    ws.append(["主管部门", "某县交通运输局", None, "实施单位", "某县公路站"])
    ws.append(["单位：元"])
    ws.append([None, None, "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"])
    ws.append([None, "年度资金总额", 500000, 500000, 450000, 10, 0.9, 9])
    ws.append(
        [
            "一级指标",
            "二级指标",
            "三级指标",
            "指标性质",
            "指标值",
            "度量单位",
            "全年实际值",
            "分值",
            "得分",
            "未完成原因及拟采取的改进措施",
        ]
    )
    ws.append(["产出指标", "数量指标", "养护里程", "≥", 120, "公里", 120, points, 20, None])
    ws.append([None, "质量指标", "优良路率", "≥", 85, "%", 0.8, 20, 18.8, "资金不足"])
    ws.cell(9, 7).number_format = "0%"
    ws.append([None, "成本指标", "每公里养护成本", "≤", 4000, "元", "3800元", 10, 10, None])
    ws.append(
        [
            "效益指标",
            "社会效益指标",
            "群众出行条件",
            None,
            "明显改善",
            None,
            "达成预期指标",
            30,
            30,
            None,
        ]
    )
    ws.append(["满意度指标", "服务对象满意度指标", "群众满意度", "≥", 90, "%", "95%", 10, 10, None])
    ws.append(["总分", None, None, None, None, None, None, 100, 97.8, "优"])
    ws.cell(13, 9).number_format = "0.00"
    return wb


def test_variant_layout_reads() -> None:
    doc = read_back(xlsx_bytes(variant_workbook()))
    assert doc.year == 2023
    assert doc.project.name == "农村公路养护"
    assert (doc.project.supervisor, doc.project.implementer) == ("某县交通运输局", "某县公路站")
    assert doc.money_unit == "元"
    assert (doc.funds.annual, doc.funds.executed) == (Decimal(500000), Decimal(450000))
    assert (doc.execution.points, doc.execution.published_score) == (Decimal(10), Decimal(9))
    assert [i.target for i in doc.indicators] == ["≥120公里", "≥85%", "≤4000元", "明显改善", "≥90%"]
    assert [i.actual for i in doc.indicators] == ["120", "80%", "3800元", "达成预期指标", "95%"]
    assert [i.level1 for i in doc.indicators] == ["产出指标"] * 3 + ["效益指标", "满意度指标"]
    assert doc.indicators[1].reason == "资金不足"
    assert doc.published_total == Decimal("97.80")
    assert doc.published_grade == "优"
    r = score_selfeval(doc)
    assert str(r.indicators[1].score) == "18.82"  # 80/85×20
    assert str(r.total) == "97.82"


def test_bad_number_cell_names_sheet_row_and_column() -> None:
    with pytest.raises(ReadError) as exc:
        read_excel(xlsx_bytes(variant_workbook(points="十分")), "t.xlsx")
    text = str(exc.value)
    assert "工作表“自评”" in text
    assert "第8行" in text
    assert "H列" in text
    assert "“分值”应为数字，实为“十分”" in text


def test_points_written_with_unit_are_accepted() -> None:
    doc = read_back(xlsx_bytes(variant_workbook(points="20 分")))
    assert doc.indicators[0].points == Decimal(20)


def test_unknown_workbook_says_what_was_expected() -> None:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["姓名", "电话"])
    with pytest.raises(ReadError, match=r"自评表应有.*实际完成值"):
        read_excel(xlsx_bytes(wb), "t.xlsx")


def test_not_an_excel_file() -> None:
    with pytest.raises(ReadError, match="无法打开 Excel"):
        read_excel(b"PK\x03\x04 not really", "t.xlsx")


def yunnan_workbook() -> Workbook:
    """The Yunnan 公开14表 shape: a two-row indicator header (年度指标值 split into
    指标性质 / 指标值 / 度量单位 below), ≧ and ═ operators, 总分 at the end of a
    "其他需要说明事项" row, and money in 元."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["2022年度项目支出绩效自评表"])
    ws.append(
        ["项目名称", "营养改善计划", None, None, "主管部门", "某县教育局", "实施单位", "某中学"]
    )
    ws.append(
        ["项目资金（元）", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"]
    )
    ws.append(["年度资金总额", 1000, 1000, 980, 10, 0.98, 9.8])
    ws.append(
        [
            "绩效指标",
            None,
            None,
            "年度指标值",
            None,
            None,
            "实际完成值",
            "分值",
            "得分",
            "偏差原因分析及改进措施",
        ]
    )
    ws.merge_cells("D5:F5")
    ws.append(["一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位"])
    ws.append(["产出指标", "数量指标", "受助人数", "≧", 735, "人次", "735", 40, 40])
    ws.append([None, "质量指标", "总分达标率", "≧", 90, "%", "95%", 10, 10])
    ws.append([None, "生态效益 指标"])
    ws.append(["效益指标", "社会效益指标", "政策知晓率", "═", 100, "%", "98%", 30, 29.4])
    ws.append(["满意度指标", "服务对象满意度指标", "学生满意度", "≧", 95, "%", "100%", 10, 10])
    ws.append(["其他需要说明事项", "无", "总分", 100, 99.2, "优"])
    return wb


def test_two_row_header_and_total_in_a_remarks_row() -> None:
    doc = read_back(xlsx_bytes(yunnan_workbook()))
    assert doc.money_unit == "元"
    assert [i.target for i in doc.indicators] == ["≧735人次", "≧90%", "═100%", "≧95%"]
    assert [i.actual for i in doc.indicators] == ["735", "95%", "98%", "100%"]
    assert [str(i.points) for i in doc.indicators] == ["40", "10", "30", "10"]
    assert doc.published_total == Decimal("99.2")
    assert doc.published_grade == "优"
    r = score_selfeval(doc)
    assert [str(i.score) for i in r.indicators] == ["40.00", "10.00", "29.40", "10.00"]
    assert r.findings == []


def test_direction_column_and_weights() -> None:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(
        [
            "一级指标",
            "二级指标",
            "三级指标",
            "指标方向性",
            "年度指标值",
            "实际完成值",
            "权重(%)",
            "得分",
        ]
    )
    ws.append(["产出指标", "成本指标", "单位成本", "反向指标", "4", "5", 50, 40])
    ws.append(["效益指标", "社会效益指标", "覆盖率", "正向指标", "90", "81", 50, 45])
    doc = read_back(xlsx_bytes(wb))
    assert [i.extra for i in doc.indicators] == [{"direction": "反向"}, {"direction": "正向"}]
    assert [i.points for i in doc.indicators] == [Decimal(50), Decimal(50)]
    r = score_selfeval(doc)
    assert [str(i.score) for i in r.indicators] == ["40.00", "45.00"]  # 4/5×50, 81/90×50
