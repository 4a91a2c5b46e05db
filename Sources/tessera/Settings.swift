import Embeddings
import Foundation

/// Every command's settings come through here (DESIGN.md's CLI contract): the flag when given,
/// else the process environment, else the default. A variable that is set but does not parse is
/// an error naming it, never silently the default: `TESSERA_PORT=80a` must not serve on 8080.
///
/// swift-configuration was weighed for this and left out: ArgumentParser already owns the flags,
/// and its non-throwing readers answer the default for a value that does not convert, which is
/// the habit this type exists to end.
struct Settings: Sendable {
    /// The environment variables Tessera reads; the providers' own (`OPENAI_API_KEY`, …) are
    /// handed to `ProviderConfiguration` whole.
    enum Variable: String, CaseIterable, Sendable {
        case dataDirectory = "TESSERA_DATA_DIR"
        case databaseURL = "TESSERA_DATABASE_URL"
        case host = "TESSERA_HOST"
        case port = "TESSERA_PORT"
        case tokenRateLimit = "TESSERA_RATE_LIMIT_TOKEN"
        case baseRateLimit = "TESSERA_RATE_LIMIT_BASE"
        case authRateLimit = "TESSERA_RATE_LIMIT_AUTH"
        case trustForwardedFor = "TESSERA_TRUST_FORWARDED_FOR"
        case embeddingModel = "TESSERA_EMBEDDING_MODEL"
        case token = "TESSERA_TOKEN"
        case promptsDirectory = "TESSERA_PROMPTS_DIR"
        case metricsPort = "TESSERA_METRICS_PORT"
        case auditRetentionDays = "TESSERA_AUDIT_RETENTION_DAYS"
        case otlpEndpoint = "TESSERA_OTLP_ENDPOINT"
    }

    let environment: [String: String]

    /// The running process's settings.
    static let process = Settings(environment: ProcessInfo.processInfo.environment)

    /// The flag, else the variable's text (empty counts as unset).
    func text(_ flag: String?, _ variable: Variable) -> String? {
        flag ?? environment[variable.rawValue].flatMap { $0.isEmpty ? nil : $0 }
    }

    func text(_ flag: String?, _ variable: Variable, default fallback: String) -> String {
        text(flag, variable) ?? fallback
    }

    /// The flag, else the variable parsed as `T`, else the default.
    func value<T: LosslessStringConvertible>(_ flag: T?, _ variable: Variable, default fallback: T) throws(CLIError) -> T {
        try value(flag, variable) ?? fallback
    }

    /// The flag, else the variable parsed as `T`, else nil.
    func value<T: LosslessStringConvertible>(_ flag: T?, _ variable: Variable) throws(CLIError) -> T? {
        if let flag { return flag }
        guard let raw = text(nil, variable) else { return nil }
        guard let value = T(raw.trimmingCharacters(in: .whitespaces)) else {
            throw CLIError("\(variable.rawValue)=\"\(raw)\" is not \(Self.article(for: T.self)); unset it or fix it")
        }
        return value
    }

    /// A flag that is on when given, else when the variable reads 1, true, yes or on.
    func isOn(_ flag: Bool, _ variable: Variable) throws(CLIError) -> Bool {
        if flag { return true }
        guard let raw = text(nil, variable) else { return false }
        switch raw.lowercased() {
        case "1", "true", "yes", "on": return true
        case "0", "false", "no", "off": return false
        default: throw CLIError("\(variable.rawValue)=\"\(raw)\" is neither on (1, true, yes) nor off (0, false, no)")
        }
    }

    private static func article<T>(for type: T.Type) -> String {
        switch type {
        case is Int.Type: "a whole number"
        case is Double.Type: "a number"
        default: "a valid \(type)"
        }
    }
}

extension Settings {
    /// The embedding model directory: the flag or `TESSERA_EMBEDDING_MODEL` when given; else the
    /// first that holds the weights of the data directory's `models/`, the user's data home
    /// (`$XDG_DATA_HOME/tessera/models/`, else `~/.local/share/tessera/models/`) and the working
    /// directory's `models/` (a checkout, where `scripts/fetch-model.sh` puts it); else that last
    /// one, so the fallback warning names where the weights were expected.
    func modelDirectory(_ flag: String?, dataDirectory: String?) -> URL {
        if let explicit = text(flag, .embeddingModel) { return URL(fileURLWithPath: explicit) }
        let name = EmbedderFactory.defaultModelName
        var candidates: [URL] = []
        if let dataDirectory { candidates.append(URL(fileURLWithPath: dataDirectory).appendingPathComponent("models/\(name)")) }
        candidates.append(userDataHome.appendingPathComponent("tessera/models/\(name)"))
        let checkout = URL(fileURLWithPath: "models/\(name)")
        candidates.append(checkout)
        return candidates.first { EmbedderFactory.holdsWeights($0) } ?? checkout
    }

    /// `$XDG_DATA_HOME`, else `~/.local/share` (the XDG base directory default).
    var userDataHome: URL {
        if let xdg = environment["XDG_DATA_HOME"], xdg.hasPrefix("/") { return URL(fileURLWithPath: xdg) }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return URL(fileURLWithPath: home).appendingPathComponent(".local/share")
    }
}
