<?xml version="1.0" encoding="UTF-8"?>
<!--
  The edition's correspondence as CMIF (Correspondence Metadata Interchange Format),
  the file correspSearch harvests.

  Input: the edition as one teiCorpus (toolkit.exchange.teiexport), in which every pointer
  is local (#id), so a register entry is found with key('id').  The caller chooses the
  letters (parameter $letters: <letter id="…" url="…"/> in order) and passes the authority
  files as <authority type="gnd" uri="https://d-nb.info/gnd/{}"/> (parameter $authorities),
  so the URI forms are defined once, in Python.

  Each correspDesc keeps the sent and received actions with their persons, organisations,
  places and dates (when / notBefore / notAfter / from / to); names take their register
  form, and @ref the entry's authority URI where the register has one (places prefer
  GeoNames, persons and organisations GND, then VIAF, then Wikidata).
-->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:x="urn:x-edition-toolkit:exchange"
  xmlns="http://www.tei-c.org/ns/1.0"
  xpath-default-namespace="http://www.tei-c.org/ns/1.0"
  exclude-result-prefixes="#all">

  <xsl:output method="xml" encoding="UTF-8" indent="yes"/>

  <xsl:param name="letters" as="document-node()"/>
  <xsl:param name="authorities" as="document-node()"/>
  <xsl:param name="title" as="xs:string"/>
  <xsl:param name="editor" as="xs:string"/>
  <xsl:param name="email" as="xs:string" select="''"/>
  <xsl:param name="publisher" as="xs:string"/>
  <xsl:param name="base-url" as="xs:string"/>
  <xsl:param name="cmif-url" as="xs:string"/>
  <xsl:param name="date" as="xs:string"/>
  <xsl:param name="bibl-id" as="xs:string"/>
  <xsl:param name="bibl-text" as="xs:string"/>

  <xsl:key name="id" match="*[@xml:id]" use="@xml:id"/>

  <xsl:variable name="corpus" select="/"/>

  <xsl:template match="/">
    <TEI>
      <teiHeader>
        <fileDesc>
          <titleStmt>
            <title><xsl:value-of select="$title"/></title>
            <editor>
              <xsl:value-of select="$editor"/>
              <xsl:if test="$email">
                <xsl:text> </xsl:text>
                <email><xsl:value-of select="$email"/></email>
              </xsl:if>
            </editor>
          </titleStmt>
          <publicationStmt>
            <publisher>
              <ref target="{$base-url}"><xsl:value-of select="$publisher"/></ref>
            </publisher>
            <idno type="url"><xsl:value-of select="$cmif-url"/></idno>
            <date when="{$date}"/>
            <availability>
              <!-- CMIF requires CC BY 4.0 for the file itself (not for the edition it describes). -->
              <licence target="https://creativecommons.org/licenses/by/4.0/">This file is licensed under
                the terms of the Creative Commons License CC BY 4.0</licence>
            </availability>
          </publicationStmt>
          <sourceDesc>
            <bibl type="online" xml:id="{$bibl-id}">
              <xsl:value-of select="$bibl-text"/>
              <xsl:text> </xsl:text>
              <ref target="{$base-url}"><xsl:value-of select="$base-url"/></ref>
            </bibl>
          </sourceDesc>
        </fileDesc>
        <profileDesc>
          <xsl:for-each select="$letters/*/Q{}letter">
            <xsl:apply-templates select="key('id', @id, $corpus)/teiHeader/profileDesc/correspDesc">
              <xsl:with-param name="letter" select="." tunnel="yes"/>
            </xsl:apply-templates>
          </xsl:for-each>
        </profileDesc>
      </teiHeader>
      <text>
        <body>
          <p/>
        </body>
      </text>
    </TEI>
  </xsl:template>

  <xsl:template match="correspDesc">
    <xsl:param name="letter" as="element()" tunnel="yes"/>
    <correspDesc key="{$letter/@id}" ref="{$letter/@url}" source="#{$bibl-id}">
      <xsl:apply-templates select="correspAction[@type = ('sent', 'received')]"/>
    </correspDesc>
  </xsl:template>

  <xsl:template match="correspAction">
    <correspAction type="{@type}">
      <xsl:apply-templates select="persName | orgName | placeName | date"/>
    </correspAction>
  </xsl:template>

  <xsl:template match="persName | orgName | placeName">
    <xsl:variable name="entry" select="x:entry(.)"/>
    <xsl:element name="{local-name()}">
      <xsl:variable name="uri" select="x:authority($entry)"/>
      <xsl:if test="$uri">
        <xsl:attribute name="ref" select="$uri"/>
      </xsl:if>
      <xsl:value-of select="x:name(., $entry)"/>
    </xsl:element>
  </xsl:template>

  <xsl:template match="date[@when | @notBefore | @notAfter | @from | @to]">
    <date>
      <xsl:copy-of select="@when | @notBefore | @notAfter | @from | @to"/>
    </date>
  </xsl:template>

  <xsl:template match="date"/>

  <!-- The register entry a name points to (the first pointer that resolves). -->
  <xsl:function name="x:entry" as="element()?">
    <xsl:param name="name" as="element()"/>
    <xsl:sequence select="(for $token in tokenize($name/@ref) return
                            key('id', substring-after($token, '#'), root($name)))[1]"/>
  </xsl:function>

  <!-- The register's main name, else the name as written without the office (roleName). -->
  <xsl:function name="x:name" as="xs:string">
    <xsl:param name="name" as="element()"/>
    <xsl:param name="entry" as="element()?"/>
    <xsl:variable name="main" select="$entry/*[local-name() = local-name($name)][@type = 'main'],
                                      $entry/*[local-name() = local-name($name)]"/>
    <xsl:variable name="written" select="string-join($name//text()[not(ancestor::roleName)], '')"/>
    <xsl:sequence select="if (exists($main)) then normalize-space($main[1])
                          else replace(normalize-space($written), '^[\s,:;]+|[\s,:;]+$', '')"/>
  </xsl:function>

  <!-- The preferred authority URI of an entry, or the empty sequence. -->
  <xsl:function name="x:authority" as="xs:string?">
    <xsl:param name="entry" as="element()?"/>
    <xsl:variable name="order" as="xs:string*"
      select="if ($entry/self::place) then ('geonames', 'gnd', 'viaf', 'wikidata') else ('gnd', 'viaf', 'wikidata')"/>
    <xsl:variable name="uris" as="xs:string*">
      <xsl:for-each select="$order">
        <xsl:variable name="type" select="."/>
        <xsl:variable name="value" select="normalize-space(($entry/idno[@type = $type])[1])"/>
        <xsl:variable name="pattern" select="$authorities/*/Q{}authority[@type = $type]/@uri"/>
        <xsl:if test="$value and $pattern">
          <xsl:sequence select="if (matches($value, '^https?://')) then $value
                                else replace($pattern, '{}', $value, 'q')"/>
        </xsl:if>
      </xsl:for-each>
    </xsl:variable>
    <xsl:sequence select="$uris[1]"/>
  </xsl:function>

</xsl:stylesheet>
