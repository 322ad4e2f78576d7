import Foundation
import NIOConcurrencyHelpers
import SQLKit
import TrustlaneCore

/// Saving many partners at once (an import), a chunk of rows at a time: while the writer's
/// thread writes one chunk, the next is read from the file, checked and given its search terms
/// on another core. A 100,000-row import used to read the whole file, then compute every
/// name's terms, and only then start writing: 0.65 s of 2.6 s with the database idle.
///
/// The search-term rows of every chunk are kept and written last, sorted, so that each lands
/// next to the one before it in the terms' B-tree; each chunk's terms are sorted as it is made,
/// and the last sort merges those runs.
extension BusinessPartnerService {
    /// Where the partners come from: a file read a chunk at a time, or partners already read
    /// (one added on its form, a file the API read for its report) with their names' tokens
    /// when known.
    enum PartnerSource: Sendable {
        case file(BusinessPartnerCSV.Stream)
        case partners([BusinessPartner], nameTokens: [[[String]]]?)
    }

    /// Rows a chunk holds: small enough that writing starts soon and that a chunk's arrays stay
    /// under a megabyte (the allocator's own blocks, reused from chunk to chunk: see
    /// `MemoryAllocator`); 10,000 held more for no gain in speed.
    static let importChunkRows = 5_000

    /// One chunk ready to write: its accepted partners with their sort keys, search-term text
    /// and ids written out; its rejected rows.
    struct PreparedChunk: Sendable {
        let partners: [BusinessPartner]
        let nameKeys: [String]
        let searchTerms: [String]
        let ids: [String]
        /// Each identifier's row: the partner's index in the chunk and the identifier's key.
        let identifiers: [(partner: Int, key: String)]
        let rejected: [BusinessPartnerCSV.RejectedRow]
        /// Rows read so far, this chunk's included.
        let rowsRead: Int
    }

    /// Every partner's search terms, sorted, for the last write; each names its partner by
    /// index in `ids` (the ids' text is written out again as the rows are sent: 100,000 strings
    /// kept for the whole import were 8 MB).
    struct SortedTerms: Sendable {
        let terms: TermStore
        let ids: [UUID]
    }

    /// An import's search terms, kept until its last write: their text one after another, each
    /// ended by a zero byte, and per term 16 bytes (where its text starts, its partner's index,
    /// its first eight bytes as one number). A `(String, Int)` pair per term was 24 bytes: 10 MB
    /// for a 100,000-row file's 400,000. Sorted by their bytes, as SQLite orders text (a term's
    /// letters and digits never hold a zero byte; one that did would be left out).
    ///
    /// Each chunk's terms are sorted as the chunk is made (`sortTail`), on the producer's
    /// thread while the writer writes the chunk before; the last `sort` then merges the sorted
    /// runs (the standard library's sort finds them) instead of sorting 400,000 terms while the
    /// writer waits. Most comparisons are decided by the first eight bytes, one integer each.
    struct TermStore: Sendable {
        struct Ref: Sendable {
            let offset: UInt32
            let partner: UInt32
            /// The term's first eight bytes, big-endian, zero after its end: integers that order
            /// as the bytes do.
            let prefix: UInt64
        }

        private(set) var text: [UInt8] = []
        private(set) var refs: [Ref] = []

        var count: Int { refs.count }

        mutating func reserve(terms: Int, bytes: Int) {
            refs.reserveCapacity(terms)
            text.reserveCapacity(bytes)
        }

        mutating func append(_ term: String, partner: Int) {
            let utf8 = term.utf8
            guard !utf8.isEmpty, !utf8.contains(0), text.count + utf8.count < Int(UInt32.max) else { return }
            var prefix: UInt64 = 0, taken = 0
            for byte in utf8.prefix(8) {
                prefix = prefix << 8 | UInt64(byte)
                taken += 1
            }
            prefix <<= UInt64(8 * (8 - taken))
            refs.append(Ref(offset: UInt32(text.count), partner: UInt32(partner), prefix: prefix))
            text.append(contentsOf: utf8)
            text.append(0)
        }

