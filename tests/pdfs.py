"""PDF files for tests: real PDFs with a text layer, written by hand (one Helvetica page
per text), an encrypted one (pypdf's writer) and a damaged one."""

import io

from pypdf import PdfReader, PdfWriter


def _escaped(text: str) -> bytes:
    # Helvetica in WinAnsi: Latin text only.
    safe = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    return safe.encode("latin-1")


def pdf_with_pages(*pages: str) -> bytes:
    """A PDF whose page N shows ``pages[N-1]`` as one line of text."""
    count = len(pages)
    objects: list[bytes] = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids ["
        + b" ".join(b"%d 0 R" % (4 + 2 * i) for i in range(count))
        + b"] /Count %d >>" % count,
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    for i, text in enumerate(pages):
        content = b"BT /F1 11 Tf 40 700 Td (" + _escaped(text) + b") Tj ET"
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
            b"/Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>" % (5 + 2 * i)
        )
        objects.append(b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream")
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\n" % (len(objects) + 1))
    out.write(b"startxref\n%d\n%%%%EOF\n" % xref)
    return out.getvalue()


def encrypted_pdf(*pages: str, lock: str = "open sesame") -> bytes:
    """A PDF whose text needs the password ``lock`` to be read."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf_with_pages(*pages))))
    writer.encrypt(user_password=lock, owner_password=lock, algorithm="AES-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def damaged_pdf() -> bytes:
    """A file that starts like a PDF and is not one."""
    return b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 9 0 R\nthe rest is missing"
