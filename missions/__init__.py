"""Peacekeeping Atlas domain package: loading, validating, filtering and exporting mission data.

Pure Python and pandas. Nothing here imports streamlit, so every function can be tested and
reused outside the app.
"""