        /// Whether `a` comes before `b`: by their bytes, ties by partner (file order). Equal
        /// prefixes with a zero last byte mean equal terms (a term holds no zero byte); otherwise
        /// both go on past their eighth byte.
        @inline(__always)
        private static func precedes(_ a: Ref, _ b: Ref, _ base: UnsafePointer<UInt8>) -> Bool {
            if a.prefix != b.prefix { return a.prefix < b.prefix }
            if a.prefix & 0xFF != 0 {
                let order = strcmp(base + Int(a.offset) + 8, base + Int(b.offset) + 8)
                if order != 0 { return order < 0 }
            }
            return a.partner < b.partner
        }

        /// Sorts the terms appended since `start` among themselves (one chunk's).
        mutating func sortTail(from start: Int) {
            guard start < refs.count else { return }
            text.withUnsafeBufferPointer { text in
                let base = text.baseAddress!
                refs[start...].sort { Self.precedes($0, $1, base) }
            }
        }

        /// In byte order of their text, ties by partner (file order).
        mutating func sort() {
            guard !refs.isEmpty else { return }
            text.withUnsafeBufferPointer { text in
                let base = text.baseAddress!
                refs.sort { Self.precedes($0, $1, base) }
            }
        }

        /// The `index`th term and its partner's index.
        func term(_ index: Int) -> (term: String, partner: Int) {
            let ref = refs[index]
            return text.withUnsafeBufferPointer { text in
                (String(cString: text.baseAddress! + Int(ref.offset)), Int(ref.partner))
            }
        }
    }

    /// Reads and prepares the chunks in order, one call at a time (the writer asks for the next
    /// one only after the previous call returned), and keeps the terms of every chunk.
    final class PartnerProducer: Sendable {
        private struct State: Sendable {
            /// The file, read in place through the optional (a copy taken out of an enum's
            /// payload while reading copied its tables of identifiers and references seen,
            /// 6 MB each at 100,000 rows, at the first chunk).
            var stream: BusinessPartnerCSV.Stream?
            var given: [BusinessPartner] = []
            var givenTokens: [[[String]]]?
            var position = 0
            var chunks = 0
            var terms = TermStore()
            var ids: [UUID] = []
            var fileErrors: [FieldError] = []
            var rowsRead = 0
            var sorted: SortedTerms?
        }

        private let state: NIOLockedValueBox<State>
        let chunkRows: Int

        /// `source` is moved in, not copied: a copy left with the caller would also make the
        /// first chunk copy the file's tables.
        init(_ source: consuming PartnerSource, chunkRows: Int = BusinessPartnerService.importChunkRows) {
            switch consume source {
            case .file(let stream): state = NIOLockedValueBox(State(stream: stream))
            case .partners(let partners, let tokens): state = NIOLockedValueBox(State(given: partners, givenTokens: tokens))
            }
            self.chunkRows = chunkRows
        }

        /// The first chunk is a fifth of the others: the writer starts sooner.
        private func rows(chunk: Int) -> Int { chunk == 0 ? max(1, chunkRows / 5) : chunkRows }

