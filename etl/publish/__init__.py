"""Publishing the built package: release archive, SQLite and Datasette, parallel text, dataset card."""
