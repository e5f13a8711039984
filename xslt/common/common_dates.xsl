<?xml version="1.0" encoding="UTF-8"?>
<!--
  Dates as a reader reads them, in the interface language: "18 March 1848",
  "not before 3 April 1848".  ISO 8601 in (YYYY, YYYY-MM, YYYY-MM-DD).
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:e="urn:x-edition-toolkit:xslt"
    exclude-result-prefixes="#all">

  <xsl:function name="e:format-date" as="xs:string">
    <xsl:param name="iso" as="xs:string?"/>
    <xsl:variable name="parts" select="tokenize(string($iso), '-')"/>
    <xsl:choose>
      <xsl:when test="matches(string($iso), '^\d{4}-\d{2}-\d{2}$')">
        <xsl:sequence select="e:label('date.day', (string(xs:integer($parts[3])),
                              e:label('month.' || xs:integer($parts[2])), $parts[1]))"/>
      </xsl:when>
      <xsl:when test="matches(string($iso), '^\d{4}-\d{2}$')">
        <xsl:sequence select="e:label('date.month', (e:label('month.' || xs:integer($parts[2])), $parts[1]))"/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:sequence select="string($iso)"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:function>

  <!-- A normalised date from @when / @notBefore / @notAfter (or their f:date twins). -->
  <xsl:function name="e:format-date-range" as="xs:string">
    <xsl:param name="when" as="xs:string?"/>
    <xsl:param name="not-before" as="xs:string?"/>
    <xsl:param name="not-after" as="xs:string?"/>
    <xsl:sequence select="
        if ($when) then e:format-date($when)
        else if ($not-before and $not-after) then e:label('date.between', (e:format-date($not-before), e:format-date($not-after)))
        else if ($not-before) then e:label('date.not-before', e:format-date($not-before))
        else if ($not-after) then e:label('date.not-after', e:format-date($not-after))
        else ''"/>
  </xsl:function>

  <!-- The year of a date: first four digits of the first date given. -->
  <xsl:function name="e:year" as="xs:string">
    <xsl:param name="iso" as="xs:string?"/>
    <xsl:sequence select="if (matches(string($iso), '^\d{4}')) then substring($iso, 1, 4) else ''"/>
  </xsl:function>

</xsl:stylesheet>
