"""Writes notebook/tests/cases/<name>/input.xlsx for every golden case.

Run with Debian's Python, which has openpyxl:  /usr/bin/python3 notebook/tests/make_cases.py
The expected.json beside each input is written by hand from the rows below (see notebook/README.md);
this script only builds the workbooks, so the golden files stay an oracle independent of both engines.
"""

import datetime as dt
import io
import os
import sys
import zipfile

import openpyxl
from openpyxl.utils.datetime import CALENDAR_MAC_1904

CASES_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "cases")

FULL = [
    "order_id", "line_number", "order_date", "ship_date", "customer_id", "customer_name", "region", "country",
    "product_id", "product_name", "category", "channel", "quantity", "unit_price", "discount", "unit_cost",
]
REQUIRED = ["order_id", "order_date", "customer_id", "region", "product_id", "category", "quantity", "unit_price"]
D = dt.date


def row(order_id, line, order_date, ship_date, customer_id, customer_name, region, country, product_id,
        product_name, category, channel, quantity, unit_price, discount, unit_cost):
    return [order_id, line, order_date, ship_date, customer_id, customer_name, region, country, product_id,
            product_name, category, channel, quantity, unit_price, discount, unit_cost]


def simple(order_id, order_date, quantity, unit_price, **over):
    """A FULL-layout row with neutral values; keyword arguments override single columns."""
    values = dict(zip(FULL, [order_id, None, order_date, None, "C1", None, "East", None, "P1", None, "Cat", None,
                             quantity, unit_price, None, None]))
    values.update(over)
    return [values[c] for c in FULL]


def save(name, sheets, epoch_1904=False):
    """sheets: list of (title, rows); None rows stay blank; cells that are None are not written."""
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    if epoch_1904:
        workbook.epoch = CALENDAR_MAC_1904
    for title, rows in sheets:
        sheet = workbook.create_sheet(title)
        for r, values in enumerate(rows, start=1):
            for c, value in enumerate(values or [], start=1):
                if value is not None:
                    cell = sheet.cell(row=r, column=c, value=value)
                    if isinstance(value, str) and value.startswith("="):
                        cell.data_type = "s"  # literal text, not a formula: the injection case needs the string
                    if isinstance(value, dt.datetime):
                        cell.number_format = "yyyy-mm-dd hh:mm"
                    elif isinstance(value, dt.date):
                        cell.number_format = "yyyy-mm-dd"
    folder = os.path.join(CASES_DIR, name)
    os.makedirs(folder, exist_ok=True)
    fixed_time = dt.datetime(2026, 1, 1)
    workbook.properties.created = workbook.properties.modified = fixed_time
    buffer = io.BytesIO()
    workbook.save(buffer)
    # Re-pack with fixed entry times, so regenerating an unchanged case gives the same bytes (no git churn).
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as source, zipfile.ZipFile(
        os.path.join(folder, "input.xlsx"), "w", zipfile.ZIP_DEFLATED
    ) as target:
        for entry in source.infolist():
            target.writestr(zipfile.ZipInfo(entry.filename, date_time=fixed_time.timetuple()[:6]),
                            source.read(entry.filename), zipfile.ZIP_DEFLATED)


