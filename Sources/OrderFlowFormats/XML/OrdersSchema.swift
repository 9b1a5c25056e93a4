/// The order requests' XML Schema (SPEC §3.1, §4.1), namespace `urn:orderflow:orders:1`.
///
/// `orderflow schema orders` prints it, and ``XMLRequestReader`` validates every drop against it
/// while streaming. It describes the structure only: which elements, nested how and in the order
/// SPEC §3.1's example shows, with which attribute names. Every attribute is optional and a plain
/// `xs:string`, and every element that may be left out has `minOccurs="0"`, so a missing or
/// malformed value reaches the request decoder (`MISSING_FIELD`, `INVALID_VALUE`), exactly as the
/// same value written in CSV would. `SCHEMA_INVALID` is left for unknown, repeated or misplaced
/// elements and attributes.
///
/// Elements that may repeat: the four requests inside `orderBatch` (any order, any number),
/// `resource` (in `subscription` and `upgrade`), `unitParameters` (one per ordered unit) and
/// `value` (one per parameter). Every other element appears at most once per parent.
public enum OrdersSchema {
    public static let namespace = "urn:orderflow:orders:1"

    /// The file name the schema is known by (`xmllint --schema orders.xsd`, messages).
    public static let fileName = "orders.xsd"

    public static let xsd: String = #"""
        <?xml version="1.0" encoding="UTF-8"?>
        <xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"
                   xmlns:o="urn:orderflow:orders:1"
                   targetNamespace="urn:orderflow:orders:1"
                   elementFormDefault="qualified"
                   attributeFormDefault="unqualified">
        
          <xs:annotation>
            <xs:documentation>
              OrderFlow order requests, version 1 (SPEC 3.1, 4.1). Structure only: which elements, nested
              how and in which order, with which attribute names. No attribute is required and every value
              is a plain xs:string, so that a missing value is MISSING_FIELD and a malformed one
              INVALID_VALUE (OrderFlow's own checks), in XML exactly as in CSV. May repeat: the children of
              orderBatch (any of the four requests, in any order and number), resource (in subscription
              and upgrade), unitParameters (in order) and value (in unitParameters). Every other element
              appears at most once, in the order shown.
            </xs:documentation>
          </xs:annotation>
        
          <xs:element name="orderBatch">
            <xs:complexType>
              <xs:choice minOccurs="0" maxOccurs="unbounded">
                <xs:element name="order" type="o:Order"/>
                <xs:element name="cancel" type="o:Cancel"/>
                <xs:element name="renewal" type="o:Renewal"/>
                <xs:element name="upgrade" type="o:Upgrade"/>
              </xs:choice>
              <xs:attribute name="reseller" type="xs:string"/>
              <xs:attribute name="batchId" type="xs:string"/>
            </xs:complexType>
          </xs:element>
        
          <xs:complexType name="Order">
            <xs:sequence>
              <xs:element name="customer" type="o:Customer" minOccurs="0"/>
              <xs:element name="subscription" type="o:Subscription" minOccurs="0"/>
              <xs:element name="promoCode" type="xs:string" minOccurs="0"/>
              <xs:element name="terms" type="o:Terms" minOccurs="0"/>
              <xs:element name="unitParameters" type="o:UnitParameters" minOccurs="0" maxOccurs="unbounded"/>
            </xs:sequence>
            <xs:attribute name="ref" type="xs:string"/>
            <xs:attribute name="channel" type="xs:string"/>
          </xs:complexType>
        
          <xs:complexType name="Customer">
            <xs:sequence>
              <xs:element name="company" type="o:Company" minOccurs="0"/>
            </xs:sequence>
            <xs:attribute name="registration" type="xs:string"/>
            <xs:attribute name="account" type="xs:string"/>
          </xs:complexType>
        
          <xs:complexType name="Company">
            <xs:sequence>
              <xs:element name="contact" type="o:Contact" minOccurs="0"/>
              <xs:element name="address" type="o:Address" minOccurs="0"/>
            </xs:sequence>
            <xs:attribute name="accountType" type="xs:string"/>
            <xs:attribute name="name" type="xs:string"/>
            <xs:attribute name="vatId" type="xs:string"/>
          </xs:complexType>
        
          <xs:complexType name="Contact">
            <xs:attribute name="name" type="xs:string"/>
            <xs:attribute name="email" type="xs:string"/>
            <xs:attribute name="phone" type="xs:string"/>
          </xs:complexType>
        
          <xs:complexType name="Address">
            <xs:attribute name="country" type="xs:string"/>
            <xs:attribute name="region" type="xs:string"/>
            <xs:attribute name="city" type="xs:string"/>
            <xs:attribute name="postalCode" type="xs:string"/>
            <xs:attribute name="line1" type="xs:string"/>
            <xs:attribute name="line2" type="xs:string"/>
          </xs:complexType>
        
          <xs:complexType name="Subscription">
            <xs:sequence>
              <xs:element name="resource" type="o:Resource" minOccurs="0" maxOccurs="unbounded"/>
            </xs:sequence>
            <xs:attribute name="product" type="xs:string"/>
            <xs:attribute name="plan" type="xs:string"/>
            <xs:attribute name="period" type="xs:string"/>
            <xs:attribute name="paymentModel" type="xs:string"/>
            <xs:attribute name="provisioningDate" type="xs:string"/>
            <xs:attribute name="currency" type="xs:string"/>
            <xs:attribute name="postponedBilling" type="xs:string"/>
            <xs:attribute name="blockingThreshold" type="xs:string"/>
            <xs:attribute name="domain" type="xs:string"/>
            <xs:attribute name="adminUser" type="xs:string"/>
            <xs:attribute name="dataLocation" type="xs:string"/>
            <xs:attribute name="sendCredentials" type="xs:string"/>
          </xs:complexType>
        
          <xs:complexType name="Resource">
            <xs:attribute name="id" type="xs:string"/>
            <xs:attribute name="amount" type="xs:string"/>
          </xs:complexType>
        
          <xs:complexType name="Terms">
            <xs:attribute name="accepted" type="xs:string"/>
            <xs:attribute name="version" type="xs:string"/>
          </xs:complexType>
        
          <xs:complexType name="UnitParameters">
            <xs:sequence>
              <xs:element name="value" type="o:Value" minOccurs="0" maxOccurs="unbounded"/>
            </xs:sequence>
            <xs:attribute name="resource" type="xs:string"/>
          </xs:complexType>
        
          <xs:complexType name="Value">
            <xs:simpleContent>
              <xs:extension base="xs:string">
                <xs:attribute name="name" type="xs:string"/>
              </xs:extension>
            </xs:simpleContent>
          </xs:complexType>
        
          <xs:complexType name="Cancel">
            <xs:attribute name="ref" type="xs:string"/>
          </xs:complexType>
        
          <xs:complexType name="Renewal">
            <xs:attribute name="ref" type="xs:string"/>
            <xs:attribute name="subscription" type="xs:string"/>
            <xs:attribute name="period" type="xs:string"/>
            <xs:attribute name="account" type="xs:string"/>
          </xs:complexType>
        
          <xs:complexType name="Upgrade">
            <xs:sequence>
              <xs:element name="resource" type="o:Resource" minOccurs="0" maxOccurs="unbounded"/>
            </xs:sequence>
            <xs:attribute name="ref" type="xs:string"/>
            <xs:attribute name="subscription" type="xs:string"/>
            <xs:attribute name="account" type="xs:string"/>
          </xs:complexType>
        </xs:schema>
        """#
}
