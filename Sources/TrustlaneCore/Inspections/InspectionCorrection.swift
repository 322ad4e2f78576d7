import Foundation

/// A correction of an inspection: version n + 1 superseding version n, which is kept. The new
/// version keeps the original inspector and moment (the physical inspection does not change),
/// loses any sign-off (the supervisor signs what was corrected), and says who corrected what and
/// why.
public struct InspectionCorrection: Hashable, Sendable {
    public let inspectionID: InspectionID
    public let supersededVersion: Int
    /// `supersededVersion + 1`.
    public let version: Int
    public let reason: String
    public let correctedBy: UserID
    public let correctedAt: Date
    /// Keys of the points whose outcome or note changed, in the checklist's order.
    public let changedPoints: [String]
    /// Whether the unit, site or yard location changed.
    public let detailsChanged: Bool
    /// The new version.
    public let corrected: ConveyanceInspection

    /// Corrects `original` with `draft`, answered against the same checklist. `latestVersion` is
    /// the newest stored version of the inspection: only the latest may be corrected, so two
    /// people correcting at once cannot both win.
    public static func make(original: ConveyanceInspection, latestVersion: Int, draft: InspectionDraft, checklist: InspectionChecklist,
                            reason: String?, by user: UserID, at moment: Date) -> Result<InspectionCorrection, ValidationFailure> {
        var errors: [FieldError] = []
        if latestVersion != original.version {
            errors.append(FieldError(field: "version", messageKey: "inspections.error.stale_version",
                                     message: "version \(original.version) was already corrected (the latest is version \(latestVersion)); correct the latest version",
                                     arguments: ["version": String(original.version), "latest": String(latestVersion)]))
        }
        if checklist.key != original.checklistKey {
            errors.append(FieldError(field: "checklist", messageKey: "inspections.error.correction_checklist",
                                     message: "the inspection was run with \(original.checklistKey); a correction answers the same checklist",
                                     arguments: ["checklist": original.checklistKey]))
        }
        let checkedReason = Check.text(reason, field: "reason", max: 500, use: .freeText, into: &errors)
        guard errors.isEmpty, let checkedReason else { return .failure(ValidationFailure(errors)) }

        let validated = InspectionValidator.validate(draft, checklist: checklist, id: original.id, inspector: original.inspector,
                                                     inspectedAt: original.inspectedAt)
        let answered: ConveyanceInspection
        switch validated {
        case .success(let inspection): answered = inspection
        case .failure(let failure): return .failure(failure)
        }
        let old = Dictionary(original.results.map { ($0.pointKey, $0) }, uniquingKeysWith: { first, _ in first })
        let changed = answered.results.filter { old[$0.pointKey] != $0 }.map(\.pointKey)
        let detailsChanged = answered.unit != original.unit || answered.site != original.site || answered.yardLocation != original.yardLocation
        guard !changed.isEmpty || detailsChanged || checklist.version != original.checklistVersion else {
            return .failure(ValidationFailure([FieldError(field: "answers", messageKey: "inspections.error.correction_no_change",
                                                          message: "the correction changes nothing; change a point, the unit or the site")]))
        }
        let corrected = ConveyanceInspection(id: original.id, version: original.version + 1, checklistKey: checklist.key,
                                             checklistVersion: checklist.version, conveyance: checklist.conveyance, unit: answered.unit,
                                             site: answered.site, yardLocation: answered.yardLocation, inspectedAt: original.inspectedAt,
                                             inspector: original.inspector, results: answered.results, signOff: nil)
        return .success(InspectionCorrection(inspectionID: original.id, supersededVersion: original.version, version: corrected.version,
                                             reason: checkedReason, correctedBy: user, correctedAt: moment, changedPoints: changed,
                                             detailsChanged: detailsChanged, corrected: corrected))
    }
}
