import Metrics

/// Requests refused by a rate limit or the login throttle, by which limit refused them.
enum RateLimitMetrics {
    static func rejected(_ limit: String) {
        Counter(label: "tessera_rate_limit_rejections_total", dimensions: [("limit", limit)]).increment()
    }
}
