/// The catalog's XML Schema (SPEC §2), namespace `urn:orderflow:catalog:1`.
///
/// `orderflow schema catalog` prints it, and ``CatalogReader`` validates every catalog against it
/// before mapping it. It checks the structure and the form of every value an XSD can see:
/// required attributes, booleans, vocabularies, decimals with at most 4 (fees, percents) or 6
/// (rates) decimals, dates, ISO 8601 durations, currency, country and region shapes. What it
/// cannot see (unknown codes, duplicate ids, references between elements, fees on trials, …) is
/// ``CatalogReader``'s and `CatalogCheck`'s job, with messages that say how to fix it.
///
/// Typed values are restrictions of `xs:string` wherever possible, so white space is never
/// collapsed: the value the schema accepted is exactly the value the reader parses. Digits are
/// written `[0-9]`, because `\d` would also accept non-ASCII digits.
public enum CatalogSchema {
    public static let namespace = "urn:orderflow:catalog:1"

    public static let xsd: String = #"""
        <?xml version="1.0" encoding="UTF-8"?>
        <xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"
                   xmlns:c="urn:orderflow:catalog:1"
                   targetNamespace="urn:orderflow:catalog:1"
                   elementFormDefault="qualified"
                   attributeFormDefault="unqualified">

          <xs:annotation>
            <xs:documentation>
              OrderFlow catalog, version 1: resellers, exchange rates, taxes, forbidden regions,
              promos and products with their plans, periods and resources. The children of
              catalog may come in any order.
            </xs:documentation>
          </xs:annotation>

          <xs:element name="catalog">
            <xs:complexType>
              <xs:choice minOccurs="0" maxOccurs="unbounded">
                <xs:element name="reseller" type="c:Reseller"/>
                <xs:element name="exchangeRate" type="c:ExchangeRate"/>
                <xs:element name="tax" type="c:Tax"/>
                <xs:element name="forbiddenRegion" type="c:ForbiddenRegion"/>
                <xs:element name="promo" type="c:Promo"/>
                <xs:element name="product" type="c:Product"/>
              </xs:choice>
            </xs:complexType>
          </xs:element>

          <!-- Elements -->

          <xs:complexType name="Reseller">
            <xs:attribute name="id" type="c:ResellerId" use="required"/>
            <xs:attribute name="name" type="c:Text" use="required"/>
            <xs:attribute name="currency" type="c:CurrencyCode" use="required"/>
            <xs:attribute name="country" type="c:CountryCode" use="required"/>
            <xs:attribute name="vatId" type="c:Id"/>
            <xs:attribute name="timeZone" type="c:Id"/>
            <xs:attribute name="defaultPaymentModel" type="c:PaymentModel"/>
            <xs:attribute name="managerMayOverridePaymentModel" type="c:Boolean"/>
            <xs:attribute name="countryLocked" type="c:Boolean"/>
            <xs:attribute name="termsRequired" type="c:Boolean"/>
            <xs:attribute name="termsVersion" type="c:Text"/>
            <xs:attribute name="rounding" type="c:Rounding"/>
            <xs:attribute name="taxMode" type="c:TaxMode"/>
            <xs:attribute name="invoicePrefix" type="c:InvoicePrefix"/>
            <xs:attribute name="paymentDueDays" type="c:Count"/>
          </xs:complexType>

          <xs:complexType name="ExchangeRate">
            <xs:attribute name="from" type="c:CurrencyCode" use="required"/>
            <xs:attribute name="to" type="c:CurrencyCode" use="required"/>
            <xs:attribute name="rate" type="c:Rate" use="required"/>
            <xs:attribute name="effective" type="c:Date" use="required"/>
          </xs:complexType>

