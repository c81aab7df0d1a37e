"""`initiatives import-centres`: the répertoire from a spreadsheet (.csv, .xlsx, .ods).

One row per centre under a header row of French column names, matched loosely (accents, case,
punctuation: « Code postal », « CP »). A row's centre is found among the existing files by the
same identity the sheet importer uses (``content.model.centre_key``); a new one gets a file, an
existing one gets its empty fields completed — a field staff filled is never overwritten
(``--force`` lets the spreadsheet win). Every problem is placed at its cell, ``FILE:Feuille!C12``;
a value that fails its check is reported and left out, the rest of the row is imported.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

from ..content import departments
from ..content.document import read_document
from ..content.fields import CENTRE_FIELDS, CENTRE_KINDS
from ..content.frontmatter import front_matter
from ..content.model import centre_key
from ..errors import Problem, error, warning
from ..french import fold
from ..urls import file_slug

# The column names each field answers to, folded (« Code postal » → codepostal).
COLUMNS: dict[str, tuple[str, ...]] = {
    "name": ("nom", "nomdelastructure", "structure", "centre", "nomducentre", "raisonsociale"),
    "department": ("departement", "dept", "dep", "codedepartement", "numerodedepartement"),
    "kind": ("type", "typedestructure", "typedequipement", "nature"),
    "address": ("adresse", "adressepostale", "rue"),
    "postcode": ("codepostal", "cp"),
    "city": ("commune", "ville", "localite"),
    "phone": ("telephone", "tel", "tél"),
    "email": ("courriel", "email", "mail", "adresseelectronique", "adressemail"),
    "website": ("site", "siteweb", "siteinternet", "url"),
    "latitude": ("latitude", "lat"),
    "longitude": ("longitude", "lon", "lng", "long"),
    "siret": ("siret", "numerosiret"),
    "management": ("modedegestion", "gestion", "gestionnaire"),
    "approved_since": ("agreedepuis", "agrementcaf", "agreeparlacafdepuis", "anneedagrement"),
    "qpv": ("qpv", "quartierprioritaire"),
    "federation_member": ("adherent", "adherentfederation", "membredelafederation"),
}
_BY_COLUMN = {alias: name for name, aliases in COLUMNS.items() for alias in (fold(a) for a in aliases)}
_FIELDS = {f.name: f for f in CENTRE_FIELDS}
_YES = {"oui", "o", "vrai", "true", "1", "x", "yes"}
_NO = {"non", "n", "faux", "false", "0", "no"}


@dataclass(frozen=True)
class CentreRow:
    """A row of the spreadsheet: its place for messages and the values that passed their checks."""

    where: str  # « centres.xlsx:Feuille1!A7 » of its first cell
    number: int
    values: dict[str, object]


@dataclass(frozen=True)
class CentreChange:
    path: Path
    outcome: str  # "created", "completed", "unchanged"
    new: bytes | None
    name: str


def read_table(path: Path) -> tuple[str, list[list[str]], list[Problem]]:
    """The sheet's name (empty for a CSV) and its rows as text; a problem when the file cannot be read."""
    suffix = path.suffix.lower()
    try:
        if suffix == ".csv":
            return "", _csv_rows(path.read_bytes()), []
        if suffix in (".xlsx", ".xlsm", ".xls", ".ods"):
            from python_calamine import CalamineWorkbook

            book = CalamineWorkbook.from_path(str(path))
            for name in book.sheet_names:
                rows = [[_text(cell) for cell in row] for row in book.get_sheet_by_name(name).to_python()]
                if any(any(cell for cell in row) for row in rows):
                    return name, rows, []
            return "", [], [error(path, 0, "the spreadsheet is empty: no row to import")]
    except OSError as exc:
        return "", [], [error(path, 0, f"cannot read the file: {exc.strerror or exc}")]
    except Exception as exc:  # calamine's errors for a damaged or password-protected file
        return "", [], [error(path, 0, f"not a readable spreadsheet ({exc})",
                              hint="save it again as .xlsx, .ods or .csv")]
    return "", [], [error(path, 0, f"unknown file type « {path.suffix} »", hint="expected .csv, .xlsx or .ods")]


def _csv_rows(data: bytes) -> list[list[str]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    first = text.split("\n", 1)[0]
    delimiter = max(";,\t", key=first.count)
    return [row for row in csv.reader(io.StringIO(text), delimiter=delimiter)]


def _text(cell: object) -> str:
    """A cell as text: 31000.0 → « 31000 » (spreadsheets store codes as numbers)."""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, bool):
        return "oui" if cell else "non"
    return "" if cell is None else str(cell).strip()


def _cell(shown: str, sheet: str, column: int, row: int) -> str:
    letters = ""
    column += 1
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return f"{shown}:{sheet}!{letters}{row}" if sheet else f"{shown}:{letters}{row}"


