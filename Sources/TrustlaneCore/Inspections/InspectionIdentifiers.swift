import Foundation

public enum InspectionTag: Sendable {}
/// One conveyance inspection; every corrected version of it keeps the same id.
public typealias InspectionID = Identifier<InspectionTag>
