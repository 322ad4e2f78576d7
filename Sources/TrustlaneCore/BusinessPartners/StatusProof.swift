import Foundation

/// Proof of a partner's supply-chain security status, kept for MSC 3.4 ("screening considers
/// CTPAT or MRA-recognised AEO status; obtain proof; monitor that partners keep it"): a CTPAT
/// membership, an Authorized Economic Operator (or equivalent) certificate, or another
/// certification the company's process accepts as supporting evidence.
public struct StatusProof: Hashable, Sendable {
    public enum Kind: String, CaseIterable, Codable, Sendable {
        /// The partner is a CTPAT member (its account or SVI number, as the partner gave it or the
        /// CTPAT portal's partner monitoring shows it).
        case ctpat
        /// An AEO or equivalent program of a customs administration (EU AEO, Mexico's OEA,
        /// Canada's PIP ...): recognised under 3.4 only where the U.S. has a mutual recognition
        /// arrangement with the issuing customs administration.
        case aeo
        /// Anything else (a SCAN or GSV audit, ISO 28000): evidence, not a 3.4 status.
        case other
    }

    public var kind: Kind
    /// The program as the certificate names it (`AEOS`, `OEA`, `PIP`); for CTPAT, empty.
    public var program: String
    public var number: String
    /// The issuing customs administration's country (for an EU AEO, the member state).
    public var country: CountryCode?
    public var validUntil: ProgramDay?
    /// When the company last checked the status with the issuer.
    public var verifiedOn: ProgramDay?

    public init(kind: Kind, program: String = "", number: String, country: CountryCode? = nil, validUntil: ProgramDay? = nil,
                verifiedOn: ProgramDay? = nil) {
        self.kind = kind
        self.program = program
        self.number = number
        self.country = country
        self.validUntil = validUntil
        self.verifiedOn = verifiedOn
    }

    /// What the proof counts for on a day.
    public enum Recognition: Hashable, Sendable {
        /// A CTPAT member.
        case ctpat
        /// An AEO-type status under a signed mutual recognition arrangement.
        case mutualRecognition(MutualRecognitionArrangement)
        /// Kept, but not a 3.4 status; the reason says why.
        case notRecognised(reason: String)
        /// Past its `validUntil`.
        case expired(ProgramDay)

        /// CTPAT or an MRA-recognised status: the partner may be vetted by this proof instead of
        /// the whole questionnaire.
        public var counts: Bool {
            switch self {
            case .ctpat, .mutualRecognition: true
            case .notRecognised, .expired: false
            }
        }

        /// The rule that lets the proof stand in for the questionnaire, or why it does not.
        public var explanation: String {
            switch self {
            case .ctpat:
                "A CTPAT member: MSC 3.4 lets the company rely on its CTPAT status, with this proof kept and the status monitored, instead of the security questionnaire."
            case .mutualRecognition(let arrangement):
                "Recognised under the U.S.–\(arrangement.partner) mutual recognition arrangement (\(arrangement.program), signed \(arrangement.signed)): MSC 3.4 treats it like CTPAT status, with this proof kept and the status monitored\(arrangement.verified ? "" : " (the arrangement's details are unverified)")."
            case .notRecognised(let reason): reason
            case .expired(let day): "The proof expired on \(day); ask the partner for a current one."
            }
        }
    }

    public func recognition(on day: ProgramDay, arrangements: MutualRecognitionArrangements = .bundled) -> Recognition {
        if let validUntil, validUntil < day { return .expired(validUntil) }
        switch kind {
        case .ctpat:
            return .ctpat
        case .aeo:
            guard let country else { return .notRecognised(reason: "The issuing country is missing; an AEO status counts only where the U.S. has a mutual recognition arrangement with it.") }
            guard let arrangement = arrangements.arrangement(forCountry: country.code) else {
                return .notRecognised(reason: "The U.S. has no mutual recognition arrangement covering \(country.code) in Trustlane's list (checked \(arrangements.checkedOn)); the status is supporting evidence, not a 3.4 status.")
            }
            guard arrangement.isSigned(on: day) else {
                return .notRecognised(reason: "The arrangement with \(arrangement.partner) was signed \(arrangement.signed), after this day.")
            }
            if !program.trimmingCharacters(in: .whitespaces).isEmpty && !arrangement.covers(program: program) {
                return .notRecognised(reason: "\(program) is not the program the arrangement with \(arrangement.partner) recognises (\(arrangement.program)).")
            }
            return .mutualRecognition(arrangement)
        case .other:
            return .notRecognised(reason: "Another certification: kept as supporting evidence; it does not replace the partner's vetting under 3.4.")
        }
    }
}
