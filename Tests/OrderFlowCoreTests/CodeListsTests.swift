import Testing
@testable import OrderFlowCore

@Suite struct CodeListsTests {
    @Test func countries() {
        #expect(ISO3166.isCountry("DE"))
        #expect(ISO3166.isCountry("CA"))
        #expect(ISO3166.isCountry("AQ"))  // a country without subdivisions
        #expect(!ISO3166.isCountry("XX"))
        #expect(!ISO3166.isCountry("de"))
        #expect(!ISO3166.isCountry("DEU"))
        #expect(!ISO3166.isCountry(""))
    }

    @Test func subdivisionsWithoutCountryPrefix() {
        #expect(ISO3166.isSubdivision("BE", of: "DE"))
        #expect(!ISO3166.isSubdivision("DE-BE", of: "DE"))
        #expect(ISO3166.isSubdivision("43", of: "UA"))
        #expect(ISO3166.isSubdivision("QC", of: "CA"))
        #expect(!ISO3166.isSubdivision("QC", of: "DE"))
        #expect(!ISO3166.isSubdivision("BE", of: "XX"))
        #expect(!ISO3166.isSubdivision("", of: "DE"))
    }

    @Test func subdivisionsOfEveryLevel() {
        // France lists regions (IDF), metropolitan departments (75, 2A) and overseas collectivities (971).
        #expect(ISO3166.isSubdivision("IDF", of: "FR"))
        #expect(ISO3166.isSubdivision("75", of: "FR"))
        #expect(ISO3166.isSubdivision("2A", of: "FR"))
        #expect(ISO3166.isSubdivision("971", of: "FR"))
        #expect(ISO3166.subdivisions(of: "DE").count == 16)
        #expect(ISO3166.subdivisions(of: "CA").count == 13)
        #expect(ISO3166.subdivisions(of: "AQ").isEmpty)
        #expect(ISO3166.subdivisions(of: "XX").isEmpty)
    }

    @Test func minorUnits() {
        #expect(ISO4217.minorUnits(of: "JPY") == 0)
        #expect(ISO4217.minorUnits(of: "BHD") == 3)
        #expect(ISO4217.minorUnits(of: "EUR") == 2)
        #expect(ISO4217.minorUnits(of: "USD") == 2)
        #expect(ISO4217.minorUnits(of: "CLF") == 4)
        #expect(ISO4217.minorUnits(of: "ABC") == nil)
        #expect(ISO4217.minorUnits(of: "XAU") == nil)  // gold has no minor unit
        #expect(ISO4217.minorUnits(of: "eur") == nil)
        #expect(Currency(code: "BHD")?.minorUnits == 3)
    }

    @Test func euMembershipAndVATPrefixes() {
        #expect(ISO3166.isEUMember("DE"))
        #expect(ISO3166.isEUMember("GR"))
        #expect(!ISO3166.isEUMember("CH"))
        #expect(!ISO3166.isEUMember("GB"))
        #expect(!ISO3166.isEUMember("EL"))
        #expect(ISO3166.vatPrefix(of: "GR") == "EL")
        #expect(ISO3166.vatPrefix(of: "DE") == "DE")
        #expect(ISO3166.vatPrefix(of: "CH") == nil)
        let members = ["AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU",
                       "IE", "IT", "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK"]
        #expect(members.count == 27)
        for code in members {
            #expect(ISO3166.isEUMember(code) && ISO3166.isCountry(code), "\(code)")
        }
    }
}
