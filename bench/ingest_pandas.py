"""Reference for bench/ingest.bench.ts: the same reads and aggregations with pandas + openpyxl.

Run with Debian's /usr/bin/python3 (python3-pandas, python3-openpyxl):
    /usr/bin/python3 bench/ingest_pandas.py WORKBOOK FIRST_ROWS OUT_CSV
Prints one JSON object with seconds for each step, timed inside this process (interpreter start excluded).
"""
import json
import sys
import time
import warnings

import openpyxl
import pandas as pd

path, first_n, out_csv = sys.argv[1], int(sys.argv[2]), sys.argv[3]
SHEET = "sales_orders_fact"
warnings.simplefilter("ignore")  # date-format guessing warnings on the dirty rows

t = time.perf_counter()
wb = openpyxl.load_workbook(path, read_only=True)
rows = []
for row in wb[SHEET].iter_rows(values_only=True):
    rows.append(row)
    if len(rows) > first_n:
        break
wb.close()
first_rows = time.perf_counter() - t

t = time.perf_counter()
df = pd.read_excel(path, sheet_name=SHEET, engine="openpyxl")
read = time.perf_counter() - t

t = time.perf_counter()
df.columns = ["_".join(str(c).strip().lower().replace("-", " ").replace("_", " ").split()) for c in df.columns]
df = df.dropna(how="all")
dups = int(df.duplicated(["order_id", "line_number"]).sum())
df = df.drop_duplicates(["order_id", "line_number"])
num = lambda s: pd.to_numeric(s.astype(str).str.replace(",", "", regex=False), errors="coerce")
q = num(df["quantity"])
p = num(df["unit_price"])
disc = df["discount"].astype(str).str.strip()
pct = disc.str.endswith("%")
d = num(disc.str.rstrip("%")).where(~pct, num(disc.str.rstrip("%")) / 100).fillna(0)
cost = num(df["unit_cost"])
od = pd.to_datetime(df["order_date"], errors="coerce")
valid = df[(q > 0) & (q % 1 == 0) & (p >= 0) & (d >= 0) & (d < 1) & ~(cost < 0) & od.notna()].copy()
valid["net"] = q * p * (1 - d)
valid["qty"] = q
valid["month"] = od.dt.strftime("%Y-%m")
by_region = valid.groupby("region")["net"].sum().sort_values(ascending=False)
by_category = valid.groupby("category")["net"].sum().sort_values(ascending=False)
by_month = valid.groupby("month")["net"].sum().sort_index()
top = valid.groupby("product_id").agg(revenue=("net", "sum"), units=("qty", "sum")).nlargest(10, "revenue")
orders = valid["order_id"].nunique()
total = float(valid["net"].sum())
aggregate = time.perf_counter() - t

t = time.perf_counter()
valid.to_csv(out_csv, index=False)
write = time.perf_counter() - t

print(json.dumps({
    "first_rows": first_rows,
    "read": read,
    "aggregate": aggregate,
    "write_csv": write,
    "rows": int(len(df)),
    "valid": int(len(valid)),
    "duplicates": dups,
    "orders": int(orders),
    "total": total,
}))
