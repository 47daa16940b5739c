"""The payment ledger reader: encodings, dates, units, reversals, duplicates, errors
naming their rows, all-or-nothing, and bounds."""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from jixiao.core.findings import ReadError
from jixiao.core.monitoring.ledger import LedgerError, Payment, read_ledger
from jixiao.core.monitoring.settings import Limits
from tests.core.monitoring_support import HEADER, SAMPLE_LEDGER, sample_plan, small_plan


def read(
    text: str, *, encoding: str = "utf-8", name: str = "ledger.csv", limits: Limits | None = None
):
    return read_ledger(text.encode(encoding), name, small_plan(), limits=limits)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_encodings(encoding: str) -> None:
    ledger = read(HEADER + "2024-03-15,V1,A001,1200.50\n", encoding=encoding)
    assert ledger.payments == [Payment("A001", date(2024, 3, 15), Decimal("1200.50"), "V1", 2)]
    assert ledger.money_unit == "元"


@pytest.mark.parametrize(
    "written",
    [
        "2024-03-05",
        "2024/3/5",
        "2024年3月5日",
        "2024.3.5",
        "20240305",
        "2024-03-05 14:22:10",
        "２０２４－０３－０５",
    ],
)
def test_date_forms(written: str) -> None:
    ledger = read(f"日期,项目编码,金额\n{written},A001,10\n")
    assert ledger.payments[0].date == date(2024, 3, 5)


def test_unit_from_the_header_and_amount_forms() -> None:
    ledger = read(
        '支付日期,项目,金额（万元）\n2024-01-10,A001,1.5\n2024-01-11,A001,"2,000.25"\n'
        "2024-01-12,A001,(0.5)\n2024-01-13,A001,１．２５\n"
    )
    assert ledger.money_unit == "万元"
    assert [p.amount for p in ledger.payments] == [
        Decimal("15000.0"), Decimal("20002500.00"), Decimal("-5000.0"), Decimal("12500.00"),
    ]  # fmt: skip


def test_english_headers_and_tab_separated() -> None:
    ledger = read("Payment Date\tProject\tAmount\tVoucher\n2024-02-01\tB002\t300\tX-1\n")
    assert ledger.payments == [Payment("B002", date(2024, 2, 1), Decimal(300), "X-1", 2)]
    assert ledger.columns == {
        "date": "Payment Date",
        "project": "Project",
        "amount": "Amount",
        "voucher": "Voucher",
    }


def test_header_below_a_title_row_and_blank_lines() -> None:
    ledger = read(
        "巨鹿县政法委支付明细（2024年）\n\n"
        + HEADER
        + "2024-03-15,V1,A001,100\n\n2024-03-16,V2,A001,50\n"
    )
    assert [(p.row, p.amount) for p in ledger.payments] == [(4, Decimal(100)), (6, Decimal(50))]


def test_a_project_without_code_is_matched_by_its_exact_name() -> None:
    ledger = read("支付日期,项目名称,金额\n2024-04-01,丙项目,80\n2024-04-02, 丙 项目 ,20\n")
    assert [p.project for p in ledger.payments] == ["丙项目", "丙项目"]


def test_a_name_column_is_used_where_the_code_cell_is_empty() -> None:
    ledger = read(
        "支付日期,项目编码,项目名称,金额\n2024-04-01,,丙项目,80\n2024-04-02,A001,甲项目,20\n"
    )
    assert [p.project for p in ledger.payments] == ["丙项目", "A001"]


def test_reversal_under_its_own_voucher_and_under_the_paid_voucher() -> None:
    ledger = read(
        HEADER
        + "2024-05-08,V1,A001,4000\n"
        + "2024-05-10,V1,A001,-4000\n"  # the reversal of V1 under V1
        + "2024-05-10,V2,A001,3600\n"
        + "2024-06-01,V3,A001,500\n"
        + "2024-06-03,V3-C,A001,-500\n"  # a reversal with its own voucher
    )
    assert [p.amount for p in ledger.payments] == [4000, -4000, 3600, 500, -500]
    t = ledger.totals["A001"]
    assert (t.payments, t.reversals, t.paid, t.reversed, t.net) == (3, 2, 8100, -4500, 3600)
    assert ledger.duplicates == []


def test_a_ledger_sorted_newest_first_pairs_the_reversal_and_its_duplicate_export() -> None:
    ledger = read(
        HEADER
        + "2024-05-10,V1,A001,-4000\n"  # the reversal comes first
        + "2024-05-08,V1,A001,4000\n"
        + "2024-05-10,V1,A001,-4000\n"  # the reversal exported twice
    )
    assert [p.amount for p in ledger.payments] == [-4000, 4000]
    assert [(d.row, d.first_row) for d in ledger.duplicates] == [(4, 2)]
    with pytest.raises(
        LedgerError, match="第4行 B（支付凭证号）列：凭证号“V1”与第2行重复但内容不同"
    ):
        read(
            HEADER + "2024-05-08,V1,A001,4000\n2024-05-10,V1,A001,-4000\n2024-05-11,V1,A001,-4000\n"
        )


