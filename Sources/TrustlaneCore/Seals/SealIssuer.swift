import Foundation

/// Picks seals to issue from stock at random rather than in sequence, so nobody can tell which
/// number the next shipment will carry (a known next number helps whoever wants a copy ready).
public enum SealIssuer {
    /// `count` distinct seals drawn at random from `stock`; the generator is injectable so tests
    /// can fix it. Refused when the stock holds fewer seals than asked for.
    public static func pick<Generator: RandomNumberGenerator>(_ count: Int = 1, from stock: [SealNumber],
                                                              using generator: inout Generator) -> Result<[SealNumber], FieldError> {
        let unique = Array(Set(stock))
        guard count >= 1, unique.count >= count else {
            return .failure(FieldError(field: "seal_number", messageKey: "seals.error.no_stock",
                                       message: "\(max(count, 1)) seal(s) asked for but \(unique.count) in stock; receive a new batch first",
                                       arguments: ["count": String(max(count, 1)), "available": String(unique.count)]))
        }
        // Sorted first, so the pick depends on the generator only, not on Set's order.
        var pool = unique.sorted()
        var picked: [SealNumber] = []
        for index in 0..<count {
            let chosen = Int.random(in: index..<pool.count, using: &generator)
            pool.swapAt(index, chosen)
            picked.append(pool[index])
        }
        return .success(picked)
    }

    /// The same with the system's random source.
    public static func pick(_ count: Int = 1, from stock: [SealNumber]) -> Result<[SealNumber], FieldError> {
        var generator = SystemRandomNumberGenerator()
        return pick(count, from: stock, using: &generator)
    }
}