          <xs:complexType name="Tax">
            <xs:attribute name="country" type="c:CountryCode" use="required"/>
            <xs:attribute name="region" type="c:RegionCode"/>
            <xs:attribute name="name" type="c:Text" use="required"/>
            <xs:attribute name="rate" type="c:Rate" use="required"/>
            <xs:attribute name="category" type="c:VatCategory"/>
            <xs:attribute name="resellers" type="c:IdList"/>
          </xs:complexType>

          <xs:complexType name="ForbiddenRegion">
            <xs:attribute name="country" type="c:CountryCode" use="required"/>
            <xs:attribute name="region" type="c:RegionCode"/>
          </xs:complexType>

          <xs:complexType name="Promo">
            <xs:attribute name="code" type="c:Id" use="required"/>
            <xs:attribute name="percent" type="c:Fee"/>
            <xs:attribute name="amount" type="c:Fee"/>
            <xs:attribute name="currency" type="c:CurrencyCode"/>
            <xs:attribute name="appliesTo" type="c:PromoScope"/>
            <xs:attribute name="validFrom" type="c:Date"/>
            <xs:attribute name="validTo" type="c:Date"/>
            <xs:attribute name="plans" type="c:IdList"/>
            <xs:attribute name="maxUses" type="c:Count"/>
          </xs:complexType>

          <xs:complexType name="Product">
            <xs:sequence>
              <xs:element name="plan" type="c:Plan" minOccurs="0" maxOccurs="unbounded"/>
            </xs:sequence>
            <xs:attribute name="id" type="c:Id" use="required"/>
            <xs:attribute name="name" type="c:Text" use="required"/>
            <xs:attribute name="service" type="c:Service" use="required"/>
            <xs:attribute name="requiresDomain" type="c:Boolean"/>
            <xs:attribute name="cancellationWindowDays" type="c:Count"/>
            <xs:attribute name="dataLocations" type="c:IdList"/>
            <xs:attribute name="manualApproval" type="c:Boolean"/>
          </xs:complexType>

          <xs:complexType name="Plan">
            <xs:choice minOccurs="0" maxOccurs="unbounded">
              <xs:element name="period" type="c:Period"/>
              <xs:element name="resource" type="c:Resource"/>
            </xs:choice>
            <xs:attribute name="id" type="c:Id" use="required"/>
            <xs:attribute name="name" type="c:Text" use="required"/>
            <xs:attribute name="currency" type="c:CurrencyCode" use="required"/>
            <xs:attribute name="accountTypes" type="c:IdList"/>
            <xs:attribute name="paymentModels" type="c:PaymentModelList"/>
            <xs:attribute name="blockingThreshold" type="c:Fee"/>
            <xs:attribute name="billing" type="c:Billing"/>
            <xs:attribute name="topUp" type="c:TopUp"/>
          </xs:complexType>

          <xs:complexType name="Period">
            <xs:attribute name="id" type="c:Id" use="required"/>
            <xs:attribute name="duration" type="c:Duration" use="required"/>
            <xs:attribute name="fee" type="c:Fee"/>
            <xs:attribute name="setupFee" type="c:Fee"/>
            <xs:attribute name="trial" type="c:Boolean"/>
            <xs:attribute name="registration" type="c:Registration"/>
          </xs:complexType>

          <xs:complexType name="Resource">
            <xs:sequence>
              <xs:element name="parameter" type="c:Parameter" minOccurs="0" maxOccurs="unbounded"/>
            </xs:sequence>
            <xs:attribute name="id" type="c:Id" use="required"/>
            <xs:attribute name="name" type="c:Text" use="required"/>
            <xs:attribute name="unit" type="c:Text"/>
            <xs:attribute name="included" type="c:Count"/>
            <xs:attribute name="min" type="c:Count"/>
            <xs:attribute name="max" type="c:Count" use="required"/>
            <xs:attribute name="setupFee" type="c:Fee"/>
            <xs:attribute name="recurringFee" type="c:Fee"/>
          </xs:complexType>

          <xs:complexType name="Parameter">
            <xs:attribute name="name" type="c:Id" use="required"/>
          </xs:complexType>

