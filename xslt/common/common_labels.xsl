<?xml version="1.0" encoding="UTF-8"?>
<!--
  Interface labels: one file per language in labels/ (en.xml, de.xml), the same
  keys in each; {1}, {2} ... in a label are replaced by the arguments.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:e="urn:x-edition-toolkit:xslt"
    xmlns:l="urn:x-edition-toolkit:labels"
    exclude-result-prefixes="#all">

  <xsl:key name="e:label" match="l:label" use="@key"/>

  <!-- The label for a key; the key itself when no label has it (tests check that none is missing). -->
  <xsl:function name="e:label" as="xs:string">
    <xsl:param name="key" as="xs:string"/>
    <xsl:sequence select="string((key('e:label', $key, $labels), $key)[1])"/>
  </xsl:function>

  <!-- The label with {1}, {2} ... replaced by the arguments. -->
  <xsl:function name="e:label" as="xs:string">
    <xsl:param name="key" as="xs:string"/>
    <xsl:param name="args" as="xs:string*"/>
    <xsl:sequence select="e:fill(e:label($key), $args)"/>
  </xsl:function>

  <!-- {1} ... {4} replaced; literal patterns, so that each regular expression is compiled once. -->
  <xsl:function name="e:fill" as="xs:string">
    <xsl:param name="text" as="xs:string"/>
    <xsl:param name="args" as="xs:string*"/>
    <xsl:variable name="safe" select="$args ! replace(., '([\\$])', '\\$1')"/>
    <xsl:sequence select="
        if (not(contains($text, '{'))) then $text
        else $text
          => replace('\{1\}', string($safe[1]))
          => replace('\{2\}', string($safe[2]))
          => replace('\{3\}', string($safe[3]))
          => replace('\{4\}', string($safe[4]))"/>
  </xsl:function>

  <!-- A count in words: the label key.one for 1, key.many (with the number) otherwise. -->
  <xsl:function name="e:count" as="xs:string">
    <xsl:param name="key" as="xs:string"/>
    <xsl:param name="n" as="xs:integer"/>
    <xsl:sequence select="e:label($key || (if ($n = 1) then '.one' else '.many'), string($n))"/>
  </xsl:function>

  <!-- Does a label exist for this key? -->
  <xsl:function name="e:has-label" as="xs:boolean">
    <xsl:param name="key" as="xs:string"/>
    <xsl:sequence select="exists(key('e:label', $key, $labels))"/>
  </xsl:function>

  <!-- A label for a value of a closed list (document types, witness types ...):
       "type.letter", else the value itself, capitalised. -->
  <xsl:function name="e:value-label" as="xs:string">
    <xsl:param name="prefix" as="xs:string"/>
    <xsl:param name="value" as="xs:string?"/>
    <xsl:sequence select="if (e:has-label($prefix || '.' || $value)) then e:label($prefix || '.' || $value)
                          else e:capitalize(replace(string($value), '[-_]', ' '))"/>
  </xsl:function>

</xsl:stylesheet>
