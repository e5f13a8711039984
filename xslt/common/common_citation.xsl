<?xml version="1.0" encoding="UTF-8"?>
<!--
  Archival witnesses (msDesc) and bibliographic citations (biblStruct, bibl) as
  neutral markup that each format renders:

    <e:seq>   a citation: text and the elements below
    <e:i>     a title (italic in print and on screen)
    <e:link entry="id">    a link to a register or bibliography entry
    <e:link href="url">    a link to an external address (already checked safe)
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:e="urn:x-edition-toolkit:xslt"
    xmlns:f="urn:x-edition-toolkit:facts"
    xpath-default-namespace="http://www.tei-c.org/ns/1.0"
    exclude-result-prefixes="#all">

  <!-- "State Archive, f. 2, op. 1, d. 332, ll. 1–3 verso. Original. Autograph." -->
  <xsl:function name="e:witness" as="element(e:seq)">
    <xsl:param name="ms" as="element(msDesc)"/>
    <xsl:variable name="id" select="$ms/msIdentifier"/>
    <xsl:variable name="prefix" select="if (e:has-label('witness.prefix.' || $ms/@type))
                                        then e:label('witness.prefix.' || $ms/@type) else ()"/>
    <e:seq>
      <xsl:if test="$prefix">
        <xsl:value-of select="$prefix || ' '"/>
      </xsl:if>
      <xsl:for-each select="$id/(settlement, institution, repository, collection)[normalize-space()]">
        <xsl:if test="position() gt 1">, </xsl:if>
        <xsl:sequence select="e:linked(., @ref)"/>
      </xsl:for-each>
      <xsl:variable name="shelfmark" select="$id/idno[1] ! e:words(.)"/>
      <xsl:if test="$shelfmark">
        <xsl:value-of select="(if ($id/(settlement, institution, repository, collection)[normalize-space()]) then ', ' else '') || $shelfmark"/>
      </xsl:if>
      <xsl:text>.</xsl:text>
      <xsl:for-each select="$id/altIdentifier/idno[normalize-space()]">
        <xsl:value-of select="' ' || e:label('witness.reference', normalize-space(.)) || '.'"/>
      </xsl:for-each>
      <xsl:if test="$ms/@type and e:has-label('witness.type.' || $ms/@type)">
        <xsl:value-of select="' ' || e:label('witness.type.' || $ms/@type) || '.'"/>
      </xsl:if>
      <xsl:for-each select="$ms/physDesc/objectDesc/@form">
        <xsl:value-of select="' ' || e:value-label('witness.form', .) || '.'"/>
      </xsl:for-each>
      <xsl:for-each select="$ms/(p, note, physDesc/p, history//p)[normalize-space()]">
        <xsl:value-of select="' ' || normalize-space(.)"/>
      </xsl:for-each>
    </e:seq>
  </xsl:function>

  <!-- A bibl of a document's sourceDesc: the entry it points to with the range cited,
       or its own words. -->
  <xsl:function name="e:bibl" as="element(e:seq)">
    <xsl:param name="bibl" as="element()"/>
    <xsl:variable name="entry" select="e:entry($bibl/ptr[1]/@target)"/>
    <e:seq>
      <xsl:choose>
        <xsl:when test="$entry/(biblStruct, bibl)">
          <xsl:sequence select="e:trim(e:bibl-struct(($entry/(biblStruct, bibl))[1]))/node()"/>
          <xsl:for-each select="$bibl/citedRange">
            <xsl:value-of select="', ' || e:label('range.' || (@unit, 'page')[1], normalize-space(.))"/>
          </xsl:for-each>
          <xsl:text>.</xsl:text>
        </xsl:when>
        <xsl:otherwise>
          <xsl:sequence select="e:trim(e:bibl-struct($bibl))/node()"/>
        </xsl:otherwise>
      </xsl:choose>
    </e:seq>
  </xsl:function>

  <!-- A citation without the white space its source had around it. -->
  <xsl:function name="e:trim" as="element(e:seq)">
    <xsl:param name="seq" as="element(e:seq)"/>
    <xsl:variable name="first" select="$seq/node()[1][self::text()]"/>
    <xsl:variable name="last" select="$seq/node()[last()][self::text()]"/>
    <e:seq>
      <xsl:for-each select="$seq/node()">
        <xsl:choose>
          <xsl:when test=". is $first and . is $last"><xsl:value-of select="normalize-space(.)"/></xsl:when>
          <xsl:when test=". is $first"><xsl:value-of select="replace(., '^\s+', '')"/></xsl:when>
          <xsl:when test=". is $last"><xsl:value-of select="replace(., '[\s,;:]+$', '')"/></xsl:when>
          <xsl:otherwise><xsl:sequence select="."/></xsl:otherwise>
        </xsl:choose>
      </xsl:for-each>
    </e:seq>
  </xsl:function>

  <!-- A structured entry: "Keller, Johann (ed.): Title. Subtitle, vol. 1, Lindau 2008" -->
  <xsl:function name="e:bibl-struct" as="element(e:seq)">
    <xsl:param name="b" as="element()"/>
    <e:seq>
      <xsl:choose>
        <xsl:when test="$b/self::bibl">
          <xsl:apply-templates select="$b/node()" mode="e:bibl-text"/>
        </xsl:when>
        <xsl:otherwise>
          <xsl:variable name="monogr" select="$b/monogr[1]"/>
          <xsl:for-each select="$b/analytic">
            <xsl:value-of select="e:names(author) || (if (author) then ': ' else '')"/>
            <xsl:value-of select="'“' || normalize-space((title[not(@type = ('short', 'sub'))])[1]) || '”, '"/>
            <xsl:value-of select="e:label('bibl.in') || ' '"/>
          </xsl:for-each>
          <xsl:variable name="responsible" select="if ($monogr/author) then e:names($monogr/author)
              else if ($monogr/editor) then e:names($monogr/editor) || ' ' || e:label(if (count($monogr/editor) gt 1) then 'bibl.eds' else 'bibl.ed')
              else ''"/>
          <xsl:if test="$responsible">
            <xsl:value-of select="$responsible || ': '"/>
          </xsl:if>
          <e:i>
            <xsl:value-of select="string-join(($monogr/title[not(@type = ('short', 'sub'))][1], $monogr/title[@type = 'sub']) ! normalize-space(), '. ')"/>
          </e:i>
          <xsl:for-each select="$monogr/biblScope[normalize-space()], $b/biblScope[normalize-space()]">
            <xsl:value-of select="', ' || e:label('range.' || (@unit, 'page')[1], normalize-space(.))"/>
          </xsl:for-each>
          <xsl:variable name="imprint" select="string-join(($monogr/imprint/pubPlace, $monogr/imprint/date) ! normalize-space(), ' ')"/>
          <xsl:if test="$imprint">
            <xsl:value-of select="', ' || $imprint"/>
          </xsl:if>
          <xsl:for-each select="$b/series/title[1]">
            <xsl:value-of select="' (' || normalize-space(.) || string-join(../biblScope ! (' ' || normalize-space(.))) || ')'"/>
          </xsl:for-each>
          <xsl:for-each select="$b//idno[@type = ('DOI', 'doi')][normalize-space()]">
            <xsl:text>, </xsl:text>
            <e:link href="https://doi.org/{normalize-space(.)}">doi:<xsl:value-of select="normalize-space(.)"/></e:link>
          </xsl:for-each>
        </xsl:otherwise>
      </xsl:choose>
    </e:seq>
  </xsl:function>

  <!-- Names of authors or editors: "Surname, Forename" for the first, "Forename Surname" after. -->
  <xsl:function name="e:names" as="xs:string">
    <xsl:param name="people" as="element()*"/>
    <xsl:sequence select="string-join(
        for $i in 1 to count($people)
        return (let $p := $people[$i] return if ($p//surname) then
                  (if ($i = 1) then normalize-space(string-join($p//surname, ' ')) || ', ' || normalize-space(string-join($p//forename, ' '))
                   else normalize-space(string-join($p//forename, ' ')) || ' ' || normalize-space(string-join($p//surname, ' ')))
                else normalize-space($p)),
        '; ')"/>
  </xsl:function>

  <!-- A name that links to its register entry when it has one. -->
  <xsl:function name="e:linked" as="node()*">
    <xsl:param name="element" as="element()"/>
    <xsl:param name="ref" as="attribute()?"/>
    <xsl:variable name="entry" select="e:entry($ref)"/>
    <xsl:choose>
      <xsl:when test="$entry">
        <e:link entry="{$entry/@id}"><xsl:value-of select="e:words($element)"/></e:link>
      </xsl:when>
      <xsl:otherwise>
        <xsl:value-of select="e:words($element)"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:function>

  <!-- The words of an element as a citation gives them: of a choice only the
       correction, regularisation or expansion, so a corrected archive name is
       cited once, as corrected (the text and the source note keep both). -->
  <xsl:function name="e:words" as="xs:string">
    <xsl:param name="element" as="element()"/>
    <xsl:sequence select="normalize-space(string-join(
        $element//text()[not(ancestor::*[self::sic or self::orig or self::abbr][parent::choice])], ''))"/>
  </xsl:function>

  <!-- A bibl's own words: titles in italics, names linked to their register entries,
       notes and related items left to the bibliography page. -->
  <xsl:template match="title" mode="e:bibl-text">
    <e:i><xsl:value-of select="normalize-space(.)"/></e:i>
  </xsl:template>
  <xsl:template match="*[@ref]" mode="e:bibl-text">
    <xsl:sequence select="e:linked(., @ref)"/>
  </xsl:template>
  <xsl:template match="ptr | note | relatedItem | idno | listBibl" mode="e:bibl-text"/>
  <xsl:template match="text()" mode="e:bibl-text">
    <xsl:value-of select="replace(., '\s+', ' ')"/>
  </xsl:template>

</xsl:stylesheet>
