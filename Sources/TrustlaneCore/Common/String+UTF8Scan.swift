extension String {
    /// Whether any of the string's UTF-8 bytes satisfies `predicate`, read over its contiguous
    /// UTF-8 buffer when it has one (native strings do), else byte by byte. Walking `UTF8View` by
    /// index was most of the cost of escaping page text in perf; the escapers of HTML and JSON,
    /// which check every value they write, scan with this.
    @inlinable
    public func containsUTF8Byte(where predicate: (UInt8) -> Bool) -> Bool {
        if let found = utf8.withContiguousStorageIfAvailable({ bytes -> Bool in
            for byte in bytes where predicate(byte) { return true }
            return false
        }) {
            return found
        }
        return utf8.contains(where: predicate)
    }
}
