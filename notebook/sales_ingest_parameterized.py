# Fabric notebook source

# METADATA ********************

# META {
# META   "kernel_info": {
# META     "name": "jupyter",
# META     "jupyter_kernel_name": "python3.11"
# META   },
# META   "dependencies": {}
# META }

# MARKDOWN ********************

# # Sales ingest (parameterized)
#
# Reads `Files/import/<workbook>.xlsx` from the default lakehouse, validates and cleans the
# `sales_orders_fact` sheet, computes the KPIs and writes `Files/results/runs/<run_id>/`
# (`sales_cleaned.parquet`, `sales_cleaned.csv`, `kpis.json`, `import_profile.json`, `run_metadata.json`).
# A successful run then replaces `Files/results/current/`.
#
# The rules are those of `docs/data-contract.md` in the Fabric Data Portal repository; the portal's local
# engine implements the same contract and the golden cases in `notebook/tests/cases/` hold both to it.
# The same file runs on a laptop: `python3 sales_ingest_parameterized.py --help`.

# PARAMETERS CELL ********************

run_id = ""
input_path = "Files/import/sales_orders_fact.xlsx"
requested_by = ""
lakehouse_root = "/lakehouse/default"
# JSON object of further run parameters (text values), recorded in run_metadata.json.
extra_parameters = "{}"

# METADATA ********************

# META {
# META   "language": "python",
# META   "language_group": "jupyter_python"
# META }

# CELL ********************

import datetime as _dt
import hashlib
import io
import json
import math
import os
import re
import shutil
import sys
import time
from decimal import ROUND_HALF_UP, Context, Decimal

ENGINE_NAME = "fabric-notebook"
ENGINE_VERSION = "1.0.0"

REQUIRED_COLUMNS = [
    "order_id", "order_date", "customer_id", "region", "product_id", "category", "quantity", "unit_price",
]
OPTIONAL_COLUMNS = [
    "line_number", "ship_date", "customer_name", "country", "product_name", "channel", "discount", "unit_cost",
]
CLEANED_COLUMNS = [
    "order_id", "line_number", "order_date", "ship_date", "customer_id", "customer_name", "region", "country",
    "product_id", "product_name", "category", "channel", "quantity", "unit_price", "discount", "unit_cost",
    "net_revenue",
]
TEXT_COLUMNS = {
    "order_id", "customer_id", "region", "product_id", "category", "customer_name", "country", "product_name",
    "channel",
}
DATE_COLUMNS = {"order_date", "ship_date"}
NUMBER_COLUMNS = {"quantity", "unit_price", "discount", "unit_cost", "line_number"}

RULES = [
    ("duplicate_key", "warning",
     "Row repeats the (order_id, line_number) of an earlier row; the first is kept, this one removed"),
    ("required_missing", "error", "A required value is missing"),
    ("unparseable_value", "error", "A value in a date or number column cannot be parsed"),
    ("quantity_not_positive_integer", "error", "quantity is not a whole number greater than 0"),
    ("unit_price_negative", "error", "unit_price is negative"),
    ("discount_out_of_range", "error", "discount is outside [0, 1)"),
    ("unit_cost_negative", "error", "unit_cost is negative"),
    ("ship_before_order", "warning", "ship_date is earlier than order_date (row kept)"),
]
RULE_IDS = [r[0] for r in RULES]
ARTIFACT_FILES = [
    "sales_cleaned.parquet", "sales_cleaned.csv", "kpis.json", "import_profile.json", "run_metadata.json",
]
SHEET_NAME = "sales_orders_fact"
MAX_REJECTED_ROWS = 10_000
MAX_SAFE_INTEGER = 2**53 - 1
RUN_ID_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,127}")

# Exactly the characters JavaScript's String.prototype.trim removes, so both engines trim alike
# (Python's str.strip differs: it keeps U+FEFF and removes U+001C..U+001F).
JS_WHITESPACE = (
    "\t\n\v\f\r \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
    "\u2028\u2029\u202f\u205f\u3000\ufeff"
)
NUMERIC_TEXT_RE = re.compile(r"[+-]?(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]*)?|[+-]?\.[0-9]+")
ISO_DATE_RE = re.compile(
    r"([0-9]{4})-([0-9]{2})-([0-9]{2})"
    r"(?:[T ][0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]+)?)?(?:Z|[+-][0-9]{2}:?[0-9]{2})?)?"
)
HEADER_SEPARATORS_RE = re.compile(r"[ _-]+")
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
EPOCH_1900 = _dt.date(1899, 12, 30)
EPOCH_1904 = _dt.date(1904, 1, 1)
FIRST_1900_DATE = _dt.date(1900, 3, 1)


