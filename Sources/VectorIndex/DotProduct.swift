/// SIMD inner-product kernels over raw rows. Callers pass valid pointers to `count` elements;
/// loads are unaligned so rows need no padding.
enum DotProduct {
    @inline(__always)
    static func float32(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, count: Int) -> Float {
        var sum0 = SIMD16<Float>()
        var sum1 = SIMD16<Float>()
        var index = 0
        while index + 32 <= count {
            sum0 += load16(a + index) * load16(b + index)
            sum1 += load16(a + index + 16) * load16(b + index + 16)
            index += 32
        }
        if index + 16 <= count {
            sum0 += load16(a + index) * load16(b + index)
            index += 16
        }
        var total = (sum0 + sum1).sum()
        while index < count {
            total += a[index] * b[index]
            index += 1
        }
        return total
    }

    /// Query in float32 against one int8 row; the caller multiplies by the row's scale.
    /// Slow path (element-wise conversion) for the rare scoring outside hot loops.
    static func int8(_ query: UnsafePointer<Float>, _ codes: UnsafePointer<Int8>, count: Int) -> Float {
        var total: Float = 0
        for index in 0..<count { total += query[index] * Float(codes[index]) }
        return total
    }

    /// 16-bit query codes against one int8 row, exact in Int32 (|sum| ≤ 32767·127·count fits
    /// for count < 516 thousand). Plain wrapping integer arithmetic, which LLVM vectorizes into
    /// widening multiply-adds; converting int8 lanes to float does not vectorize as well.
    @inline(__always)
    static func int8(_ query: UnsafePointer<Int16>, _ codes: UnsafePointer<Int8>, count: Int) -> Int32 {
        var total: Int32 = 0
        for index in 0..<count {
            total &+= Int32(query[index]) &* Int32(codes[index])
        }
        return total
    }

    @inline(__always)
    static func float16(_ query: UnsafePointer<Float>, _ halves: UnsafePointer<Float16>, count: Int) -> Float {
        var sum = SIMD16<Float>()
        var index = 0
        while index + 16 <= count {
            let h = UnsafeRawPointer(halves + index).loadUnaligned(as: SIMD16<Float16>.self)
            sum += load16(query + index) * SIMD16<Float>(h)
            index += 16
        }
        var total = sum.sum()
        while index < count {
            total += query[index] * Float(halves[index])
            index += 1
        }
        return total
    }

    @inline(__always)
    private static func load16(_ pointer: UnsafePointer<Float>) -> SIMD16<Float> {
        UnsafeRawPointer(pointer).loadUnaligned(as: SIMD16<Float>.self)
    }
}
