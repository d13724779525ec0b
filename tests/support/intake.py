"""What the intake tests share: the fixture pages and feeds, the PDF report they make, and a local web server
that answers as real ones do (redirects, a 404, a slow answer, an oversize body, a type that is no article)."""

from __future__ import annotations

import http.server
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import yaml

from support.project import REPO

INTAKE = REPO / "tests" / "fixtures" / "intake"
EXPECTED = yaml.safe_load((INTAKE / "expected.yml").read_text(encoding="utf-8"))

REPORT = {  # the PDF report's text, as made by make_report_pdf
    "institute": "Nordic Security Institute | Research Report NSI-2024-07",
    "title": "Undersea Cables in the Baltic Sea: Risks and Responses",
    "author": "Maria Lindqvist",
    "date": "March 14, 2024",
    "pages": [
        [
            ("heading", "Summary"),
            (
                "paragraph",
                "Damage to two gas pipelines and three data cables on the floor of the Baltic Sea in October 2023 "
                "showed how exposed the region's undersea infrastructure is to accidents and sabotage alike.",
                "1",
            ),
            (
                "paragraph",
                "This report reviews what is known about the incidents, how the coastal states responded, and what "
                "parliament could do to make repairs faster and attacks less likely to succeed.",
            ),
            ("heading", "Background"),
            (
                "paragraph",
                "More than a dozen power and data cables cross the Baltic Sea. Most lie in shallow water where a "
                "dragged anchor can cut them, and most are owned by private companies that report damage to no "
                "single authority.",
            ),
            ("item", "Repair ships able to lift a cable from the seabed are few and often booked for months."),
            ("item", "Monitoring of ship movements near cables relies on transponders that can be switched off."),
            ("item", "Legal powers to board a suspect ship outside territorial waters are limited."),
        ],
        [
            ("heading", "Options for Parliament"),
            ("subheading", "Protecting repair capacity"),
            (
                "paragraph",
                "A standing contract for a repair vessel, shared with neighbouring states, would cut the time to "
                "restore a cut cable from weeks to days, at a cost the institute estimates at 40 million euros a year.",
                "2",
            ),
            ("subheading", "Watching the seabed"),
            (
                "paragraph",
                "Sensors laid along the busiest cable routes, and patrols by naval and coast guard ships, would make "
                "deliberate damage harder to hide and easier to attribute.",
            ),
        ],
    ],
    "notes": [
        "1 Finnish Border Guard, statement on the Balticconnector pipeline, 10 October 2023.",
        "2 Institute estimate, based on published charter rates for cable ships in 2023.",
    ],
}


