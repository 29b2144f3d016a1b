"""The national report of a campaign: its figures, settings and publication, the public
pages, the PDF, the workbook and the charts."""