          <!-- Values -->

          <xs:simpleType name="Text">
            <xs:restriction base="xs:string">
              <xs:minLength value="1"/>
            </xs:restriction>
          </xs:simpleType>

          <xs:simpleType name="Id">
            <xs:annotation><xs:documentation>Non-empty, without white space.</xs:documentation></xs:annotation>
            <xs:restriction base="xs:string">
              <xs:pattern value="[^\s]+"/>
            </xs:restriction>
          </xs:simpleType>

          <xs:simpleType name="IdList">
            <xs:restriction>
              <xs:simpleType><xs:list itemType="c:Id"/></xs:simpleType>
              <xs:minLength value="1"/>
            </xs:restriction>
          </xs:simpleType>

          <xs:simpleType name="ResellerId">
            <xs:annotation><xs:documentation>
              Names the reseller's inbox, processing, outbox and failed folders: letters, digits,
              '.', '_' and '-', not starting with '.'.
            </xs:documentation></xs:annotation>
            <xs:restriction base="xs:string">
              <xs:pattern value="[A-Za-z0-9_\-][A-Za-z0-9._\-]{0,99}"/>
            </xs:restriction>
          </xs:simpleType>

          <xs:simpleType name="InvoicePrefix">
            <xs:annotation><xs:documentation>
              Starts every invoice number (PREFIX-2026-000001) and invoice file name.
            </xs:documentation></xs:annotation>
            <xs:restriction base="xs:string">
              <xs:pattern value="[A-Za-z0-9][A-Za-z0-9_\-]{0,29}"/>
            </xs:restriction>
          </xs:simpleType>

          <xs:simpleType name="Boolean">
            <xs:restriction base="xs:string">
              <xs:enumeration value="true"/>
              <xs:enumeration value="false"/>
              <xs:enumeration value="1"/>
              <xs:enumeration value="0"/>
            </xs:restriction>
          </xs:simpleType>

          <xs:simpleType name="Count">
            <xs:restriction base="xs:string">
              <xs:pattern value="[0-9]+"/>
            </xs:restriction>
          </xs:simpleType>

          <xs:simpleType name="Fee">
            <xs:annotation><xs:documentation>A decimal with at most 4 decimals.</xs:documentation></xs:annotation>
            <xs:restriction base="xs:string">
              <xs:pattern value="[0-9]+(\.[0-9]{1,4})?"/>
            </xs:restriction>
          </xs:simpleType>

          <xs:simpleType name="Rate">
            <xs:annotation><xs:documentation>A decimal with at most 6 decimals.</xs:documentation></xs:annotation>
            <xs:restriction base="xs:string">
              <xs:pattern value="[0-9]+(\.[0-9]{1,6})?"/>
            </xs:restriction>
          </xs:simpleType>

          <xs:simpleType name="Date">
            <xs:annotation><xs:documentation>YYYY-MM-DD, a real calendar day.</xs:documentation></xs:annotation>
            <xs:restriction base="xs:date">
              <xs:pattern value="[0-9]{4}-[0-9]{2}-[0-9]{2}"/>
            </xs:restriction>
          </xs:simpleType>

          <xs:simpleType name="Duration">
            <xs:annotation><xs:documentation>
              ISO 8601 calendar duration: years, months, weeks, days (P1M, P1Y6M, P30D, P2W).
            </xs:documentation></xs:annotation>
            <xs:restriction base="xs:string">
              <xs:pattern value="P([0-9]+Y([0-9]+M)?([0-9]+W)?([0-9]+D)?|[0-9]+M([0-9]+W)?([0-9]+D)?|[0-9]+W([0-9]+D)?|[0-9]+D)"/>
            </xs:restriction>
          </xs:simpleType>

