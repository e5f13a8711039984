<?xml version="1.0" encoding="UTF-8"?>
<!--
  Front and back matter of the volume, from the edition header (the context
  item: the edition file) and the corpus model ($facts): title page, imprint,
  contents, introduction and editorial principles; indexes of persons, places
  and organisations; the bibliography.
-->
<xsl:stylesheet xmlns:xsl="http://www.w3.org/1999/XSL/Transform" version="3.0"
                xmlns:xs="http://www.w3.org/2001/XMLSchema"
                xmlns:e="urn:x-edition-toolkit:xslt"
                xmlns:f="urn:x-edition-toolkit:facts"
                xmlns:pr="urn:x-edition-toolkit:print"
                xpath-default-namespace="http://www.tei-c.org/ns/1.0"
                exclude-result-prefixes="#all">

  <xsl:variable name="pr:edition" select="$facts/f:facts/f:edition"/>

  <!-- ============================================================ front matter -->

  <xsl:template name="pr:front">
    <xsl:variable name="header" select="/TEI/teiHeader"/>
    <xsl:call-template name="pr:title-page">
      <xsl:with-param name="title-stmt" select="$header/fileDesc/titleStmt"/>
    </xsl:call-template>
    <xsl:call-template name="pr:imprint">
      <xsl:with-param name="header" select="$header"/>
    </xsl:call-template>
    <xsl:value-of select="'#ed.contents(' || pr:content(pr:text(e:label('home.contents'))) || ')&#10;'"/>
    <xsl:apply-templates select="/TEI/text/front/div" mode="pr:section"/>
    <xsl:value-of select="'#show: ed.main-matter.with(' || pr:content(pr:text(e:label('nav.documents'))) || ')&#10;'"/>
  </xsl:template>

  <xsl:template name="pr:title-page">
    <xsl:param name="title-stmt" as="element(titleStmt)?"/>
    <xsl:variable name="compilers" select="$title-stmt/editor[@role = 'compiler']"/>
    <xsl:value-of select="'#ed.title-page(title: ' || pr:content(pr:text(pr:edition-title()))
      || ', subtitle: ' || pr:content(pr:text(normalize-space($title-stmt/title[@type = 'sub'][1])))
      || ', compiler: ' || pr:content(pr:text(if ($compilers) then e:label('print.compiled-by', pr:join-names($compilers ! normalize-space(.))) else ''))
      || ', editors: ' || pr:content(pr:text(if (exists(pr:editors())) then e:label('home.editors', pr:join-names(pr:editors())) else ''))
      || ', publisher: ' || pr:content(pr:text($pr:edition/@publisher))
      || ', date: ' || pr:content(pr:text(e:year(pr:edition-date()))) || ')&#10;'"/>
  </xsl:template>

  <!-- The imprint: who made the edition, from what, under which licence, and how to cite it. -->
  <xsl:template name="pr:imprint">
    <xsl:param name="header" as="element(teiHeader)?"/>
    <xsl:variable name="title-stmt" select="$header/fileDesc/titleStmt"/>
    <xsl:variable name="sources" as="xs:string*">
      <xsl:for-each select="$header/fileDesc/sourceDesc/(bibl | biblStruct | listBibl/*)">
        <xsl:sequence select="pr:citation-of(.) || '\.'"/>
      </xsl:for-each>
    </xsl:variable>
    <xsl:variable name="items" as="xs:string*" select="
      pr:imprint-item('about.editors', pr:text(string-join(distinct-values((
        $title-stmt/editor[@role = 'compiler'] ! e:label('print.compiled-by', normalize-space(.)),
        $title-stmt/editor[not(@role = 'compiler')] ! normalize-space(.), pr:editors())), '; '))),
      pr:imprint-item('about.sources', string-join($sources, ' ')),
      pr:imprint-item('about.publisher', pr:text($pr:edition/@publisher)),
      pr:imprint-item('about.date', pr:text(pr:edition-date())),
      pr:imprint-item('about.licence', pr:text(string-join(($pr:edition/@licence, $pr:edition/@licence-url)[normalize-space()], ', '))),
      pr:imprint-item('about.cite', pr:text(pr:citation(()))),
      pr:imprint-item('print.typesetting', pr:text(e:label('print.typesetting-note')))"/>
    <xsl:value-of select="'#ed.imprint[&#10;' || string-join($items, '&#10;') || '&#10;]&#10;'"/>
  </xsl:template>

  <xsl:function name="pr:imprint-item" as="xs:string?">
    <xsl:param name="label" as="xs:string"/>
    <xsl:param name="value" as="xs:string?"/>
    <xsl:if test="normalize-space($value)">
      <xsl:sequence select="'#ed.imprint-item(' || pr:content(pr:text(e:label($label))) || ', ' || pr:content($value) || ')'"/>
    </xsl:if>
  </xsl:function>

  <!-- A section of the front matter (introduction, editorial principles): its head opens a recto page. -->
  <xsl:template match="div" mode="pr:section">
    <xsl:variable name="title" select="pr:words(head[1])"/>
    <xsl:value-of select="'#ed.section(' || pr:content(pr:text(if ($title) then $title else e:value-label('div', @type)))
                          || ')&#10;#ed.prose[&#10;'"/>
    <xsl:apply-templates select="node() except head[1]"/>
    <xsl:text>]&#10;</xsl:text>
  </xsl:template>

  <!-- ============================================================ citation -->

  <!-- How to cite the edition, or one of its documents (an f:document of the facts). -->
  <xsl:function name="pr:citation" as="xs:string">
    <xsl:param name="document" as="element(f:document)?"/>
    <xsl:variable name="base" select="replace(string($pr:edition/@base-url), '([^/])$', '$1/')"/>
    <xsl:variable name="where" select="if ($document and $base) then $base || e:safe-id($document/@id) || '.html'
                                       else if ($pr:edition/@doi[normalize-space()]) then 'https://doi.org/' || $pr:edition/@doi
                                       else $base"/>
    <xsl:variable name="editors" select="pr:editors()"/>
    <xsl:sequence select="normalize-space(string-join((
      $document ! ('“' || normalize-space(f:title) || '” (' || normalize-space(f:date) || '), '
                   || e:label('doc.number', @n) || ', ' || e:label('bibl.in') || ' '),
      if (exists($editors)) then pr:join-names($editors) || ' ' || e:label(if (count($editors) gt 1) then 'bibl.eds' else 'bibl.ed') || ': ' else (),
      pr:edition-title(),
      ', ' || pr:edition-date(),
      $where[.] ! (', ' || .),
      '.'), ''))"/>
  </xsl:function>

  <xsl:function name="pr:edition-title" as="xs:string">
    <xsl:sequence select="normalize-space(($pr:edition/@title, '')[1])"/>
  </xsl:function>

  <xsl:function name="pr:edition-date" as="xs:string">
    <xsl:sequence select="string(($pr:edition/@date[normalize-space()], $facts/f:facts/@build-date)[1])"/>
  </xsl:function>

  <!-- The editors of the digital edition: edition.toml, else the responsibility statements of the header. -->
  <xsl:function name="pr:editors" as="xs:string*">
    <xsl:sequence select="if ($pr:edition/f:editor) then $pr:edition/f:editor ! string(.)
                          else $facts/f:facts/f:resp[not(@role = 'compiler')]/@name ! string(.)"/>
  </xsl:function>

  <xsl:function name="pr:join-names" as="xs:string">
    <xsl:param name="names" as="xs:string*"/>
    <xsl:sequence select="if (count($names) le 2) then string-join($names, ' &amp; ')
                          else string-join($names[position() lt last()], ', ') || ' &amp; ' || $names[last()]"/>
  </xsl:function>

  <!-- ============================================================ back matter -->

  <xsl:template name="pr:back">
    <xsl:for-each select="('person', 'place', 'org')">
      <xsl:call-template name="pr:index">
        <xsl:with-param name="kind" select="."/>
      </xsl:call-template>
    </xsl:for-each>
    <xsl:variable name="works" select="$facts/f:facts/f:entries/f:entry[@kind = 'bibl']"/>
    <xsl:if test="$works">
      <xsl:value-of select="'#ed.bibliography-list(' || pr:content(pr:text(e:label('bibliography.title')))"/>
      <xsl:for-each select="$works">
        <xsl:sort select="lower-case(pr:sort-key((biblStruct, bibl)[1]))" lang="en"/>
        <xsl:value-of select="', ' || pr:content(pr:citation-of((biblStruct, bibl)[1]) || '\.')"/>
      </xsl:for-each>
      <xsl:text>)&#10;</xsl:text>
    </xsl:if>
  </xsl:template>

  <!-- A work sorts under the surname of its first author or editor (the last word of the name where
       no surname is marked), else under its title. -->
  <xsl:function name="pr:sort-key" as="xs:string">
    <xsl:param name="work" as="element()"/>
    <xsl:variable name="person" select="($work//(author | editor))[1]"/>
    <xsl:variable name="name" select="if ($person//surname) then normalize-space(($person//surname)[1])
                                      else tokenize(normalize-space($person))[last()]"/>
    <xsl:sequence select="string-join(($name, ($work//title)[1] ! normalize-space(.)), ' ')"/>
  </xsl:function>

  <!-- One index: every entry of the register with its name and a short gloss, in alphabetical
       order; the page design keeps the entries mentioned in the book and adds their pages. -->
  <xsl:template name="pr:index">
    <xsl:param name="kind" as="xs:string"/>
    <xsl:variable name="entries" select="$facts/f:facts/f:entries/f:entry[@kind = $kind]"/>
    <xsl:if test="$entries">
      <xsl:value-of select="'#ed.index(' || pr:content(pr:text(e:label('print.index.' || $kind))) || ', ' || pr:key($kind)"/>
      <xsl:for-each select="$entries">
        <xsl:sort select="lower-case(@name)" lang="en"/>
        <xsl:variable name="gloss" select="pr:gloss(*[not(self::f:*)][1])"/>
        <xsl:value-of select="', (' || pr:key(@id) || ', ' || pr:content(pr:text(upper-case(substring(normalize-space(@name), 1, 1))))
                              || ', ' || pr:content(pr:text(@name))
                              || ', ' || (if ($gloss) then pr:content(pr:text($gloss)) else 'none') || ')'"/>
      </xsl:for-each>
      <xsl:text>)&#10;</xsl:text>
    </xsl:if>
  </xsl:template>

  <!-- What a reader of an index needs to tell entries apart: life dates and an office of a
       person, the country of a place. -->
  <xsl:function name="pr:gloss" as="xs:string?">
    <xsl:param name="entry" as="element()?"/>
    <xsl:variable name="born" select="$entry/birth[1] ! pr:year(.)"/>
    <xsl:variable name="died" select="$entry/death[1] ! pr:year(.)"/>
    <xsl:variable name="life" select="if ($born and $died) then $born || '–' || $died
                                      else if ($born) then e:label('register.born', $born)
                                      else if ($died) then e:label('register.died', $died) else ()"/>
    <xsl:variable name="name" select="normalize-space(($entry/(persName, placeName, orgName))[1])"/>
    <xsl:variable name="facts" select="($life, ($entry/occupation, $entry/roleName)[1][not(contains($name, normalize-space(.)))],
                                        $entry/location/(country, region)[1])
                                       ! normalize-space(.)[.]"/>
    <xsl:sequence select="string-join($facts, ', ')[.]"/>
  </xsl:function>

  <xsl:function name="pr:year" as="xs:string?">
    <xsl:param name="event" as="element()"/>
    <xsl:sequence select="(e:year(($event/@when, $event/@notBefore, $event/@notAfter)[1]), normalize-space($event))[.][1]"/>
  </xsl:function>

</xsl:stylesheet>
