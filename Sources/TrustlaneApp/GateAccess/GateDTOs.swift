import Foundation
import TrustlaneCore
import Vapor

// The gate API's requests and responses (the JSON contract).

struct GateVisitRequest: Content {
    var site: String?
    var name: String?
    var visitorCompany: String?
    /// Must be true: entry without a photo ID is refused (MSC 10.2).
    var photoIdChecked: Bool?
    var photoIdType: String?
    var host: String?
    var purpose: String?
    var badgeNumber: String?
    /// Who escorts the visitor; null for none.
    var escort: String?
    var vehiclePlate: String?
    /// ISO 8601 with its offset; null for now.
    var checkedInAt: String?

    var draft: VisitorDraft {
        VisitorDraft(site: site, name: name, company: visitorCompany, photoIDChecked: photoIdChecked ?? false, photoIDType: photoIdType, host: host,
                     purpose: purpose, badgeNumber: badgeNumber, escort: escort, vehiclePlate: vehiclePlate, checkedInAt: checkedInAt)
    }
}

struct GatePickupRequest: Content {
    var site: String?
    var driverName: String?
    var photoIdChecked: Bool?
    var photoIdType: String?
    var carrier: String?
    var truckPlate: String?
    var trailerNumber: String?
    var shipmentId: String?
    var arrivedAt: String?

    var draft: PickupDraft {
        PickupDraft(site: site, driverName: driverName, photoIDChecked: photoIdChecked ?? false, photoIDType: photoIdType, carrier: carrier,
                    truckPlate: truckPlate, trailerNumber: trailerNumber, arrivedAt: arrivedAt)
    }
}

struct GateCheckOutRequest: Content {
    /// ISO 8601 with its offset, or `YYYY-MM-DDTHH:MM` in the caller's zone; null for now. Not
    /// before the time in, not in the future.
    var checkedOutAt: String?
}

struct GateDepartureRequest: Content {
    var sealNumber: String?
    var departedAt: String?
}

struct GatePreNoticeRequest: Content {
    var carrier: String?
    var driverName: String?
    var truckPlate: String?
    var expectedAt: String?
    var site: String?
    var note: String?

    var draft: PreNoticeDraft {
        PreNoticeDraft(carrier: carrier, driverName: driverName, truckPlate: truckPlate, expectedAt: expectedAt, site: site, note: note)
    }
}

struct GateBadgeRequest: Content {
    var number: String?
    var kind: String?
    var area: String?

    var draft: BadgeDraft { BadgeDraft(number: number, kind: kind, area: area) }
}

struct GateBadgeIssueRequest: Content {
    var holder: String?
}

struct GateBadgeNoteRequest: Content {
    var note: String?
}

struct GateVisitResponse: Content {
    var id: GateVisitID
    var site: String
    var name: String
    var visitorCompany: String
    var photoIdChecked: Bool
    var photoIdType: String
    var host: String
    var purpose: String
    var badgeNumber: String?
    var escort: String?
    var vehiclePlate: String?
    var checkedInAt: Date
    var checkedOutAt: Date?
    var inside: Bool
    var recordedBy: String?
    var createdAt: Date

    init(_ row: GateQueries.VisitRow) {
        id = row.visitID
        site = row.site
        name = row.name
        visitorCompany = row.visitor_company
        photoIdChecked = row.photo_id_checked
        photoIdType = row.photo_id_type
        host = row.host
        purpose = row.purpose
        badgeNumber = row.badge_number
        escort = row.escort
        vehiclePlate = row.vehicle_plate
        checkedInAt = row.checked_in_at
        checkedOutAt = row.checked_out_at
        inside = row.inside
        recordedBy = row.recorded_by_name
        createdAt = row.created_at
    }
}

struct GateVisitBoardResponse: Content {
    var day: String
    var site: String?
    /// Who is still inside (checked in up to the day's end), earliest first.
    var inside: [GateVisitResponse]
    /// Who came that day and left, newest first.
    var left: [GateVisitResponse]
    var truncated: Bool
}

struct GatePickupResponse: Content {
    var id: GatePickupID
    var site: String
    var driverName: String
    var photoIdChecked: Bool
    var photoIdType: String
    var carrier: String
    var truckPlate: String
    var trailerNumber: String?
    var shipmentId: ShipmentID?
    var shipmentReference: String?
    var preNotified: Bool
    var preNoticeId: GatePreNoticeID?
    var arrivedAt: Date
    var departedAt: Date?
    var departureSeal: String?
    var onSite: Bool
    var recordedBy: String?
    var createdAt: Date

    init(_ row: GateQueries.PickupRow) {
        id = row.pickupID
        site = row.site
        driverName = row.driver_name
        photoIdChecked = row.photo_id_checked
        photoIdType = row.photo_id_type
        carrier = row.carrier
        truckPlate = row.truck_plate
        trailerNumber = row.trailer_number
        shipmentId = row.shipment_id.map(ShipmentID.init)
        shipmentReference = row.shipment_reference
        preNotified = row.preNotified
        preNoticeId = row.prenotice_id.map(GatePreNoticeID.init)
        arrivedAt = row.arrived_at
        departedAt = row.departed_at
        departureSeal = row.departure_seal
        onSite = row.onSite
        recordedBy = row.recorded_by_name
        createdAt = row.created_at
    }
}

struct GatePickupBoardResponse: Content {
    var day: String
    var site: String?
    /// Drivers still on site, earliest first.
    var onSite: [GatePickupResponse]
    /// Drivers who came that day and left, newest first.
    var left: [GatePickupResponse]
    /// Pre-notified trucks expected that day that have not arrived.
    var expected: [GatePreNoticeResponse]
    var truncated: Bool
}

struct GatePreNoticeResponse: Content {
    var id: GatePreNoticeID
    var carrier: String
    var driverName: String
    var truckPlate: String
    var expectedAt: Date
    var site: String?
    var note: String?
    var arrived: Bool
    var pickupId: GatePickupID?
    var createdAt: Date

    init(_ row: GateQueries.PreNoticeRow) {
        id = row.noticeID
        carrier = row.carrier
        driverName = row.driver_name
        truckPlate = row.truck_plate
        expectedAt = row.expected_at
        site = row.site
        note = row.note
        arrived = row.arrived
        pickupId = row.pickup_id.map(GatePickupID.init)
        createdAt = row.created_at
    }
}

struct GateSearchResponse: Content {
    var visits: [GateVisitResponse]
    var pickups: [GatePickupResponse]
}

struct GateBadgeResponse: Content {
    var id: GateBadgeID
    var number: String
    var kind: String
    var area: String?
    var status: String
    var holder: String?
    var issuedAt: Date?
    var updatedAt: Date

    init(_ row: GateQueries.BadgeRow) {
        id = row.badgeID
        number = row.number
        kind = row.kind
        area = row.area
        status = row.status
        holder = row.holder
        issuedAt = row.issued_at
        updatedAt = row.updated_at
    }
}

struct GateHoldingsResponse: Content {
    var person: String
    /// What the person still holds: every item here must come back before their last day.
    var items: [GateBadgeResponse]
}

struct GateSitesResponse: Content {
    var sites: [String]
}
