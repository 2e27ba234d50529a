/// The tokens that authenticate Kannel's callbacks. Kannel cannot sign requests, so Remessa puts a token in each
/// URL it gives Kannel: 32 hex characters of HMAC-SHA256, keyed with the route's secret.
public enum KannelTokens {
    /// The token in the `dlr-url` of message `messageID`: HMAC over `"<route>:<id>"`.
    public static func deliveryReport(route: String, messageID: Int64, secret: String) -> String {
        WebhookSignature.token("\(route):\(messageID)", secret: secret)
    }

    /// The token for the route's MO URL: HMAC over `"<route>:mo"`.
    public static func mobileOriginated(route: String, secret: String) -> String {
        WebhookSignature.token("\(route):mo", secret: secret)
    }
}
