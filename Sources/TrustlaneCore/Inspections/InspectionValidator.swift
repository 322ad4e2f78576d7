import Foundation

/// Checks an inspection draft against its checklist and builds the record. Field names are the
/// form's (`container_number`, `site`, `point.front_wall`), so the phone page can show each
/// message beside its point.
public enum InspectionValidator {
    public static let maxNote = 1000
    public static let maxPlate = 20
    public static let maxReference = 40

    /// The form field of a point's answer: `point.<key>`.
    public static func field(forPoint key: String) -> String { "point.\(key)" }

    /// Validates `draft` as version 1 of a new inspection.
    public static func validate(_ draft: InspectionDraft, checklist: InspectionChecklist, id: InspectionID = InspectionID(),
                                inspector: UserID, inspectedAt: Date) -> Result<ConveyanceInspection, ValidationFailure> {
        var errors: [FieldError] = []
        let unit = unitIdentification(draft, conveyance: checklist.conveyance, into: &errors)
        if draft.refrigerated && checklist.conveyance == .container {
            errors.append(FieldError(field: "refrigerated", messageKey: "inspections.error.reefer_checklist",
                                     message: "a refrigerated unit is inspected with a refrigerated checklist (8 points: the fan housing too), not \(checklist.key)",
                                     arguments: ["checklist": checklist.key]))
        }
        let site = Check.text(draft.site, field: "site", max: 120, into: &errors)
        let yardLocation = Check.text(draft.yardLocation, field: "yard_location", max: 120, required: false, into: &errors)
        let results = self.results(draft.answers, checklist: checklist, into: &errors)

        guard errors.isEmpty, let unit, let site else { return .failure(ValidationFailure(errors)) }
        return .success(ConveyanceInspection(id: id, version: 1, checklistKey: checklist.key, checklistVersion: checklist.version,
                                             conveyance: checklist.conveyance, unit: unit, site: site, yardLocation: yardLocation,
                                             inspectedAt: inspectedAt, inspector: inspector, results: results))
    }

    /// The unit's identification: the fields the conveyance kind requires must be there; the
    /// others are kept when given (a container on a chassis may carry the trailer's plate too).
    static func unitIdentification(_ draft: InspectionDraft, conveyance: ConveyanceKind, into errors: inout [FieldError]) -> UnitIdentification? {
        let required = Set(conveyance.requiredUnitFields)
        let before = errors.count
        let container = UnitNumber.parse(draft.containerNumber, field: UnitIdentification.Field.containerNumber.rawValue,
                                         required: required.contains(.containerNumber), into: &errors)
        let tractor = plate(draft.tractorPlate, field: .tractorPlate, required: required.contains(.tractorPlate), into: &errors)
        let trailer = plate(draft.trailerPlate, field: .trailerPlate, required: required.contains(.trailerPlate), into: &errors)
        let reference = Check.text(draft.unitReference, field: UnitIdentification.Field.unitReference.rawValue, max: maxReference,
                                   required: required.contains(.unitReference), into: &errors)
        guard errors.count == before else { return nil }
        return UnitIdentification(unitNumber: container, tractorPlate: tractor, trailerPlate: trailer, unitReference: reference,
                                  refrigerated: draft.refrigerated || conveyance == .refrigeratedContainer)
    }

    /// A licence plate as written, upper-cased, runs of spaces folded to one.
    static func plate(_ text: String?, field: UnitIdentification.Field, required: Bool, into errors: inout [FieldError]) -> String? {
        guard let checked = Check.text(text, field: field.rawValue, max: maxPlate, required: required, into: &errors) else { return nil }
        return checked.uppercased().split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    /// Every point answered exactly once, with a known outcome, and a note on every failure;
    /// results come back in the checklist's order.
    static func results(_ answers: [InspectionDraft.Answer], checklist: InspectionChecklist, into errors: inout [FieldError]) -> [PointResult] {
        var byKey: [String: PointResult] = [:]
        for (index, answer) in answers.enumerated() {
            let key = answer.pointKey?.trimmingCharacters(in: .whitespaces) ?? ""
            guard let point = checklist.point(key) else {
                errors.append(FieldError(field: "answers[\(index)]", messageKey: "inspections.error.point_unknown",
                                         message: "answers[\(index)] is for point '\(key.prefix(60))', which \(checklist.key) does not have",
                                         arguments: ["value": String(key.prefix(60)), "checklist": checklist.key]))
                continue
            }
            let field = self.field(forPoint: point.key)
            guard byKey[point.key] == nil else {
                errors.append(FieldError(field: field, messageKey: "inspections.error.point_answered_twice",
                                         message: "point \(point.order) (\(point.title.english)) is answered twice; answer each point once",
                                         arguments: ["order": String(point.order), "point": point.key]))
                continue
            }
            let outcomeText = answer.outcome?.trimmingCharacters(in: .whitespaces).lowercased() ?? ""
            guard let outcome = PointOutcome(rawValue: outcomeText) else {
                let allowed = PointOutcome.allCases.map(\.rawValue).joined(separator: ", ")
                errors.append(FieldError(field: field, messageKey: "inspections.error.outcome",
                                         message: "point \(point.order) (\(point.title.english)) has outcome '\(outcomeText.prefix(20))'; use one of \(allowed)",
                                         arguments: ["order": String(point.order), "value": String(outcomeText.prefix(20)), "allowed": allowed]))
                continue
            }
            let noteErrors = errors.count
            let note = Check.text(answer.note, field: field, max: maxNote, required: false, use: .freeText, into: &errors)
            if outcome == .fail && note == nil && errors.count == noteErrors {
                errors.append(FieldError(field: field, messageKey: "inspections.error.fail_needs_note",
                                         message: "point \(point.order) (\(point.title.english)) failed; say in a note what was found",
                                         arguments: ["order": String(point.order)]))
            }
            byKey[point.key] = PointResult(pointKey: point.key, outcome: outcome, note: note)
        }
        // A point whose answer was refused already has its error; the others are unanswered.
        for point in checklist.points where byKey[point.key] == nil && !errors.contains(where: { $0.field == field(forPoint: point.key) }) {
            errors.append(FieldError(field: field(forPoint: point.key), messageKey: "inspections.error.point_unanswered",
                                     message: "point \(point.order) (\(point.title.english)) is not answered; answer pass, fail or not_applicable",
                                     arguments: ["order": String(point.order)]))
        }
        return checklist.points.compactMap { byKey[$0.key] }
    }
}
