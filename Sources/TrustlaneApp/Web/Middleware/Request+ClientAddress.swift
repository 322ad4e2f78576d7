import TrustlaneCore
import Vapor

extension Request {
    /// The client's address: the connection's peer, or what trusted proxies
    /// (`TRUSTLANE_TRUSTED_PROXIES`) report for it in `X-Forwarded-For`. Never a header alone.
    var clientAddress: String {
        ClientAddress.resolve(peer: remoteAddress?.ipAddress, forwardedFor: headers[.xForwardedFor],
                              trustedProxies: application.config.trustedProxies)
    }
}