        /// The next chunk; nil at the end, when the terms are sorted (`sortedTerms`), or when
        /// the file ended with a problem of its own (`fileErrors`).
        func next() -> PreparedChunk? {
            state.withLockedValue { state in
                var partners: [BusinessPartner]
                var tokens: [[[String]]]?
                var rejected: [BusinessPartnerCSV.RejectedRow] = []
                var fractionRead = 1.0
                // What a large file's last chunk freed (on this thread and the writer's) goes
                // back to the system now, not when those threads next need it: a 100,000-row
                // import peaked 20-30 MB higher without it. Here, not between the writer's
                // statements: 20 trims were 0.1 s of the writer's time.
                if state.rowsRead > BusinessPartnerService.deferredCheckpointRows { MemoryAllocator.trim() }
                let limit = rows(chunk: state.chunks)
                state.chunks += 1
                if state.stream != nil {
                    let chunk = state.stream!.next(rows: limit, parallel: false)
                    state.rowsRead = state.stream!.rowsRead
                    state.fileErrors = state.stream!.fileErrors
                    fractionRead = state.stream!.fractionRead
                    guard let chunk else { return Self.finish(&state) }
                    partners = chunk.partners
                    rejected = chunk.rejected
                } else {
                    guard state.position < state.given.count else { return Self.finish(&state) }
                    let range = state.position..<min(state.given.count, state.position + limit)
                    partners = Array(state.given[range])
                    tokens = state.givenTokens.map { Array($0[range]) }
                    state.position = range.upperBound
                    state.rowsRead = state.position
                    fractionRead = Double(state.position) / Double(state.given.count)
                }
                // Each name normalised once: the sort key and the search terms come from the same tokens.
                // On this thread alone, like the checks: the writer keeps a core of its own.
                let keyed = partners.indices.map { index in
                    let partner = partners[index]
                    let keys = BusinessPartnerService.keys(partner, nameTokens: tokens?[index])
                    return (nameKey: keys.nameKey, terms: keys.terms, searchTerms: BusinessPartnerService.searchTerms(keys.terms),
                            id: Hex.uuid(partner.id.rawValue))
                }
                let first = state.ids.count
                if first == 0, fractionRead > 0 {
                    // Sized once, from the first chunk's share of the file: grown by doubling,
                    // the old and the new buffers of 400,000 terms were held together.
                    let terms = keyed.reduce(0) { $0 + $1.terms.count }, rows = Int(Double(keyed.count) / fractionRead)
                    let bytes = keyed.reduce(0) { $0 + $1.terms.reduce(0) { $0 + $1.utf8.count + 1 } }
                    state.terms.reserve(terms: Int(Double(terms) / fractionRead * 1.05) + 16, bytes: Int(Double(bytes) / fractionRead * 1.05) + 64)
                    state.ids.reserveCapacity(rows + rows / 20 + 16)
                }
                let termsBefore = state.terms.count
                for (offset, entry) in keyed.enumerated() {
                    for term in entry.terms { state.terms.append(term, partner: first + offset) }
                    state.ids.append(partners[offset].id.rawValue)
                }
                state.terms.sortTail(from: termsBefore)
                var identifiers: [(partner: Int, key: String)] = []
                identifiers.reserveCapacity(partners.reduce(0) { $0 + $1.identifiers.count })
                for (index, partner) in partners.enumerated() {
                    for identifier in partner.identifiers { identifiers.append((index, identifier.key)) }
                }
                return PreparedChunk(partners: partners, nameKeys: keyed.map(\.nameKey), searchTerms: keyed.map(\.searchTerms),
                                     ids: keyed.map(\.id), identifiers: identifiers, rejected: rejected, rowsRead: state.rowsRead)
            }
        }

        /// The problem that ended the file part way, if any. Like `sortedTerms`, asked once the
        /// chunks are done: while a chunk is being made, this waits for it.
        var fileErrors: [FieldError] { state.withLockedValue { $0.fileErrors } }

        /// Every chunk's terms, in key order (ties by partner in file order); nil before the end.
        func sortedTerms() -> SortedTerms? { state.withLockedValue { $0.sorted } }

        private static func finish(_ state: inout State) -> PreparedChunk? {
            if state.sorted == nil {
                state.stream = nil
                state.given = []
                var terms = state.terms
                state.terms = TermStore()
                terms.sort()
                state.sorted = SortedTerms(terms: terms, ids: state.ids)
                state.ids = []
            }
            return nil
        }
    }

    /// What saving from a source did.
    struct Saved: Sendable {
        /// Partners written.
        var count = 0
        /// Rows the file refused, in file order.
        var rejected: [BusinessPartnerCSV.RejectedRow] = []
        /// A problem of the file as a whole found part way: the caller must refuse the file.
        var fileErrors: [FieldError] = []
    }