class UsageError(Exception):
    """Bad arguments: nothing was written."""


class RunFailure(Exception):
    """The run failed; run_metadata.json records code and message."""

    def __init__(self, code, message, profile=None):
        super().__init__(message)
        self.code = code
        self.message = message
        self.profile = profile


# ---- values ------------------------------------------------------------------------------------------


def js_trim(text):
    return text.strip(JS_WHITESPACE)


def js_number(x):
    """Format a number like JavaScript's String(number), so CSV and text agree with the TypeScript engine."""
    x = float(x)
    if math.isnan(x):
        return "NaN"
    if math.isinf(x):
        return "Infinity" if x > 0 else "-Infinity"
    if x == 0:
        return "0"
    sign = "-" if x < 0 else ""
    # repr gives the shortest round-trip digits, the same digits ECMAScript's Number::toString picks.
    _, digit_tuple, exponent = Decimal(repr(abs(x))).as_tuple()
    digits = "".join(str(d) for d in digit_tuple).rstrip("0")
    exponent += len(digit_tuple) - len(digits)
    k = len(digits)
    n = exponent + k
    if k <= n <= 21:
        body = digits + "0" * (n - k)
    elif 0 < n <= 21:
        body = digits[:n] + "." + digits[n:]
    elif -6 < n <= 0:
        body = "0." + "0" * (-n) + digits
    else:
        e = n - 1
        mantissa = digits if k == 1 else digits[0] + "." + digits[1:]
        body = mantissa + "e" + ("+" if e >= 0 else "-") + str(abs(e))
    return sign + body


def is_missing(value):
    return value is None or (isinstance(value, str) and js_trim(value) == "")


def cell_text(value):
    """Cell -> text for text columns, extra columns and headers; None when missing."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return js_number(value)
    if isinstance(value, _dt.datetime):
        return value.date().isoformat()
    if isinstance(value, _dt.date):
        return value.isoformat()
    if isinstance(value, _dt.time):
        return value.isoformat()
    text = js_trim(str(value))
    return text if text else None


def cell_kind(value):
    """Kind used by the profile's inferred_type (by cell type, not by text content)."""
    if is_missing(value):
        return None
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "integer" if float(value).is_integer() else "number"
    if isinstance(value, (_dt.datetime, _dt.date)):
        return "date"
    return "string"


def parse_numeric_text(text):
    if NUMERIC_TEXT_RE.fullmatch(text) is None:
        return None
    number = float(text.replace(",", ""))
    return number if math.isfinite(number) else None  # "1" followed by 400 zeros is not a usable number


def parse_number(value, percent_allowed=False):
    """Returns ("missing", None), ("ok", float) or ("bad", None)."""
    if is_missing(value):
        return ("missing", None)
    if isinstance(value, bool):
        return ("bad", None)
    if isinstance(value, (int, float)):
        return ("ok", float(value))
    if not isinstance(value, str):
        return ("bad", None)  # date, time or duration cells
    text = js_trim(value)
    if percent_allowed and text.endswith("%"):
        number = parse_numeric_text(js_trim(text[:-1]))
        return ("bad", None) if number is None else ("ok", number / 100)
    number = parse_numeric_text(text)
    return ("bad", None) if number is None else ("ok", number)


def whole_in_range(number):
    return number == math.floor(number) and 1 <= number <= MAX_SAFE_INTEGER


def parse_date(value, epoch):
    """Returns ("missing", None), ("ok", date) or ("bad", None)."""
    if is_missing(value):
        return ("missing", None)
    is_1900 = epoch == EPOCH_1900
    if isinstance(value, bool):
        return ("bad", None)
    if isinstance(value, _dt.datetime) or isinstance(value, _dt.date):
        day = value.date() if isinstance(value, _dt.datetime) else value
        first_valid = FIRST_1900_DATE if is_1900 else EPOCH_1904 + _dt.timedelta(days=1)
        return ("ok", day) if day >= first_valid else ("bad", None)
    if isinstance(value, (int, float)):
        serial = math.floor(value)
        if serial < 1 or (is_1900 and serial < 61):
            return ("bad", None)
        try:
            return ("ok", epoch + _dt.timedelta(days=serial))
        except OverflowError:
            return ("bad", None)
    if not isinstance(value, str):
        return ("bad", None)
    match = ISO_DATE_RE.fullmatch(js_trim(value))
    if match is None:
        return ("bad", None)
    try:
        return ("ok", _dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3))))
    except ValueError:
        return ("bad", None)


