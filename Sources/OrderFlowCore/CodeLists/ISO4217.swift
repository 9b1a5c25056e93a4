/// ISO 4217 currencies with their minor units. (Replaced by the generated table.)
public enum ISO4217 {
    public static func minorUnits(of code: String) -> Int? {
        ["EUR": 2, "USD": 2, "JPY": 0, "BHD": 3, "CAD": 2, "GBP": 2, "CHF": 2][code]
    }
}
