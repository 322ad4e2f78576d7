import Foundation
import TrustlaneCore
import Vapor

/// One page of a long list, with where it is and how many there are in all.
struct Page<Item: Content & Sendable>: Content, Sendable {
    let items: [Item]
    let page: Int
    let per: Int
    let total: Int
}