def round2(x):
    """Round half away from zero on the exact binary value; -0 becomes 0."""
    if x is None:
        return None
    exact = Decimal(x)
    rounded = float(exact.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP, context=Context(prec=1000)))
    return 0.0 if rounded == 0 else rounded


def header_key(name):
    return HEADER_SEPARATORS_RE.sub("_", name.lower())


# ---- reading -----------------------------------------------------------------------------------------


def load_sheet(data):
    """Returns (sheet title, epoch date, rows as [(worksheet row number, values)], warnings)."""
    import openpyxl  # preinstalled in Fabric runtimes; imported here so --help works without it

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # noqa: BLE001 - any parse error means the same thing to the user
        raise RunFailure(
            "UNREADABLE_INPUT",
            f"The input is not a readable .xlsx workbook ({type(error).__name__}: {error}). "
            "Save it from Excel as 'Excel Workbook (*.xlsx)' and upload it again.",
        )
    warnings = []
    try:
        sheets = workbook.worksheets
        if not sheets:
            raise RunFailure("UNREADABLE_INPUT", "The workbook has no worksheet. Add the sales_orders_fact sheet.")
        sheet = next((s for s in sheets if s.title.lower() == SHEET_NAME), None)
        if sheet is None:
            sheet = sheets[0]
            warnings.append(f'No sheet named "{SHEET_NAME}"; read the first sheet "{sheet.title}".')
        if hasattr(sheet, "reset_dimensions"):
            # Some writers store a wrong <dimension>; without this, read-only mode would cut rows off.
            sheet.reset_dimensions()
        rows = [(n, tuple(values)) for n, values in enumerate(sheet.iter_rows(values_only=True), start=1)]
        epoch = workbook.epoch.date() if isinstance(workbook.epoch, _dt.datetime) else workbook.epoch
        return sheet.title, epoch, rows, warnings
    except RunFailure:
        raise
    except Exception as error:  # noqa: BLE001
        raise RunFailure(
            "UNREADABLE_INPUT",
            f"The workbook could not be read ({type(error).__name__}: {error}). "
            "Open it in Excel, save it again as .xlsx and upload it again.",
        )
    finally:
        workbook.close()


def map_columns(header_values, data_rows, warnings):
    """Columns in header order: dicts with index, name, canonical, output (output name for extras)."""
    width = max([len(header_values)] + [len(values) for _, values in data_rows])
    used_outputs = set(CLEANED_COLUMNS)
    mapped = set()
    columns = []
    for index in range(width):
        raw = header_values[index] if index < len(header_values) else None
        name = cell_text(raw)
        if name is None:
            if any(index < len(values) and not is_missing(values[index]) for _, values in data_rows):
                warnings.append(f"Column {index + 1} has values but no header; it was ignored.")
            continue
        key = header_key(name)
        canonical = None
        if key in REQUIRED_COLUMNS or key in OPTIONAL_COLUMNS:
            if key in mapped:
                warnings.append(f'Header "{name}" repeats the column {key}; carried as an extra column.')
            else:
                canonical = key
                mapped.add(key)
        output = None
        if canonical is None:
            output = name
            suffix = 2
            while output in used_outputs:
                output = f"{name}_{suffix}"
                suffix += 1
            used_outputs.add(output)
        columns.append({"index": index, "name": name, "canonical": canonical, "output": output})
    return columns


def profile_columns(columns, data_rows):
    result = []
    for column in columns:
        index = column["index"]
        kinds = set()
        nulls = 0
        for _, values in data_rows:
            kind = cell_kind(values[index] if index < len(values) else None)
            if kind is None:
                nulls += 1
            else:
                kinds.add(kind)
        if not kinds:
            inferred = "empty"
        elif len(kinds) == 1:
            inferred = kinds.pop()
        elif kinds == {"integer", "number"}:
            inferred = "number"
        else:
            inferred = "mixed"
        result.append({
            "name": column["name"],
            "canonical": column["canonical"],
            "required": column["canonical"] in REQUIRED_COLUMNS,
            "inferred_type": inferred,
            "null_count": nulls,
        })
    return result


