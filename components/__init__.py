"""Streamlit building blocks shared by the pages: filters, data access, charts, downloads."""
