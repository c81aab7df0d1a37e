"""Write the spreadsheets of centres the tests import: tests/fixtures/centres/centres.{csv,xlsx,ods}.

The same rows in the three formats — good rows, and bad cells the importer must place and report.
The .xlsx and .ods files are written by hand (a zip of XML), so that no spreadsheet library is
needed to regenerate them: `.venv/bin/python scripts/make_centre_fixtures.py`.
"""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

OUT = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "centres"

HEADER = ["Nom de la structure", "Département", "Type", "Adresse", "CP", "Commune", "Téléphone", "Courriel",
          "Site internet", "Latitude", "Longitude", "SIRET", "Mode de gestion", "Couleur préférée"]
ROWS = [
    # an existing centre of the shipped content: completes its empty fields
    ["Centre social et culturel J.Y Cousteau", "Pas-de-Calais", "Centre social", "1 rue de la Mer", "62100",
     "Calais", "03 21 00 00 00", "contact@cousteau.example.org", "www.cousteau.example.org", "50,95", "1,86",
     "73282932000074", "associatif", "bleu"],
    # a new centre
    ["Centre social des Trois Cités", "86", "centre social", "2 place des Trois Cités", "86000", "Poitiers",
     "", "accueil@troiscites.example.org", "https://troiscites.example.org", "46.57", "0.36", "", "associatif", ""],
    # bad cells: SIRET check digit, postcode of another department, e-mail, coordinates outside France
    ["Espace de vie sociale La Passerelle", "Gironde", "espace de vie sociale", "", "31000", "Bordeaux", "",
     "passerelle.example.org", "", "4.2", "-44.6", "73282932000075", "", ""],
    # no name: not imported
    ["", "Nord", "centre social", "", "59000", "Lille", "", "", "", "", "", "", "", ""],
]


def write_csv() -> None:
    out = io.StringIO()
    csv.writer(out, delimiter=";", lineterminator="\r\n").writerows([HEADER, *ROWS])
    (OUT / "centres.csv").write_bytes(("\ufeff" + out.getvalue()).encode("utf-8"))


def _column(index: int) -> str:
    return chr(65 + index)


def write_xlsx() -> None:
    rows = []
    for number, row in enumerate([HEADER, *ROWS], start=1):
        cells = "".join(f'<c r="{_column(i)}{number}" t="inlineStr"><is><t>{escape(v)}</t></is></c>'
                        for i, v in enumerate(row) if v)
        rows.append(f'<row r="{number}">{cells}</row>')
    files = {
        "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
        "_rels/.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Centres" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
        "xl/worksheets/sheet1.xml": '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>' + "".join(rows) + "</sheetData></worksheet>",
    }
    _zip(OUT / "centres.xlsx", files)


def write_ods() -> None:
    rows = []
    for row in [HEADER, *ROWS]:
        cells = "".join(f'<table:table-cell office:value-type="string"><text:p>{escape(v)}</text:p></table:table-cell>'
                        if v else "<table:table-cell/>" for v in row)
        rows.append(f"<table:table-row>{cells}</table:table-row>")
    content = ('<?xml version="1.0" encoding="UTF-8"?><office:document-content '
               'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
               'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
               'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
               '<office:body><office:spreadsheet><table:table table:name="Feuille1">' + "".join(rows)
               + "</table:table></office:spreadsheet></office:body></office:document-content>")
    manifest = ('<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
                'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
                '<manifest:file-entry manifest:full-path="/" '
                'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
                '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
                "</manifest:manifest>")
    _zip(OUT / "centres.ods", {"mimetype": "application/vnd.oasis.opendocument.spreadsheet",
                               "content.xml": content, "META-INF/manifest.xml": manifest})


def _zip(path: Path, files: dict[str, str]) -> None:
    with zipfile.ZipFile(path, "w") as archive:
        for name, text in files.items():
            info = zipfile.ZipInfo(name, date_time=(2026, 12, 1, 0, 0, 0))  # the same bytes at every run
            info.compress_type = zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED
            archive.writestr(info, text)


if __name__ == "__main__":
    OUT.mkdir(parents=True, exist_ok=True)
    write_csv()
    write_xlsx()
    write_ods()
    print(f"wrote {OUT}/centres.csv, centres.xlsx, centres.ods")