# ---- cleaning ----------------------------------------------------------------------------------------


def parse_row(values, by_canonical, extras, epoch):
    def raw(canonical):
        index = by_canonical.get(canonical)
        return values[index] if index is not None and index < len(values) else None

    row = {"status": {}, "extras": []}
    for column in TEXT_COLUMNS:
        row[column] = cell_text(raw(column))
    for column in DATE_COLUMNS:
        row["status"][column], row[column] = parse_date(raw(column), epoch)
    for column in NUMBER_COLUMNS:
        row["status"][column], row[column] = parse_number(raw(column), percent_allowed=column == "discount")
    if row["status"]["line_number"] == "ok" and not whole_in_range(row["line_number"]):
        row["status"]["line_number"], row["line_number"] = "bad", None
    for column in extras:
        index = column["index"]
        row["extras"].append(cell_text(values[index] if index < len(values) else None))
    return row


def is_absent(row, column):
    state = row["status"].get(column)  # dates and numbers have a parse state; texts are None when missing
    return state == "missing" if state is not None else row[column] is None


def row_errors(row):
    errors = set()
    status = row["status"]
    if any(is_absent(row, column) for column in REQUIRED_COLUMNS):
        errors.add("required_missing")
    if any(state == "bad" for state in status.values()):
        errors.add("unparseable_value")
    if status["quantity"] == "ok" and not whole_in_range(row["quantity"]):
        errors.add("quantity_not_positive_integer")
    if status["unit_price"] == "ok" and row["unit_price"] < 0:
        errors.add("unit_price_negative")
    if status["discount"] == "ok" and not (0 <= row["discount"] < 1):
        errors.add("discount_out_of_range")
    if status["unit_cost"] == "ok" and row["unit_cost"] < 0:
        errors.add("unit_cost_negative")
    return [rule for rule in RULE_IDS if rule in errors]


def clean(data_rows, columns, epoch):
    """Dedupe, validate and build the cleaned rows. Returns (valid rows, rule hits, rejected, duplicates)."""
    by_canonical = {c["canonical"]: c["index"] for c in columns if c["canonical"]}
    extras = [c for c in columns if c["canonical"] is None]
    parsed = []
    position = {}
    for row_number, values in data_rows:
        row = parse_row(values, by_canonical, extras, epoch)
        row["row_number"] = row_number
        if row["order_id"] is not None:
            position[row["order_id"]] = position.get(row["order_id"], 0) + 1
            if row["status"]["line_number"] == "missing":
                row["line_number"] = position[row["order_id"]]
                row["status"]["line_number"] = "derived"
        parsed.append(row)

    hits = {rule: [] for rule in RULE_IDS}
    seen_keys = set()
    valid, rejected = [], []
    duplicates = 0
    for row in parsed:
        if row["order_id"] is not None and row["line_number"] is not None:
            key = (row["order_id"], int(row["line_number"]))
            if key in seen_keys:
                duplicates += 1
                hits["duplicate_key"].append(row["row_number"])
                continue
            seen_keys.add(key)
        errors = row_errors(row)
        if row["status"]["ship_date"] == "ok" and row["status"]["order_date"] == "ok":
            if row["ship_date"] < row["order_date"]:
                hits["ship_before_order"].append(row["row_number"])
        if errors:
            for rule in errors:
                hits[rule].append(row["row_number"])
            rejected.append({"row": row["row_number"], "reasons": errors})
            continue
        row["quantity"] = int(row["quantity"])
        row["line_number"] = int(row["line_number"])
        if row["discount"] is None:
            row["discount"] = 0.0
        row["net_revenue"] = row["quantity"] * row["unit_price"] * (1 - row["discount"])
        valid.append(row)
    return valid, hits, rejected, duplicates


# ---- KPIs --------------------------------------------------------------------------------------------


def ranked(groups, key_name):
    # Python compares str by code point, which is the contract's tie order.
    items = sorted(groups.items(), key=lambda item: (-math.fsum(item[1]), item[0]))
    return [{key_name: key, "revenue": round2(math.fsum(values))} for key, values in items]


