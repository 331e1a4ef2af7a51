"""The Report tab's account of the PDFs' text: read, waiting for the worker, or not
readable and why (``articles.pdf_text``)."""

from wagtail.admin.panels import Panel

from .reports import DocumentText


class PDFTextPanel(Panel):
    class BoundPanel(Panel.BoundPanel):
        template_name = "articles/admin/pdf_text_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            links = [link for link in self.instance.documents.all() if link.document_id]
            texts = DocumentText.objects.in_bulk([link.document_id for link in links])
            context["pdfs"] = [
                {"title": link.document.title, "text": texts.get(link.document_id)}
                for link in links
            ]
            return context
