import Foundation

/// The four steps of seal verification (MSC 6.7), in the order they are done: View the seal and
/// the container's locking hardware, Verify the seal number against the shipping documents, Tug
/// the seal to be sure it is seated, Twist and turn it to find any tampering.
public enum VVTTStep: String, CaseIterable, Codable, Sendable, Hashable, Comparable {
    case view
    case verifyNumber = "verify_number"
    case tug
    case twistAndTurn = "twist_and_turn"

    public var position: Int { Self.allCases.firstIndex(of: self)! + 1 }
    public static func < (lhs: VVTTStep, rhs: VVTTStep) -> Bool { lhs.position < rhs.position }
    public var nameKey: String { "seals.vvtt.\(rawValue)" }
}

/// A VVTT check as the phone records it: the steps in the order they were tapped, each with
/// whether it was fine, and the number the checker read off the seal.
public struct VVTTDraft: Hashable, Sendable {
    public struct Step: Hashable, Sendable {
        public var step: String?
        public var passed: Bool
        public var at: Date
        public var note: String?
        public init(step: String?, passed: Bool = true, at: Date, note: String? = nil) {
            self.step = step
            self.passed = passed
            self.at = at
            self.note = note
        }
    }

    public var steps: [Step]
    public var numberRead: String?

    public init(steps: [Step], numberRead: String?) {
        self.steps = steps
        self.numberRead = numberRead
    }
}

/// A recorded VVTT check of one seal.
public struct VVTTResult: Hashable, Sendable {
    public struct Step: Hashable, Sendable {
        public let step: VVTTStep
        public let passed: Bool
        public let at: Date
        public let note: String?
    }

    public let seal: SealNumber
    /// The four steps, in order.
    public let steps: [Step]
    /// Steps that found a problem (the seal comes apart on the tug, the bolt turns ...).
    public var failedSteps: [VVTTStep] { steps.filter { !$0.passed }.map(\.step) }
    public var passed: Bool { failedSteps.isEmpty }
}

/// Checks a VVTT record. Refused, with nothing recorded: an unknown, repeated, skipped or
/// out-of-order step, a step timed before the one it follows, and a number read off the seal that
/// is not the seal's or is missing from the shipping documents. A refused number is also a seal
/// discrepancy: the app opens a seal incident from `seals.error.vvtt_number_mismatch` (MSC 6.1).
public enum VVTTValidator {
    public static func validate(_ draft: VVTTDraft, seal: SealNumber, documentNumbers: [SealNumber]? = nil) -> Result<VVTTResult, ValidationFailure> {
        var errors: [FieldError] = []
        var steps: [VVTTResult.Step] = []
        var seen: Set<VVTTStep> = []
        for (index, entry) in draft.steps.enumerated() {
            let field = "steps[\(index)]"
            let text = entry.step?.trimmingCharacters(in: .whitespaces).lowercased() ?? ""
            guard let step = VVTTStep(rawValue: text) else {
                let allowed = VVTTStep.allCases.map(\.rawValue).joined(separator: ", ")
                errors.append(FieldError(field: field, messageKey: "seals.error.vvtt_step",
                                         message: "\(field) is '\(text.prefix(30))'; the steps are \(allowed)",
                                         arguments: ["value": String(text.prefix(30)), "allowed": allowed]))
                continue
            }
            guard seen.insert(step).inserted else {
                errors.append(FieldError(field: field, messageKey: "seals.error.vvtt_step_repeated",
                                         message: "\(step.rawValue) is recorded twice; record each step once", arguments: ["step": step.rawValue]))
                continue
            }
            if let previous = steps.last {
                if step < previous.step {
                    errors.append(FieldError(field: field, messageKey: "seals.error.vvtt_out_of_order",
                                             message: "\(step.rawValue) was recorded after \(previous.step.rawValue); the order is view, verify_number, tug, twist_and_turn",
                                             arguments: ["step": step.rawValue, "after": previous.step.rawValue]))
                } else if entry.at < previous.at {
                    errors.append(FieldError(field: field, messageKey: "seals.error.vvtt_time",
                                             message: "\(step.rawValue) is timed before \(previous.step.rawValue); each step follows the one before",
                                             arguments: ["step": step.rawValue, "after": previous.step.rawValue]))
                }
            }
            let note = Check.text(entry.note, field: "\(field).note", max: 500, required: false, use: .freeText, into: &errors)
            steps.append(.init(step: step, passed: entry.passed, at: entry.at, note: note))
        }
        for step in VVTTStep.allCases where !seen.contains(step) {
            errors.append(FieldError(field: "steps", messageKey: "seals.error.vvtt_step_skipped",
                                     message: "step \(step.position), \(step.rawValue), was skipped; all four steps are recorded in order",
                                     arguments: ["step": step.rawValue, "position": String(step.position)]))
        }
        if let read = SealNumber.parse(draft.numberRead, field: "number_read", into: &errors) {
            if read != seal {
                errors.append(FieldError(field: "number_read", messageKey: "seals.error.vvtt_number_mismatch",
                                         message: "the seal reads \(read) but the shipment's seal is \(seal); hold the unit and report the discrepancy",
                                         arguments: ["read": read.rawValue, "expected": seal.rawValue]))
            } else if let documentNumbers, !documentNumbers.contains(read) {
                errors.append(FieldError(field: "number_read", messageKey: "seals.error.vvtt_not_on_documents",
                                         message: "seal \(read) is not on the shipping documents; hold the unit and report the discrepancy",
                                         arguments: ["read": read.rawValue]))
            }
        }
        guard errors.isEmpty else { return .failure(ValidationFailure(errors)) }
        return .success(VVTTResult(seal: seal, steps: steps))
    }
}