def compute_kpis(run_id, valid, rows_in, duplicates, rejected_count):
    total = math.fsum(row["net_revenue"] for row in valid)
    orders = {row["order_id"] for row in valid}
    costed = [row for row in valid if row["unit_cost"] is not None]
    margin = None
    margin_pct = None
    if costed:
        margin = math.fsum(row["net_revenue"] - row["quantity"] * row["unit_cost"] for row in costed)
        costed_revenue = math.fsum(row["net_revenue"] for row in costed)
        if costed_revenue != 0:
            margin_pct = (100 * margin) / costed_revenue
    by_region, by_category, by_month = {}, {}, {}
    products = {}
    for row in valid:
        by_region.setdefault(row["region"], []).append(row["net_revenue"])
        by_category.setdefault(row["category"], []).append(row["net_revenue"])
        by_month.setdefault(row["order_date"].strftime("%Y-%m"), []).append(row["net_revenue"])
        product = products.setdefault(row["product_id"], {"name": None, "revenue": [], "units": 0})
        if product["name"] is None and row["product_name"] is not None:
            product["name"] = row["product_name"]
        product["revenue"].append(row["net_revenue"])
        product["units"] += row["quantity"]
    top = sorted(products.items(), key=lambda item: (-math.fsum(item[1]["revenue"]), item[0]))[:10]
    dates = [row["order_date"] for row in valid]
    return {
        "schema_version": 1,
        "run_id": run_id,
        "rows_in": rows_in,
        "duplicates_removed": duplicates,
        "rows_rejected": rejected_count,
        "rows_valid": len(valid),
        "total_revenue": round2(total),
        "order_count": len(orders),
        "units_sold": sum(row["quantity"] for row in valid),
        "avg_order_value": round2(total / len(orders)) if orders else None,
        "gross_margin": round2(margin),
        "margin_pct": round2(margin_pct),
        "revenue_by_region": ranked(by_region, "region"),
        "revenue_by_category": ranked(by_category, "category"),
        "revenue_by_month": [
            {"month": month, "revenue": round2(math.fsum(values))} for month, values in sorted(by_month.items())
        ],
        "top_products": [
            {
                "product_id": product_id,
                "product_name": product["name"],
                "revenue": round2(math.fsum(product["revenue"])),
                "units": product["units"],
            }
            for product_id, product in top
        ],
        "first_order_date": min(dates).isoformat() if dates else None,
        "last_order_date": max(dates).isoformat() if dates else None,
    }


# ---- writing -----------------------------------------------------------------------------------------


def csv_field(value, is_text):
    if value is None:
        return ""
    if isinstance(value, _dt.date):
        text = value.isoformat()
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        text = js_number(value)
    else:
        text = str(value)
        if is_text and text.startswith(FORMULA_PREFIXES):
            text = "'" + text  # OWASP CSV injection: Excel must not evaluate it
    if any(ch in text for ch in ',"\r\n'):
        text = '"' + text.replace('"', '""') + '"'
    return text


def cleaned_table(valid, extras):
    header = CLEANED_COLUMNS + [c["output"] for c in extras]
    rows = [[row[c] for c in CLEANED_COLUMNS] + row["extras"] for row in valid]
    return header, rows


def write_csv(path, header, rows):
    text_columns = [name in TEXT_COLUMNS for name in CLEANED_COLUMNS]
    text_columns += [True] * (len(header) - len(CLEANED_COLUMNS))
    lines = [",".join(csv_field(name, True) for name in header)]
    for row in rows:
        lines.append(",".join(csv_field(value, text_columns[i]) for i, value in enumerate(row)))
    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        handle.write("".join(line + "\r\n" for line in lines))


def pyarrow_available():
    try:
        import pyarrow  # noqa: F401
        import pyarrow.parquet  # noqa: F401
    except ImportError:
        return False
    return True


def write_parquet(path, header, rows):
    import pyarrow as pa
    import pyarrow.parquet as pq

    types = {
        "line_number": pa.int64(), "quantity": pa.int64(), "order_date": pa.date32(), "ship_date": pa.date32(),
        "unit_price": pa.float64(), "discount": pa.float64(), "unit_cost": pa.float64(),
        "net_revenue": pa.float64(),
    }
    fields = [pa.field(name, types.get(name, pa.string()) if i < len(CLEANED_COLUMNS) else pa.string())
              for i, name in enumerate(header)]
    arrays = [pa.array([row[i] for row in rows], type=field.type) for i, field in enumerate(fields)]
    pq.write_table(pa.Table.from_arrays(arrays, schema=pa.schema(fields)), path)


