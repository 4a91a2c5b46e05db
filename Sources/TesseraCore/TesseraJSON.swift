// JSON documents are the currency of records and the API surfaces; every user of Core sees them.
@_exported import TesseraJSON