def read_rows(path: Path) -> tuple[list[CentreRow], list[Problem]]:
    """The rows of the file with their checked values, and every problem at its cell."""
    shown = str(path)
    sheet, rows, problems = read_table(path)
    if problems:
        return [], problems
    header_at = next((i for i, row in enumerate(rows) if any(fold(c) in _BY_COLUMN for c in row)), None)
    if header_at is None:
        return [], [error(shown, 0, "no column of centres found in the first rows",
                          hint="expected a header row such as « Nom ; Département ; Code postal ; Commune »")]
    header = rows[header_at]
    columns: dict[int, str] = {}
    for index, title in enumerate(header):
        name = _BY_COLUMN.get(fold(title))
        if name is not None and name not in columns.values():
            columns[index] = name
        elif title.strip():
            problems.append(warning(_cell(shown, sheet, index, header_at + 1), 0,
                                    f"column « {title.strip()} » not recognised: ignored",
                                    hint="rename it as a field of the répertoire (Nom, Code postal, Courriel…)"))
    if "name" not in columns.values():
        return [], problems + [error(_cell(shown, sheet, 0, header_at + 1), 0, "no « Nom » column: "
                                     "a centre is known by its name")]
    found = []
    for number, row in enumerate(rows[header_at + 1:], start=header_at + 2):
        raw = {name: row[index].strip() for index, name in columns.items() if index < len(row) and row[index].strip()}
        if not raw:
            continue
        where = {name: _cell(shown, sheet, index, number) for index, name in columns.items()}
        if "name" not in raw:
            problems.append(error(where["name"], 0, "no name: the row is not imported"))
            continue
        values, row_problems = _checked(raw, where)
        problems += row_problems
        found.append(CentreRow(where["name"], number, values))
    return found, problems


def _checked(raw: dict[str, str], where: dict[str, str]) -> tuple[dict[str, object], list[Problem]]:
    """The values of a row that pass their checks; a located warning for each one left out."""
    values: dict[str, object] = {}
    problems: list[Problem] = []

    def reject(name: str, message: str, hint: str = "") -> None:
        problems.append(warning(where[name], 0, f"{message}: left out", hint=hint))

    department = None
    for name, text in raw.items():
        if name == "department":
            department = departments.find(text)
            if department is None:
                suggestion = departments.suggest(text)
                reject(name, f"unknown department « {text} »", f"did you mean « {suggestion} » ?" if suggestion else "")
            else:
                values[name] = department.name
        elif name == "kind":
            kind = next((k for k in CENTRE_KINDS if fold(k) == fold(text)), None)
            if kind is None:
                reject(name, f"« {text} » is not a kind of structure", "centre social or espace de vie sociale")
            else:
                values[name] = kind
        elif name == "siret":
            digits = re.sub(r"\s", "", text)
            if not _shaped("siret", digits) or not _luhn(digits):
                reject(name, f"SIRET « {text} » is not valid", "14 digits whose check digit is right")
            else:
                values[name] = digits
        elif name == "email":
            if not _shaped("email", text):
                reject(name, f"« {text} » is not an e-mail address")
            else:
                values[name] = text
        elif name == "website":
            url = (re.sub(r"^https?://", lambda scheme: scheme.group(0).lower(), text, flags=re.I)
                   if re.match(r"^https?://", text, re.I) else f"https://{text}" if text.startswith("www.") else "")
            if not _shaped("website", url):
                reject(name, f"« {text} » is not a web address", "such as https://www.exemple.fr")
            else:
                values[name] = url
        elif name in ("latitude", "longitude"):
            try:
                values[name] = float(text.replace(",", "."))
            except ValueError:
                reject(name, f"{_FIELDS[name].label} « {text} » is not a number")
        elif name == "approved_since":
            if not re.fullmatch(r"(19|20)\d\d", text):
                reject(name, f"« {text} » is not a year")
            else:
                values[name] = int(text)
        elif name in ("qpv", "federation_member"):
            if fold(text) in _YES or fold(text) in _NO:
                values[name] = fold(text) in _YES
            else:
                reject(name, f"« {text} » is neither oui nor non")
        else:
            values[name] = text
    if "postcode" in values:
        code = str(values["postcode"]).replace(" ", "")
        code = code.zfill(5) if code.isdigit() and len(code) == 4 else code  # 1000.0 in a spreadsheet: 01000
        if not _shaped("postcode", code):
            del values["postcode"]
            reject("postcode", f"postcode « {raw['postcode']} » is not 5 digits")
        elif department is not None and not _postcode_in(code, department.code):
            del values["postcode"]
            reject("postcode", f"postcode « {code} » is not in {department.name} ({department.code})")
        else:
            values["postcode"] = code
    if ("latitude" in values) != ("longitude" in values):
        for name in ("latitude", "longitude"):
            values.pop(name, None)
        reject("latitude" if "latitude" in raw else "longitude", "coordinates need both latitude and longitude")
    elif "latitude" in values and departments.region_of(values["latitude"], values["longitude"]) is None:
        problems.append(warning(where["latitude"], 0, f"coordinates {values.pop('latitude')}, "
                                f"{values.pop('longitude')} are not in France: left out",
                                hint="latitude first (about 43 to 51 in metropolitan France), then longitude"))
    return values, problems