def write_json(path, value):
    with open(path, "w", encoding="utf-8") as handle:
        json.dump(value, handle, ensure_ascii=False, indent=2, allow_nan=False)
        handle.write("\n")


def utc_now_iso():
    now = _dt.datetime.now(_dt.timezone.utc)
    return now.strftime("%Y-%m-%dT%H:%M:%S.") + f"{now.microsecond // 1000:03d}Z"


def move_dir(source, target):
    """Rename a folder; where the lakehouse mount cannot rename folders, copy then delete."""
    try:
        os.rename(source, target)
    except OSError:
        shutil.copytree(source, target)
        shutil.rmtree(source)


def publish_current(results_dir, run_dir, run_id):
    """Write the new set beside current/, then swap, so current/ is never half written."""
    current = os.path.join(results_dir, "current")
    staged = os.path.join(results_dir, f".current.new-{run_id}")
    retired = os.path.join(results_dir, f".current.old-{run_id}")
    shutil.rmtree(staged, ignore_errors=True)
    shutil.copytree(run_dir, staged)
    if os.path.exists(current):
        move_dir(current, retired)
    move_dir(staged, current)
    shutil.rmtree(retired, ignore_errors=True)


def build_profile(sheet, rows_in, columns, data_rows, missing, warnings, hits, rejected, duplicates, valid):
    rules = [
        {"id": rule, "description": description, "severity": severity,
         "count": len(hits[rule]) if hits else 0, "example_rows": hits[rule][:5] if hits else []}
        for rule, severity, description in RULES
    ]
    if len(rejected) > MAX_REJECTED_ROWS:
        warnings.append(f"{len(rejected)} rows were rejected; the profile lists the first {MAX_REJECTED_ROWS}.")
    if hits and hits["ship_before_order"]:
        warnings.append(f"{len(hits['ship_before_order'])} row(s) have ship_date before order_date (kept).")
    return {
        "schema_version": 1,
        "sheet": sheet,
        "rows_in": rows_in,
        "columns": profile_columns(columns, data_rows),
        "missing_required": missing,
        "extra_columns": [c["output"] for c in columns if c["canonical"] is None],
        "rules": rules,
        "rejected_rows": rejected[:MAX_REJECTED_ROWS],
        "rejected_rows_truncated": len(rejected) > MAX_REJECTED_ROWS,
        "warnings": warnings,
        "duplicates_removed": duplicates,
        "rows_rejected": len(rejected),
        "rows_valid": len(valid),
    }


# ---- the run -----------------------------------------------------------------------------------------


def check_arguments(root, input_rel, run):
    if not isinstance(run, str) or RUN_ID_RE.fullmatch(run) is None:
        raise UsageError(
            f"run_id {run!r} is not usable as a folder name: use 1-128 letters, digits, '.', '_' or '-', "
            "starting with a letter or digit."
        )
    parts = input_rel.replace("\\", "/").split("/")
    if parts[0] != "Files" or ".." in parts or len(parts) < 2:
        raise UsageError(
            f"input_path {input_rel!r} must be lakehouse-relative under Files/, e.g. "
            "Files/import/sales_orders_fact.xlsx, without '..'."
        )
    if not os.path.isdir(root):
        raise UsageError(
            f"Lakehouse folder {root!r} does not exist. In Fabric, attach a default lakehouse to the notebook; "
            "locally, pass --lakehouse DIR (the folder that holds Files/)."
        )
    run_dir = os.path.join(root, "Files", "results", "runs", run)
    if os.path.exists(run_dir):
        raise UsageError(
            f"A run folder already exists for run_id {run!r} ({run_dir}); run folders are never overwritten. "
            "Use a new run_id."
        )
    return run_dir