def test_same_voucher_same_payment_is_counted_once_and_reported() -> None:
    ledger = read(
        HEADER + "2024-05-20,V9,A001,60000.00\n2024-06-01,V10,A001,5\n2024-05-20,V9,A001,60000\n"
    )
    assert [p.voucher for p in ledger.payments] == ["V9", "V10"]
    assert len(ledger.duplicates) == 1
    d = ledger.duplicates[0]
    assert (d.row, d.first_row, d.voucher, d.amount) == (4, 2, "V9", Decimal(60000))


def test_same_voucher_different_amount_is_an_error_naming_both_rows() -> None:
    with pytest.raises(LedgerError) as exc:
        read(HEADER + "2024-05-20,V9,A001,60000\n2024-05-20,V9,A001,6000\n")
    message = str(exc.value)
    assert "ledger.csv 第3行 B（支付凭证号）列" in message
    assert "凭证号“V9”与第2行重复但内容不同" in message
    assert "60000 元" in message
    assert "6000 元" in message
    assert len(exc.value.errors) == 1


def test_row_errors_are_all_collected_with_row_and_column() -> None:
    with pytest.raises(LedgerError) as exc:
        read(
            HEADER
            + "2024-03-15,V1,A001,100\n"
            + "2024-03-16,V2,Z999,100\n"  # unknown project
            + ",V3,A001,100\n"  # no date
            + "2024-02-30,V4,A001,100\n"  # no such day
            + "2024-03-18,V5,A001,一百元\n"  # unreadable amount
            + "2024-03-19,V6,A001,\n"  # no amount
            + "2023-12-31,V7,A001,100\n"  # another year
            + "2024-03-20,V8,甲项目,100\n"  # a name where the project has a code
        )
    errors = [str(e) for e in exc.value.errors]
    assert errors == [
        "ledger.csv 第3行 C（项目编码）列：项目“Z999”不在绩效目标中（按项目编码匹配，无编码的项目按名称匹配）",
        "ledger.csv 第4行 A（支付日期）列：缺少支付日期",
        "ledger.csv 第5行 A（支付日期）列：日期不存在：“2024-02-30”",
        "ledger.csv 第6行 D（支付金额（元））列：金额无法识别：“一百元”（金额列单位为元）",
        "ledger.csv 第7行 D（支付金额（元））列：缺少金额",
        "ledger.csv 第8行 A（支付日期）列：支付日期 2023-12-31 不在预算年度 2024 年内",
        "ledger.csv 第9行 C（项目编码）列：“甲项目”是项目名称，该项目有编码，请填写项目编码 A001",
    ]
    assert str(exc.value).startswith("支付明细有 7 处错误，未导入任何数据")


def test_the_message_lists_a_bounded_number_of_errors_but_all_are_kept() -> None:
    rows = "".join(f"2024-03-15,V{i},NOPE,1\n" for i in range(50))
    with pytest.raises(LedgerError) as exc:
        read(HEADER + rows, limits=Limits(max_errors_shown=5))
    assert len(exc.value.errors) == 50
    assert "……另有 45 处错误" in str(exc.value)
    assert str(exc.value).count("不在绩效目标中") == 5


def test_a_file_without_the_needed_columns_says_which() -> None:
    with pytest.raises(
        ReadError, match=r"未找到支付明细的表头.*支付日期、付款日期、日期.*项目编码.*支付金额"
    ):
        read("日期,摘要\n2024-01-01,x\n")


def test_unknown_money_unit_in_the_header() -> None:
    with pytest.raises(ReadError, match="无法识别金额列“金额（美元）”的单位"):
        read("日期,项目,金额（美元）\n2024-01-01,A001,1\n")


def test_bounds_rows_bytes_columns_cells_and_amounts() -> None:
    many = HEADER + "".join(f"2024-03-15,V{i},A001,1\n" for i in range(30))
    with pytest.raises(ReadError, match="行数过多"):
        read(many, limits=Limits(max_rows=10))
    with pytest.raises(ReadError, match="文件过大"):
        read(many, limits=Limits(max_bytes=100))
    with pytest.raises(ReadError, match="列数过多"):
        read(",".join(["支付日期", "项目", "金额", *[f"c{i}" for i in range(300)]]) + "\n")
    with pytest.raises(ReadError, match="单元格过长"):
        read(HEADER + f"2024-03-15,{'V' * 5000},A001,1\n")
    with pytest.raises(LedgerError, match="金额超出合理范围"):
        read(HEADER + "2024-03-15,V1,A001,1000000000000\n")
    with pytest.raises(LedgerError, match="金额无法识别"):
        read(HEADER + "2024-03-15,V1,A001,1e5\n")


