/// Object ids: a three-letter prefix naming the kind plus 14 random characters of [A-Za-z0-9],
/// 17 in all, as Airtable's. Random (not sequential) so that ids cannot be guessed.
public enum TesseraID {
    public enum Kind: String, Sendable, CaseIterable {
        case workspace = "wsp"
        case base = "app"
        case table = "tbl"
        case field = "fld"
        case record = "rec"
        case user = "usr"
        case view = "viw"
        case selectChoice = "sel"
        case comment = "com"
        case attachment = "att"
        case token = "pat"
        /// Names an unexpected failure in the log and in the error a client gets.
        case incident = "inc"
    }

    static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")

    public static func make(_ kind: Kind) -> String {
        var generator = SystemRandomNumberGenerator()
        return kind.rawValue + randomCharacters(14, using: &generator)
    }

    public static func isValid(_ id: String, _ kind: Kind) -> Bool {
        id.utf8.count == 17 && id.hasPrefix(kind.rawValue)
            && id.utf8.dropFirst(3).allSatisfy { byte in
                (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
            }
    }

    /// Random characters of the id alphabet, for identifiers outside the kinds above.
    public static func randomCharacters(_ count: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        return randomCharacters(count, using: &generator)
    }

    static func randomCharacters(_ count: Int, using generator: inout some RandomNumberGenerator) -> String {
        String((0..<count).map { _ in alphabet.randomElement(using: &generator)! })
    }
}