    /// Saves the partners of `source`, their identifiers and search terms, inside the caller's
    /// transaction. `stopAtRejection`: once a row is rejected nothing more is written (the caller
    /// refuses the file and its transaction undoes what was), but the file is still read to the
    /// end for its problems. `deferCheckpoint`: set when a large import on SQLite turned the
    /// writer's automatic checkpoint off (the caller turns it back on after the commit).
    static func insert(from source: consuming PartnerSource, stopAtRejection: Bool = false, company: CompanyID, now: Date, on sql: any SQLDatabase,
                       deferCheckpoint: NIOLockedValueBox<Bool>? = nil) async throws -> Saved {
        let columns = ["id", "reference", "reference_key", "legal_name", "name_key", "other_names", "country", "role",
                       "address", "identifiers", "sites", "contact_name", "contact_email", "notes", "tier", "tier_points", "search_terms"]
        let tiers = try await initialTiers(company: company, on: sql)
        let producer = PartnerProducer(consume source)
        // The company, the time and the status are the same on every row: bound once a statement.
        let shared: [(column: String, value: BulkValue)] = [
            ("company_id", .uuid(company.rawValue)), ("status", .text(BusinessPartnerStatus.active.rawValue)),
            ("created_at", .date(now)), ("updated_at", .date(now)),
        ]
        let companyColumn: [(column: String, value: BulkValue)] = [("company_id", .uuid(company.rawValue))]
        var saved = Saved()
        var large = false
        // Made on the global executor: a plain `Task` would inherit the write gate's executor
        // (the writer's one thread), and the next chunk would wait for the current one's writes.
        // Each chunk comes with its first statements' values, built there too: built when the
        // writer reached them, they were 7-9% of its thread's time (perf).
        let partnerInsert = BulkInsert(into: "business_partners", columns: columns, shared: shared, undoneWhole: true)
        let identifierInsert = BulkInsert(into: "business_partner_identifiers", columns: ["partner_id", "key"], shared: companyColumn, json: true, undoneWhole: true)
        @Sendable func ready() -> ReadyChunk? {
            guard let chunk = producer.next() else { return nil }
            return ReadyChunk(chunk: chunk, partners: partnerInsert.prebuild(rows: chunk.partners.count, for: sql, row: partnerRow(chunk, tiers: tiers)),
                              identifiers: identifierInsert.prebuild(rows: chunk.identifiers.count, for: sql, row: identifierRow(chunk)))
        }
        var pending = Task(executorPreference: globalConcurrentExecutor) { ready() }
        do {
            while let next = await pending.value {
                pending = Task(executorPreference: globalConcurrentExecutor) { ready() }
                let chunk = next.chunk
                saved.rejected += chunk.rejected
                if stopAtRejection && !saved.rejected.isEmpty { continue }
                if !large && sql.dialect.name == "sqlite" && chunk.rowsRead > deferredCheckpointRows {
                    large = true
                    try await beginLarge(on: sql, deferCheckpoint: deferCheckpoint)
                }
                try await partnerInsert.run(rows: chunk.partners.count, on: sql, first: next.partners, row: partnerRow(chunk, tiers: tiers))
                try await identifierInsert.run(rows: chunk.identifiers.count, on: sql, first: next.identifiers, row: identifierRow(chunk))
                saved.count += chunk.partners.count
                BulkInsert.freeElsewhere(consume next)
            }
            saved.fileErrors = producer.fileErrors
            if saved.fileErrors.isEmpty && !(stopAtRejection && !saved.rejected.isEmpty), saved.count > 0, let sorted = producer.sortedTerms() {
                let terms = sorted.terms, ids = sorted.ids
                try await BulkInsert(into: "business_partner_terms", columns: ["term", "partner_id"], shared: companyColumn, json: true, undoneWhole: true).run(rows: terms.count, on: sql) { index, values in
                    let (term, partner) = terms.term(index)
                    values.append(.text(term))
                    values.append(.uuid(ids[partner]))
                }
            }
        } catch {
            if large { try? await endLarge(on: sql) }
            throw error
        }
        if large { try await endLarge(on: sql) }
        if saved.count > deferredCheckpointRows { MemoryAllocator.trim() }
        if saved.count > 0 { try await BusinessPartnerQueries.refreshCounts(company: company, on: sql) }
        return saved
    }

