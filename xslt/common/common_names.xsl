<?xml version="1.0" encoding="UTF-8"?>
<!--
  Facts about documents, register entries and editors, looked up in the facts
  document by id: the only way a stylesheet learns about files other than the
  one it renders.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:e="urn:x-edition-toolkit:xslt"
    xmlns:f="urn:x-edition-toolkit:facts"
    exclude-result-prefixes="#all">

  <xsl:key name="e:document" match="f:document" use="@id"/>
  <xsl:key name="e:entry" match="f:entry" use="@id"/>
  <xsl:key name="e:resp" match="f:resp" use="@id"/>
  <xsl:key name="e:file" match="f:file" use="@rel"/>

  <xsl:function name="e:document" as="element(f:document)?">
    <xsl:param name="id" as="xs:string?"/>
    <xsl:sequence select="if ($facts and $id) then key('e:document', $id, $facts)[1] else ()"/>
  </xsl:function>

  <!-- The register or bibliography entry a pointer names (its first token), if any. -->
  <xsl:function name="e:entry" as="element(f:entry)?">
    <xsl:param name="pointer" as="xs:string?"/>
    <xsl:variable name="id" select="e:fragment(e:first-token($pointer))"/>
    <xsl:sequence select="if ($facts and $id) then key('e:entry', $id, $facts)[1] else ()"/>
  </xsl:function>

  <!-- The names of those a @resp names ("Johann Keller"), joined with "; ". -->
  <xsl:function name="e:resp-name" as="xs:string">
    <xsl:param name="resp" as="xs:string?"/>
    <xsl:sequence select="string-join(
        for $token in tokenize(normalize-space($resp))
        return (if ($facts) then key('e:resp', e:fragment($token), $facts)/@name else (), e:fragment($token))[1],
        '; ')"/>
  </xsl:function>

  <!-- How many documents the edition has (a page may be given only some of their records). -->
  <xsl:function name="e:document-count" as="xs:integer">
    <xsl:sequence select="xs:integer(($facts/f:facts/f:documents/@count, count(e:documents()))[1])"/>
  </xsl:function>

  <!-- The documents of the edition, in chronological order. -->
  <xsl:function name="e:documents" as="element(f:document)*">
    <xsl:sequence select="$facts/f:facts/f:documents/f:document"/>
  </xsl:function>

  <!-- A person's or organisation's name as a list shows it: the register's main name, else as written. -->
  <xsl:function name="e:party-name" as="xs:string">
    <xsl:param name="party" as="element()"/>
    <xsl:sequence select="string(($party/@entry-name[normalize-space()], $party[normalize-space()], $party/@office)[1])"/>
  </xsl:function>

  <!-- A party as the document writes it: "J. Keller (Mayor of Lindau)". -->
  <xsl:function name="e:party-as-written" as="xs:string">
    <xsl:param name="party" as="element()"/>
    <xsl:sequence select="
        if (normalize-space($party) and $party/@office and normalize-space($party) ne $party/@office)
        then normalize-space($party) || ' (' || $party/@office || ')'
        else string(($party[normalize-space()], $party/@office)[1])"/>
  </xsl:function>

  <!-- The short label of a passage anchor: d001-p2 -> p2. -->
  <xsl:function name="e:anchor-label" as="xs:string">
    <xsl:param name="anchor" as="xs:string"/>
    <xsl:param name="doc" as="xs:string"/>
    <xsl:sequence select="if (starts-with($anchor, $doc || '-')) then substring-after($anchor, $doc || '-') else $anchor"/>
  </xsl:function>

</xsl:stylesheet>
