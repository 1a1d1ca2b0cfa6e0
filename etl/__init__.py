"""ETL for United Nations General Assembly resolutions.

The public API is small: `etl.text.parse.parse_file` (one resolution into typed
records) and `etl.citations.find_citations` (references in any text).
"""