def main():
    save("clean", [("sales_orders_fact", [
        FULL,
        row("O1", 1, D(2024, 1, 5), D(2024, 1, 7), "C1", "Alice", "North", "US", "P1", "Widget", "Hardware",
            "Online", 2, 10.5, 0, 4),
        row("O1", 2, D(2024, 1, 5), D(2024, 1, 8), "C1", "Alice", "North", "US", "P2", "Gadget", "Hardware",
            "Online", 1, 20, 0.25, 8),
        [None, "   ", None],  # blank: whitespace only
        row("O2", 1, D(2024, 2, 10), None, "C2", "Bob", "South", "US", "P1", "Widget", "Hardware", "Retail",
            4, 10.5, 0.5, 4),
        row("O3", 1, D(2024, 2, 20), D(2024, 2, 21), "C3", "Chen", "North", "CA", "P3", "Manual", "Books",
            "Online", 3, 7.25, None, None),
    ])])

    d = D(2024, 3, 1)
    save("duplicates", [("sales_orders_fact", [
        FULL,
        simple("O1", d, 1, 10, line_number=1, region="West", product_id="P1"),
        simple("O1", d, 2, 5, line_number=2, region="West", product_id="P2"),
        simple("O1", d, 9, 10, line_number=1, region="West", product_id="P1"),
        simple("O2", d, 1, 8, line_number=1, region="West", product_id="P1", product_name="Widget"),
        simple("O2", d, -1, 8, line_number=1, region="West", product_id="P1"),
        simple("O1", d, 2, 5, line_number=2, region="West", product_id="P2"),
        simple("O3", d, 1, 4, region="West", product_id="P2"),
        simple("O3", d, 1, 4, line_number=1, region="West", product_id="P2"),
        simple("O3", d, 3, 2, region="West", product_id="P1", product_name="Other name"),
    ])])

    d = D(2024, 4, 1)
    save("rejections_values", [("sales_orders_fact", [
        FULL,
        simple("O1", d, 1, 10),
        simple("O2", d, 1, 10, customer_id=None),
        simple("O3", d, 1, 10, region="   "),
        simple("O4", "not a date", 1, 10),
        simple("O5", d, "abc", 10),
        simple("O6", d, 1, "12,34"),
        simple("O7", d, 1, 10, ship_date="2024-02-30"),
        simple("O8", d, 1, 10, unit_cost="n/a"),
        simple("O9", d, None, "x"),
        simple("O10", d, 1, 10, line_number=1.5),
        simple("O11", "45000", 1, 10),
        simple("O12", d, 1, 10, discount=True),
        simple("O13", "2024-04-02T10:30:00", "2", "1,234.50", product_id="P2"),
        simple("O14", d, 1, "1" + "0" * 400),  # overflows a double: unparseable, not Infinity
    ])])

    d = D(2024, 4, 10)
    save("rejections_quantity", [("sales_orders_fact", [
        FULL,
        simple("O1", d, 2.5, 1),
        simple("O2", d, 0, 1),
        simple("O3", d, -3, 1),
        simple("O4", d, "4.0", 2.5),
        simple("O5", d, 3, 1.5),
    ])])

    d = D(2024, 4, 20)
    save("rejections_money", [("sales_orders_fact", [
        FULL,
        simple("O1", d, 1, -1),
        simple("O2", d, 1, 10, discount=1.0),
        simple("O3", d, 1, 10, discount="150%"),
        simple("O4", d, 1, 10, discount=-0.1),
        simple("O5", d, 1, 10, unit_cost=-2),
        simple("O6", d, 1, -5, discount=2),
        simple("O7", d, 1, 0, discount=0.5, unit_cost=1),
        simple("O8", d, 2, 3, discount=0),
    ])])

    save("ship_before_order", [("sales_orders_fact", [
        FULL,
        simple("O1", D(2024, 5, 10), 1, 10, ship_date=D(2024, 5, 9)),
        simple("O2", D(2024, 5, 10), 1, 20, ship_date=D(2024, 5, 10)),
        simple("O3", D(2024, 5, 12), 1, 30.5, ship_date=D(2024, 5, 1)),
        simple("O4", D(2024, 5, 12), 0, 30.5, ship_date=D(2024, 5, 1)),
    ])])

    save("missing_required_columns", [("sales_orders_fact", [
        ["order_id", "order_date", "customer_id", "region", "product_id", "category", "notes"],
        ["O1", D(2024, 6, 1), "C1", "East", "P1", "Cat", "first"],
        ["O2", D(2024, 6, 2), "C2", "East", "P1", "Cat", None],
    ])])

    save("extra_columns", [("sales_orders_fact", [
        REQUIRED + ["Sales Rep", "Priority", "Promo Date", "Flag", None, "Order ID", "net_revenue", None],
        ["O1", D(2024, 6, 1), "C1", "North", "P1", "Cat", 1, 10, "  Dana  ", 3, D(2024, 6, 15), True, "note A",
         "X-1", 99.5, "  "],
        ["O2", D(2024, 6, 2), "C2", "South", "P2", "Cat", 2, 5.5, None, 2.5, "2024-07-01", False, None, 12345,
         None, None],
    ])])

    dates = []
    for values in [
        ("D1", D(2024, 1, 15), None),
        ("D2", 45306, None),
        ("D3", 45337.75, None),
        ("D4", "2024-03-05", 45361),
        ("D5", "2024-03-06T23:59:59Z", None),
        ("D6", "2024-03-07 08:00", None),
        ("D7", "  2024-03-08  ", None),
        ("D8", "05/03/2024", None),
        ("D9", 60, None),
        ("D10", dt.datetime(2024, 3, 9, 18, 30), None),
        ("D11", "2024-03-10", "2024-3-5"),
    ]:
        dates.append(simple(values[0], values[1], 1, 1, ship_date=values[2], region="R", category="C"))
    save("dates", [("sales_orders_fact", [FULL] + dates)])

    save("dates_1904", [("sales_orders_fact", [
        FULL,
        simple("E1", 0, 1, 2),
        simple("E2", 1, 1, 2),
        simple("E3", D(2024, 1, 15), 1, 2),
        simple("E4", 43844, 1, 2),
    ])], epoch_1904=True)

    d = D(2024, 7, 15)
    save("percent_discounts", [("sales_orders_fact", [
        FULL,
        simple("Q1", d, 2, 10, discount="25%"),
        simple("Q2", d, 1, 8, discount="12.5%"),
        simple("Q3", d, 4, 2.5, discount="50 %"),
        simple("Q4", d, 1, 4, discount=0.25),
        simple("Q5", d, 1, 6, discount="0.5"),
        simple("Q6", d, 1, 6, discount="%"),
        simple("Q7", d, 1, 6, discount="abc%"),
        simple("Q8", d, 1, 6, discount="100%"),
        simple("Q9", d, 1, 1),
    ])])

    save("header_variants", [("sales_orders_fact", [
        ["Order ID", "Order Date", "CUSTOMER_ID", "  Region ", "product-id", "Category", "Quantity", "unit-price",
         "Line  Number", "Ship__Date", "customer name", "Unit_Cost", "order_id"],
        ["A1", D(2024, 7, 1), "C1", "R1", "P1", "Cat", 2, 3.5, 1, D(2024, 7, 2), "Eve", 1, "dup-col"],
        ["A1", D(2024, 7, 1), "C1", "R1", "P1", "Cat", 1, 4, 2, None, None, None, None],
    ])])

    d = D(2024, 8, 1)
    save("unicode", [("sales_orders_fact", [
        FULL,
        row("U1", None, d, None, "C1", "Zoë Ångström", "Île-de-France", None, "P1", "Café crème", "Boissons",
            None, 1, 3, None, None),
        row("U2", None, d, None, "C2", "山田太郎", "東京", None, "P2", "寿司 🍣", "食品", None, 2, 5, None, None),
        row("U3", None, d, None, "C3", '=HYPERLINK("http://x","click")', "Île-de-France", None, "P3", "+plus",
            "Boissons", None, 1, 2, None, None),
        row("U4", None, d, None, "C4", '@mention, "quoted"', "\uff21", None, "P1", "Café crème", "Boissons",
            "-web", 1, 4, None, None),
        row("U5", None, d, None, "C5", "Line1\nLine2", "東京", None, "P4", "😀 Smile", "食品", None, 1, 1, None,
            None),
        # U+FEFF and U+00A0 are trimmed (as by JavaScript's trim); U+0085 is not.
        row("U6", None, d, None, "C6", "\ufeff Ann \u00a0", "😀", None, "P5", None, "食品", "web\u0085", 1, 4, None,
            None),
    ])])

    save("empty_sheet", [("sales_orders_fact", [FULL])])

    save("sheet_not_first", [
        ("Notes", [["This workbook's data is on the next sheet"], ["order_id"], ["X"]]),
        ("Sales_Orders_Fact", [
            None,
            None,
            REQUIRED,
            ["S1", D(2024, 9, 1), "C1", "East", "P1", "Cat", 1, 9.99],
        ]),
    ])

    save("rounding", [("sales_orders_fact", [
        FULL,
        simple("R1", D(2024, 10, 1), 1, 1.005, region="A"),
        simple("R2", D(2024, 10, 1), 1, 0.125, region="B", unit_cost=0.25),
        simple("R3", D(2024, 10, 1), 1, 2.675, region="C"),
    ])])

    save("negative_zero", [("sales_orders_fact", [
        FULL,
        simple("Z1", D(2024, 11, 1), 1, 1, unit_cost=1.004),
    ])])

    save("exact_sums", [("sales_orders_fact", [FULL] + [
        simple(f"X{i + 1}", D(2024, 12, 1), 1, price) for i, price in enumerate([1000000000, 0.973, 0.058, 0.493, 0.891])
    ])])

    folder = os.path.join(CASES_DIR, "unreadable")
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, "input.xlsx"), "wb") as handle:
        handle.write(b"order_id,order_date\nthis is a CSV file renamed to .xlsx\n")

    print(f"wrote cases to {CASES_DIR}", file=sys.stderr)


if __name__ == "__main__":
    main()