          <xs:simpleType name="CurrencyCode">
            <xs:annotation><xs:documentation>ISO 4217 alphabetic code.</xs:documentation></xs:annotation>
            <xs:restriction base="xs:string">
              <xs:pattern value="[A-Z]{3}"/>
            </xs:restriction>
          </xs:simpleType>

          <xs:simpleType name="CountryCode">
            <xs:annotation><xs:documentation>ISO 3166-1 alpha-2 code.</xs:documentation></xs:annotation>
            <xs:restriction base="xs:string">
              <xs:pattern value="[A-Z]{2}"/>
            </xs:restriction>
          </xs:simpleType>

          <xs:simpleType name="RegionCode">
            <xs:annotation><xs:documentation>
              ISO 3166-2 subdivision code without the country prefix (QC, BE, 43).
            </xs:documentation></xs:annotation>
            <xs:restriction base="xs:string">
              <xs:pattern value="[A-Z0-9]{1,3}"/>
            </xs:restriction>
          </xs:simpleType>

          <xs:simpleType name="VatCategory">
            <xs:annotation><xs:documentation>EN 16931 VAT category code (UNTDID 5305 subset).</xs:documentation></xs:annotation>
            <xs:restriction base="xs:string">
              <xs:enumeration value="S"/>
              <xs:enumeration value="Z"/>
              <xs:enumeration value="E"/>
              <xs:enumeration value="AE"/>
              <xs:enumeration value="K"/>
              <xs:enumeration value="G"/>
              <xs:enumeration value="O"/>
              <xs:enumeration value="L"/>
              <xs:enumeration value="M"/>
            </xs:restriction>
          </xs:simpleType>

          <xs:simpleType name="PaymentModel">
            <xs:restriction base="xs:string">
              <xs:enumeration value="prepay"/>
              <xs:enumeration value="postpay"/>
            </xs:restriction>
          </xs:simpleType>

          <xs:simpleType name="PaymentModelList">
            <xs:restriction>
              <xs:simpleType><xs:list itemType="c:PaymentModel"/></xs:simpleType>
              <xs:minLength value="1"/>
            </xs:restriction>
          </xs:simpleType>

          <xs:simpleType name="Rounding">
            <xs:restriction base="xs:string">
              <xs:enumeration value="half-up"/>
              <xs:enumeration value="half-even"/>
            </xs:restriction>
          </xs:simpleType>

          <xs:simpleType name="TaxMode">
            <xs:restriction base="xs:string">
              <xs:enumeration value="exclusive"/>
              <xs:enumeration value="inclusive"/>
            </xs:restriction>
          </xs:simpleType>

          <xs:simpleType name="Service">
            <xs:restriction base="xs:string">
              <xs:enumeration value="cloud"/>
              <xs:enumeration value="saas"/>
              <xs:enumeration value="on-premise"/>
            </xs:restriction>
          </xs:simpleType>

          <xs:simpleType name="Billing">
            <xs:restriction base="xs:string">
              <xs:enumeration value="standard"/>
              <xs:enumeration value="payg"/>
            </xs:restriction>
          </xs:simpleType>

          <xs:simpleType name="TopUp">
            <xs:annotation><xs:documentation>fixed:AMOUNT (plan currency) or resources.</xs:documentation></xs:annotation>
            <xs:restriction base="xs:string">
              <xs:pattern value="fixed:[0-9]+(\.[0-9]{1,4})?|resources"/>
            </xs:restriction>
          </xs:simpleType>

          <xs:simpleType name="Registration">
            <xs:restriction base="xs:string">
              <xs:enumeration value="full"/>
              <xs:enumeration value="short"/>
            </xs:restriction>
          </xs:simpleType>

          <xs:simpleType name="PromoScope">
            <xs:restriction base="xs:string">
              <xs:enumeration value="all"/>
              <xs:enumeration value="recurring"/>
              <xs:enumeration value="setup"/>
            </xs:restriction>
          </xs:simpleType>
        </xs:schema>

        """#
}