    /// A chunk ready to write, with its statements' first values when on SQLite.
    struct ReadyChunk: Sendable {
        let chunk: PreparedChunk
        let partners: BulkInsert.Prebuilt?
        let identifiers: BulkInsert.Prebuilt?
    }

    /// A partner's row of `business_partners`, as the import writes it.
    private static func partnerRow(_ chunk: PreparedChunk, tiers: @escaping @Sendable (BusinessPartner) -> PartnerVetting)
        -> @Sendable (Int, inout BulkValues) -> Void {
        { index, values in
            let partner = chunk.partners[index]
            let tier = tiers(partner)
            values.append(.uuidText(chunk.ids[index], partner.id.rawValue))
            values.append(.optionalText(partner.reference))
            values.append(.optionalText(partner.reference?.lowercased()))
            values.append(.text(partner.legalName))
            values.append(.text(chunk.nameKeys[index]))
            values.append(.text(partner.otherNames.count == 1 ? partner.otherNames[0] : partner.otherNames.joined(separator: "\n")))
            values.append(.text(partner.country.code))
            values.append(.text(partner.role.rawValue))
            values.append(.optionalText(partner.address))
            values.append(.text(partner.identifiers.count == 1 ? partner.identifiers[0].text : partner.identifiers.map(\.text).joined(separator: "\n")))
            values.append(.optionalText(partner.sites))
            values.append(.optionalText(partner.contactName))
            values.append(.optionalText(partner.contactEmail))
            values.append(.optionalText(partner.notes))
            values.append(.text(tier.tier.rawValue))
            values.append(.int(tier.points))
            values.append(.text(chunk.searchTerms[index]))
        }
    }

    /// An identifier's row of `business_partner_identifiers`.
    private static func identifierRow(_ chunk: PreparedChunk) -> @Sendable (Int, inout BulkValues) -> Void {
        { index, values in
            let (partner, key) = chunk.identifiers[index]
            values.append(.uuidText(chunk.ids[partner], chunk.partners[partner].id.rawValue))
            values.append(.text(key))
        }
    }

    /// A large import on SQLite works on many more pages than the default cache holds: without a
    /// larger one, pages are written out and read back again mid-transaction. 24 MB holds the
    /// pages a 100,000-row import writes out of order (its indexes by name, reference and
    /// identifier, about 18 MB); the tables and the terms grow at their ends. With 16 MB the
    /// import took 0.05-0.14 s longer; 24 MB was as quick as 32, for 8 MB less. Each multi-row
    /// INSERT also keeps a statement journal (to undo that one statement if a constraint stops
    /// it): held in memory, not in a temporary file opened and written for every statement (a
    /// sixth of an import's time in perf). And the automatic checkpoint waits for the commit
    /// (`resumeCheckpoints`).
    private static func beginLarge(on sql: any SQLDatabase, deferCheckpoint: NIOLockedValueBox<Bool>?) async throws {
        try await sql.raw("PRAGMA cache_size = -24576").run()
        try await sql.raw("PRAGMA temp_store = MEMORY").run()
        if let deferCheckpoint {
            try await sql.raw("PRAGMA wal_autocheckpoint = 0").run()
            deferCheckpoint.withLockedValue { $0 = true }
        }
    }

    private static func endLarge(on sql: any SQLDatabase) async throws {
        try await sql.raw("PRAGMA cache_size = -2000").run()
        try await sql.raw("PRAGMA temp_store = DEFAULT").run()
    }
}