def _shaped(name: str, text: str) -> bool:
    """Whether ``text`` has the shape the field table gives ``name``: what `check` accepts once imported."""
    return _FIELDS[name].format.accepts(text)  # type: ignore[union-attr]


def _luhn(digits: str) -> bool:
    total = 0
    for index, digit in enumerate(reversed(digits)):
        value = int(digit) * (2 if index % 2 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


def _postcode_in(code: str, department: str) -> bool:
    if department in ("2A", "2B"):
        return code.startswith("20")
    if len(department) == 3:  # overseas: 971…976
        return code.startswith(department)
    return code.startswith(department.zfill(2))


def plan_centres_from_rows(rows: list[CentreRow], content_dir: Path, *, force: bool,
                           problems: list[Problem] | None = None) -> list[CentreChange]:
    """What each row does to the répertoire: a new file, empty fields completed, or nothing.

    A file is rewritten only when nothing of it would be lost: one with keys the répertoire does not
    know or with comments in its front matter is kept as it is, and said so.
    """
    problems = problems if problems is not None else []
    known = {f.name for f in CENTRE_FIELDS}
    planned: set[Path] = set()
    folder = content_dir / "centres"
    existing: dict[str, Path] = {}
    for path in sorted(folder.glob("*.md")) if folder.is_dir() else []:
        document, _ = read_document(path)
        name = document.data.get("name") if document is not None else None
        existing[centre_key(name if isinstance(name, str) else path.stem)] = path
    taken = {p.stem for p in existing.values()}
    changes = []
    for row in rows:
        name = str(row.values["name"])
        path = existing.get(centre_key(name))
        if path in planned:
            problems.append(warning(row.where, 0, f"« {name} » is already on an earlier row: this row is ignored"))
            continue
        if path is None:
            slug = file_slug(name) or "centre"
            base, number = slug, 2
            while slug in taken:
                slug, number = f"{base}-{number}", number + 1
            taken.add(slug)
            path = folder / f"{slug}.md"
            existing[centre_key(name)] = path
            planned.add(path)
            values = {f.name: f.empty() for f in CENTRE_FIELDS} | row.values
            changes.append(CentreChange(path, "created", front_matter(CENTRE_FIELDS, values).encode("utf-8"), name))
            continue
        planned.add(path)
        document, _ = read_document(path)
        front = path.read_text(encoding="utf-8").split("---", 2)[1] if document is not None else ""
        extra = sorted(set(document.data) - known) if document is not None else []
        if document is None or extra or any(line.lstrip().startswith("#") for line in front.splitlines()):
            why = (f"keys {', '.join(extra)} are not fields of the répertoire" if extra else
                   "its front matter has comments" if document is not None else "it cannot be read")
            problems.append(warning(row.where, 0, f"{path} kept as it is: {why}", hint="complete it by hand"))
            changes.append(CentreChange(path, "unchanged", None, name))
            continue
        data = dict(document.data)
        for field, value in row.values.items():
            if field == "name":
                continue
            if force or data.get(field) in (None, "", ()):
                data[field] = value
        values = {f.name: data.get(f.name, f.empty()) for f in CENTRE_FIELDS}
        new = (front_matter(CENTRE_FIELDS, values) + document.body).encode("utf-8")
        old = path.read_bytes()
        changes.append(CentreChange(path, "unchanged" if new == old or values == _values_of(document) else "completed",
                                    new, name))
    return changes



def _values_of(document) -> dict[str, object]:
    return {f.name: document.data.get(f.name, f.empty()) for f in CENTRE_FIELDS}


@dataclass(frozen=True)
class CentresResult:
    changes: list[CentreChange]
    problems: list[Problem]

    @property
    def rejected(self) -> bool:
        return any(p.is_error for p in self.problems)


def import_centres(path: Path, content_dir: Path, *, force: bool = False, dry_run: bool = False) -> CentresResult:
    """Import a spreadsheet of centres into ``content_dir/centres``: every file planned, then written atomically."""
    from .run import _write_atomic

    rows, problems = read_rows(path)
    changes = plan_centres_from_rows(rows, content_dir, force=force, problems=problems)
    if not dry_run:
        for change in changes:
            if change.outcome in ("created", "completed") and change.new is not None:
                change.path.parent.mkdir(parents=True, exist_ok=True)
                _write_atomic(change.path, change.new)
    return CentresResult(changes, problems)