def run_pipeline(root, input_rel, run, requested, parameters):
    """Runs the whole pipeline; returns run_metadata as written. Raises UsageError before writing anything."""
    run_dir = check_arguments(root, input_rel, run)
    results_dir = os.path.dirname(os.path.dirname(run_dir))
    started_at = utc_now_iso()
    t_start = time.perf_counter()
    timings = {"read": 0.0, "clean": 0.0, "write": 0.0, "total": 0.0}
    input_abs = os.path.join(root, *input_rel.replace("\\", "/").split("/"))
    input_info = {
        "path": input_rel, "name": input_rel.replace("\\", "/").split("/")[-1],
        "size": 0, "sha256": hashlib.sha256(b"").hexdigest(),
    }
    staging = os.path.join(os.path.dirname(run_dir), f".{run}.partial-{os.getpid()}")
    shutil.rmtree(staging, ignore_errors=True)
    os.makedirs(staging)
    written = []
    profile = None
    error = None
    try:
        if not os.path.isfile(input_abs):
            raise RunFailure(
                "INPUT_NOT_FOUND",
                f"Input workbook {input_rel} was not found in the lakehouse. Upload it to Files/import/ "
                "and run again.",
            )
        with open(input_abs, "rb") as handle:
            data = handle.read()
        input_info["size"] = len(data)
        input_info["sha256"] = hashlib.sha256(data).hexdigest()
        sheet, epoch, rows, warnings = load_sheet(data)
        non_blank = [(n, values) for n, values in rows if not all(is_missing(v) for v in values)]
        header_values = non_blank[0][1] if non_blank else ()
        data_rows = non_blank[1:]
        columns = map_columns(header_values, data_rows, warnings)
        present = {c["canonical"] for c in columns if c["canonical"]}
        missing = [c for c in REQUIRED_COLUMNS if c not in present]
        timings["read"] = (time.perf_counter() - t_start) * 1000
        if missing:
            profile = build_profile(sheet, len(data_rows), columns, data_rows, missing, warnings, None, [], 0, [])
            raise RunFailure(
                "MISSING_COLUMNS",
                f"Missing required column(s): {', '.join(missing)}. Add them to the header row (row 1) of "
                f'sheet "{sheet}" and run again.',
            )
        t_clean = time.perf_counter()
        valid, hits, rejected, duplicates = clean(data_rows, columns, epoch)
        profile = build_profile(
            sheet, len(data_rows), columns, data_rows, [], warnings, hits, rejected, duplicates, valid
        )
        kpis = compute_kpis(run, valid, len(data_rows), duplicates, len(rejected))
        timings["clean"] = (time.perf_counter() - t_clean) * 1000
        t_write = time.perf_counter()
        header, table = cleaned_table(valid, [c for c in columns if c["canonical"] is None])
        if pyarrow_available():
            write_parquet(os.path.join(staging, "sales_cleaned.parquet"), header, table)
            written.append("sales_cleaned.parquet")
        else:
            print("warning: pyarrow is not installed, so sales_cleaned.parquet was not written "
                  "(Fabric runtimes include it; locally: pip install pyarrow).", file=sys.stderr)
        write_csv(os.path.join(staging, "sales_cleaned.csv"), header, table)
        written.append("sales_cleaned.csv")
        write_json(os.path.join(staging, "kpis.json"), kpis)
        written.append("kpis.json")
        write_json(os.path.join(staging, "import_profile.json"), profile)
        written.append("import_profile.json")
        timings["write"] = (time.perf_counter() - t_write) * 1000
    except RunFailure as failure:
        error = {"code": failure.code, "message": failure.message}
    except Exception as failure:  # noqa: BLE001 - recorded as INTERNAL so the run still has metadata
        error = {"code": "INTERNAL", "message": f"Unexpected error: {type(failure).__name__}: {failure}"}
    if error is not None and profile is not None and "import_profile.json" not in written:
        write_json(os.path.join(staging, "import_profile.json"), profile)
        written.append("import_profile.json")
    if error is not None:
        for name in ("sales_cleaned.parquet", "sales_cleaned.csv", "kpis.json"):
            if name in written:
                os.remove(os.path.join(staging, name))
                written.remove(name)
    timings["total"] = (time.perf_counter() - t_start) * 1000
    written.append("run_metadata.json")
    metadata = {
        "schema_version": 1,
        "run_id": run,
        "status": "failed" if error else "succeeded",
        "parameters": parameters,
        "requested_by": requested or None,
        "input": input_info,
        "engine": {"name": ENGINE_NAME, "version": ENGINE_VERSION},
        "started_at": started_at,
        "finished_at": utc_now_iso(),
        "timings_ms": {k: round(v, 3) for k, v in timings.items()},
        "artifacts": [name for name in ARTIFACT_FILES if name in written],
    }
    if error is not None:
        metadata["error"] = error
    write_json(os.path.join(staging, "run_metadata.json"), metadata)
    move_dir(staging, run_dir)
    if error is None:
        try:
            publish_current(results_dir, run_dir, run)
        except OSError as problem:
            raise RuntimeError(
                f"Run {run} succeeded and is in {run_dir}, but results/current could not be replaced "
                f"({problem}). Restore the run from the portal's Archive page to publish it."
            ) from problem
    return metadata


