/// Trustlane's version, written into backup manifests so a restore can say which release made a copy.
public enum TrustlaneVersion {
    public static let current = "0.18.0-dev"
}
