// Tool schemas, arguments and provider payloads are JSON documents of the same type Core uses.
@_exported import TesseraJSON