def make_report_pdf(path: Path) -> Path:
    """Write a two-page research report PDF (fpdf2): a running header and page numbers, a title, the author and
    date, headings at two sizes, paragraphs, a bulleted list and footnotes with superscript markers."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.core_fonts_encoding = "windows-1252"  # WinAnsi, as Word and most report tools write: bullets and dashes
    pdf.set_title(REPORT["title"])
    pdf.set_author(REPORT["author"])
    pdf.set_creator("Report Writer 3.2")
    import datetime as dt

    pdf.set_creation_date(dt.datetime(2024, 3, 14, 9, 0, tzinfo=dt.UTC))
    pdf.set_auto_page_break(False)
    pages = REPORT["pages"]
    for number, blocks in enumerate(pages, start=1):
        pdf.add_page()
        pdf.set_font("Helvetica", size=8)
        pdf.set_xy(20, 10)
        pdf.cell(text=REPORT["institute"])
        pdf.set_xy(20, 22)
        if number == 1:
            pdf.set_font("Helvetica", style="B", size=20)
            pdf.multi_cell(170, 9, REPORT["title"])
            pdf.ln(3)
            pdf.set_font("Helvetica", size=11)
            pdf.set_x(20)
            pdf.cell(text=REPORT["author"] + ", Senior Analyst")
            pdf.ln(6)
            pdf.set_x(20)
            pdf.cell(text=REPORT["date"])
            pdf.ln(12)
        for block in blocks:
            kind, text = block[0], block[1]
            pdf.set_x(20)
            if kind == "heading":
                pdf.set_font("Helvetica", style="B", size=14)
                pdf.cell(text=text)
                pdf.ln(10)
            elif kind == "subheading":
                pdf.set_font("Helvetica", style="B", size=12)
                pdf.cell(text=text)
                pdf.ln(8)
            elif kind == "item":
                pdf.set_font("Helvetica", size=11)
                pdf.set_left_margin(26)
                pdf.set_x(22)
                pdf.write(5.5, "\u2022 " + text)
                pdf.set_left_margin(10)
                pdf.ln(8)
            else:
                pdf.set_font("Helvetica", size=11)
                pdf.set_left_margin(20)
                pdf.set_right_margin(20)
                pdf.write(5.5, text)
                if len(block) > 2:
                    pdf.char_vpos = "SUP"
                    pdf.write(5.5, block[2])
                    pdf.char_vpos = "LINE"
                pdf.set_left_margin(10)
                pdf.ln(9)
        pdf.set_font("Helvetica", size=8)
        pdf.set_xy(20, 262)
        pdf.cell(170, 0, "", border="T")
        pdf.set_xy(20, 265)
        pdf.multi_cell(170, 4, REPORT["notes"][number - 1])
        pdf.set_xy(0, 282)
        pdf.cell(210, 4, f"Page {number} of {len(pages)}", align="C")
    pdf.output(str(path))
    return path


LAST_AGENTS: list[str] = []  # the User-Agent of every request the servers were sent


class Handler(http.server.BaseHTTPRequestHandler):
    """Answers as real servers do; `routes` maps a path to (status, headers, body) or a special behaviour."""

    routes: dict[str, tuple[int, dict[str, str], bytes]] = {}
    slow_seconds = 3.0

    def log_message(self, format, *args):  # noqa: A002 - signature from the base class
        pass

    def do_GET(self):  # noqa: N802 - the name http.server calls
        LAST_AGENTS.append(self.headers.get("User-Agent", ""))
        path = self.path.split("?", 1)[0]
        if path == "/slow":
            time.sleep(self.slow_seconds)
        if path == "/trickle":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            for _ in range(40):
                self.wfile.write(b"<p>" + b"x" * 100 + b"</p>\n")
                self.wfile.flush()
                time.sleep(0.1)
            return
        if path == "/huge":  # no Content-Length: the limit must be found while reading
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            chunk = b"<p>" + b"filler " * 1000 + b"</p>\n"
            try:
                for _ in range(200):
                    self.wfile.write(chunk)
            except (BrokenPipeError, ConnectionResetError):
                pass
            return
        status, headers, body = self.routes.get(path, (404, {"Content-Type": "text/html"}, b"<h1>Not found</h1>"))
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value.replace("{base}", f"http://127.0.0.1:{self.server.server_port}"))
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body.replace(b"{base}", f"http://127.0.0.1:{self.server.server_port}".encode()))


@contextmanager
def web_server(routes: dict[str, tuple[int, dict[str, str], bytes]]) -> Iterator[str]:
    """Serve the routes on 127.0.0.1 (a free port) in a thread; yield the base URL."""
    handler = type("RouteHandler", (Handler,), {"routes": routes})
    LAST_AGENTS.clear()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()


def words_of(text: str) -> str:
    """Return text's words, lowercased, one space apart (how body and boilerplate lines are compared)."""
    import re

    return " ".join(re.findall(r"\w+", text.casefold()))


def seed_lines(seed_text: str) -> list[str]:
    """Return the article's lines of a plain-text seed (after its date and title), markers and blanks dropped."""
    lines = seed_text.split("\n")[3:]
    out = []
    for line in lines:
        line = line.strip().removeprefix("• ").removeprefix("> ").lstrip("#").strip()
        if line:
            out.append(line)
    return out


def score(seed_text: str, expected: dict) -> dict:
    """Return how a seed made from a fixture compares with what it should hold: title and date exact, body
    lines recalled (a body line is recalled when its words are a line of the seed, or inside one), boilerplate
    lines found (its words as a whole line, or, for a line of at least three words, inside one)."""
    first, title = seed_text.split("\n")[:2]
    lines = [words_of(line) for line in seed_lines(seed_text)]
    body = [words_of(line) for line in expected["body"]]
    recalled = [b for b in body if any(b == line or f" {b} " in f" {line} " for line in lines)]
    found = []
    for phrase in expected["boilerplate"]:
        key = words_of(phrase)
        if not key:
            continue
        if any(key == line or (len(key.split()) >= 3 and f" {key} " in f" {line} ") for line in lines):
            found.append(phrase)
    return {
        "title": title == expected["title"],
        "date": first == expected["published"],
        "recalled": len(recalled),
        "body": len(body),
        "missed": [line for line in expected["body"] if words_of(line) not in recalled],
        "boilerplate": found,
    }