def _xlsx(rows: list[list[object]]) -> bytes:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "支付明细"
    for r in rows:
        ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_excel_with_date_cells_numbers_and_text() -> None:
    data = _xlsx([
        ["2024年支付明细表"],
        ["支付日期", "支付凭证号", "项目编码", "金额（元）"],
        [datetime(2024, 3, 15), "V1", "A001", 1200.5],
        ["2024/4/1", "V2", "B002", "300.00"],
        [date(2024, 4, 2), 1003, "A001", 0.1 + 0.2],  # binary noise below the cent
    ])  # fmt: skip
    ledger = read_ledger(data, "ledger.xlsx", small_plan())
    assert ledger.sheet == "支付明细"
    assert ledger.payments == [
        Payment("A001", date(2024, 3, 15), Decimal("1200.50"), "V1", 3),
        Payment("B002", date(2024, 4, 1), Decimal("300.00"), "V2", 4),
        Payment("A001", date(2024, 4, 2), Decimal("0.30"), "1003", 5),
    ]


def test_excel_errors_name_the_sheet_row_and_column() -> None:
    data = _xlsx([["日期", "项目", "金额"], [datetime(2024, 3, 15), "X", 5]])
    with pytest.raises(LedgerError) as exc:
        read_ledger(data, "l.xlsx", small_plan())
    assert str(exc.value.errors[0]).startswith("l.xlsx 工作表“支付明细” 第2行 B（项目）列")


def test_excel_that_unzips_too_large_is_refused_before_it_is_parsed() -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/worksheets/sheet1.xml", b"\0" * 2_000_000)
    with pytest.raises(ReadError, match="解压后过大"):
        read_ledger(
            buf.getvalue(), "bomb.xlsx", small_plan(), limits=Limits(max_unzipped_bytes=1_000_000)
        )


def test_not_an_excel_file() -> None:
    with pytest.raises(ReadError, match="无法打开 Excel 文件"):
        read_ledger(b"PK\x03\x04 not really", "x.xlsx", small_plan())
    with pytest.raises(ReadError, match="旧版 Excel"):
        read_ledger(b"\xd0\xcf\x11\xe0" + b"\0" * 100, "x.xls", small_plan())


def test_the_sample_ledger() -> None:
    ledger = read_ledger(SAMPLE_LEDGER.read_bytes(), SAMPLE_LEDGER.name, sample_plan())
    assert len(ledger.payments) == 29
    assert [(d.row, d.first_row, d.voucher) for d in ledger.duplicates] == [(31, 13, "ZF2024-0052")]
    weiwen = ledger.totals["13052924P00584011837H"]
    assert (weiwen.paid, weiwen.reversed, weiwen.reversals) == (
        Decimal("13600.00"),
        Decimal("-4000.00"),
        1,
    )
    # the year's payments by project, added up by hand from the file
    by_hand = {
        "13052924P005840118481": 885_000, "13052924P00584011834N": 29_500,
        "13052924P00584011837H": 9_600, "13052924P005840118333": 6_000,
        "13052924P00584011841P": 60_000, "13052924P00584011827M": 27_000,
        "13052924P00584011835A": 290_000, "13052924P00584011844J": 20_000,
    }  # fmt: skip
    assert {k: t.net for k, t in ledger.totals.items()} == by_hand
    assert sum(by_hand.values()) == 1_327_100


DATE_FORMS = (
    lambda d: d.isoformat(),
    lambda d: f"{d.year}/{d.month}/{d.day}",
    lambda d: f"{d.year}年{d.month}月{d.day}日",
    lambda d: d.strftime("%Y%m%d"),
)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["A001", "B002", "丙项目"]),
            st.dates(date(2024, 1, 1), date(2024, 12, 31)),
            st.decimals(min_value=Decimal("-99999.99"), max_value=Decimal("9999999.99"), places=2),
            st.integers(0, len(DATE_FORMS) - 1),
        ),
        max_size=30,
    ),
    st.sampled_from(["utf-8", "utf-8-sig", "gb18030"]),
)
def test_round_trip_any_ledger_written_by_hand(
    rows: list[tuple[str, date, Decimal, int]], encoding: str
) -> None:
    text = "支付日期,支付凭证号,项目,支付金额（元）\n" + "".join(
        f"{DATE_FORMS[form](d)},V{i},{project},{amount}\n"
        for i, (project, d, amount, form) in enumerate(rows)
    )
    ledger = read_ledger(text.encode(encoding), "x.csv", small_plan())
    assert ledger.payments == [
        Payment(project, d, amount, f"V{i}", i + 2)
        for i, (project, d, amount, _) in enumerate(rows)
    ]
