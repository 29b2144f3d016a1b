"""Reports: the ratings matrix, provider and programme pages, the PDF and public pages."""
