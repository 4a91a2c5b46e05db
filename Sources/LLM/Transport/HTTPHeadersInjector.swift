import NIOHTTP1
import Tracing

/// Writes the current trace context (W3C `traceparent`) into a provider request's headers.
struct HTTPHeadersInjector: Injector {
    func inject(_ value: String, forKey key: String, into headers: inout HTTPHeaders) {
        headers.replaceOrAdd(name: key, value: value)
    }
}
