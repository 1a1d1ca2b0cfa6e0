"""Front end for text extracted from the official PDF documents.

    detect language -> read -> clean layout -> segment -> extract -> guard
                                                    (etl.text.parse.parse_source)

Every stage takes its words from the language profile (etl.lang.zh,
etl.lang.en) chosen by detecting the language from the text itself; a text in
a language without a profile is rejected with a ParseError naming it.

The result is the same intermediate record the XML front end (etl.akn)
produces: etl.records.Document.
"""
