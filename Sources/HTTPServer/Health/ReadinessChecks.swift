import Hummingbird
import TesseraCore

/// What `/ready` asks before a balancer sends traffic here; `/health` stays liveness only.
/// Each check answers nil when its part is ready, else why it is not.
public struct ReadinessChecks: Sendable {
    public typealias Check = @Sendable () async -> String?

    public var checks: [(name: String, check: Check)]

    public init(_ checks: [(name: String, check: Check)] = []) {
        self.checks = checks
    }

    /// 200 `{"status": "ready", "checks": {NAME: "ok"}}` when every check passes, else 503 with
    /// `"not ready"` and each failing check's reason. The checks run side by side.
    func response() async -> Response {
        let results = await withTaskGroup(of: (String, String?).self) { group in
            for (name, check) in checks { group.addTask { (name, await check()) } }
            var results: [String: String?] = [:]
            for await (name, failure) in group { results[name] = failure }
            return results
        }
        let ready = results.values.allSatisfy { $0 == nil }
        let body: JSONValue = [
            "status": .string(ready ? "ready" : "not ready"),
            "checks": .object(results.mapValues { .string($0 ?? "ok") }),
        ]
        return .json(body, status: ready ? .ok : .serviceUnavailable)
    }
}
