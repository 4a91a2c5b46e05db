/// Simple (one scalar to one scalar) case mappings, which is how `(?i)` compares letters here.
enum RegexCaseFolding {
    /// The scalar with its single-scalar lowercase, uppercase and titlecase mappings, without repeats.
    /// Mappings to several scalars ("ß" → "SS") are left out, as RE2's simple case folding does.
    static func variants(of scalar: Unicode.Scalar) -> [Unicode.Scalar] {
        if scalar.isASCII {
            switch scalar.value {
            case 0x41...0x5A, 0x61...0x7A:
                return [scalar, Unicode.Scalar(UInt8(scalar.value ^ 0x20))]
            default:
                return [scalar]
            }
        }
        var variants = [scalar]
        let properties = scalar.properties
        for mapping in [properties.lowercaseMapping, properties.uppercaseMapping, properties.titlecaseMapping] {
            let scalars = mapping.unicodeScalars
            guard scalars.count == 1, let mapped = scalars.first, !variants.contains(mapped) else { continue }
            variants.append(mapped)
        }
        return variants
    }
}