def run_parameters(input_rel, extra):
    parameters = {"input_path": input_rel}
    for key, value in extra.items():
        if key in ("run_id", "requested_by"):
            continue
        parameters[str(key)] = value if isinstance(value, str) else json.dumps(value)
    return parameters


def cli_main(argv):
    import argparse

    parser = argparse.ArgumentParser(
        description="Run the sales ingest notebook against a local folder that holds Files/ (a lakehouse copy).",
    )
    parser.add_argument("--lakehouse", required=True, help="folder that holds Files/")
    parser.add_argument("--input", required=True, help="lakehouse-relative workbook, e.g. Files/import/x.xlsx")
    parser.add_argument("--run-id", required=True)
    parser.add_argument("--requested-by", default="")
    parser.add_argument("--param", action="append", default=[], metavar="KEY=VALUE",
                        help="further run parameter recorded in run_metadata.json (repeatable)")
    args = parser.parse_args(argv)
    extra = {}
    for item in args.param:
        key, sep, value = item.partition("=")
        if not sep or not key:
            parser.error(f"--param {item!r} must look like KEY=VALUE")
        extra[key] = value
    try:
        metadata = run_pipeline(
            os.path.abspath(args.lakehouse), args.input, args.run_id, args.requested_by,
            run_parameters(args.input, extra),
        )
    except UsageError as problem:
        print(f"error: {problem}", file=sys.stderr)
        return 2
    summary = {"status": metadata["status"], "run_id": metadata["run_id"], "artifacts": metadata["artifacts"]}
    if "error" in metadata:
        summary["error"] = metadata["error"]
        print(f"run failed: {metadata['error']['code']}: {metadata['error']['message']}", file=sys.stderr)
    print(json.dumps(summary, ensure_ascii=False))
    return 0 if metadata["status"] == "succeeded" else 1


def fabric_main(run, input_rel, requested, root, extra_json):
    """Entry point inside Fabric: parameters arrive as globals from the (injected) parameters cell."""
    try:
        extra = json.loads(extra_json or "{}")
    except ValueError as problem:
        raise UsageError(f"extra_parameters must be a JSON object of text values ({problem}).")
    if not isinstance(extra, dict):
        raise UsageError("extra_parameters must be a JSON object of text values.")
    run = str(run or "").strip() or "manual-" + _dt.datetime.now(_dt.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    metadata = run_pipeline(root, str(input_rel), run, str(requested or ""), run_parameters(str(input_rel), extra))
    if metadata["status"] != "succeeded":
        # Raising makes the Notebook activity, and so the pipeline run, fail with this message.
        raise RuntimeError(f"{metadata['error']['code']}: {metadata['error']['message']}")
    return json.dumps({"status": "succeeded", "run_id": run, "artifacts": metadata["artifacts"]})


def running_as_script():
    # In a Fabric (Jupyter) kernel __name__ is "__main__" too, but there is no __file__ and ipykernel is loaded.
    return __name__ == "__main__" and "__file__" in globals() and "ipykernel" not in sys.modules

# METADATA ********************

# META {
# META   "language": "python",
# META   "language_group": "jupyter_python"
# META }

# CELL ********************

if running_as_script():
    sys.exit(cli_main(sys.argv[1:]))
else:
    _exit_value = fabric_main(run_id, input_path, requested_by, lakehouse_root, extra_parameters)
    try:
        notebookutils.notebook.exit(_exit_value)  # noqa: F821 - provided by the Fabric runtime
    except NameError:
        print(_exit_value)

# METADATA ********************

# META {
# META   "language": "python",
# META   "language_group": "jupyter_python"
# META }
