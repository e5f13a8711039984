<?xml version="1.0" encoding="UTF-8"?>
<!--
  Editorial markup, set as a critical edition sets it:

    gap                omissions as […] (other gaps name their reason);
    emph/hi[@resp]     emphasis added by an editor in its own style, with a
                       footnote at the first such emphasis saying whose it is;
    choice/sic+corr    the reading of the source in the text, the correction
                       in a footnote;
    note (editorial)   footnotes, numbered per document;
    pb, fw[pageNum]    pages of the print source: a bar in the line and the
                       page number in the outer margin;
    supplied, unclear, add, del   bracketed, queried, marked, struck through.
-->
<xsl:stylesheet xmlns:xsl="http://www.w3.org/1999/XSL/Transform" version="3.0"
                xmlns:xs="http://www.w3.org/2001/XMLSchema"
                xmlns:e="urn:x-edition-toolkit:xslt"
                xmlns:pr="urn:x-edition-toolkit:print"
                xpath-default-namespace="http://www.tei-c.org/ns/1.0"
                exclude-result-prefixes="#all">

  <xsl:template match="gap[not(@reason) or @reason = 'omitted']">
    <xsl:text>#ed.gap()</xsl:text>
  </xsl:template>

  <xsl:template match="gap">
    <xsl:value-of select="'#ed.supplied(' || pr:content(pr:text(e:value-label('reason', @reason))) || ')'"/>
  </xsl:template>

  <!-- Emphasis added by an editor: its own style; the footnote names the editor once per document. -->
  <xsl:template match="emph[@resp] | hi[@resp]" priority="2">
    <xsl:value-of select="pr:inline('ed.ed-emph(rend: ' || pr:key(tokenize(@rend)[. = $e:rend-values][1]) || ')', .)"/>
    <xsl:variable name="resp" select="@resp"/>
    <xsl:if test="not(preceding::*[self::emph or self::hi][@resp = $resp][ancestor::text])">
      <xsl:value-of select="pr:footnote(pr:text(e:capitalize(e:label('mark.emph', e:resp-name(@resp))) || '.'))"/>
    </xsl:if>
  </xsl:template>

  <xsl:template match="emph">
    <xsl:value-of select="pr:inline('emph', .)"/>
  </xsl:template>

  <!-- The reading of the source in the text; the footnote gives the correction. -->
  <xsl:template match="choice[sic and corr]">
    <xsl:apply-templates select="sic/node()"/>
    <xsl:variable name="note" select="e:label(if (corr/@resp) then 'mark.sic-note-by' else 'mark.sic-note',
                                              (normalize-space(sic), normalize-space(corr), corr/@resp ! e:resp-name(.)))"/>
    <xsl:value-of select="pr:footnote(pr:text(e:capitalize($note) || '.'))"/>
  </xsl:template>

  <xsl:template match="choice[orig and reg]">
    <xsl:apply-templates select="orig/node()"/>
  </xsl:template>

  <xsl:template match="choice[abbr and expan]">
    <xsl:apply-templates select="abbr/node()"/>
  </xsl:template>

  <xsl:template match="choice">
    <xsl:apply-templates select="*[1]/node()"/>
  </xsl:template>

  <xsl:template match="supplied">
    <xsl:value-of select="pr:inline('ed.supplied', .)"/>
  </xsl:template>

  <xsl:template match="unclear">
    <xsl:value-of select="pr:inline('ed.unclear', .)"/>
  </xsl:template>

  <xsl:template match="del">
    <xsl:value-of select="pr:inline('ed.deleted', .)"/>
  </xsl:template>

  <xsl:template match="add">
    <xsl:value-of select="pr:inline('ed.added', .)"/>
  </xsl:template>

  <!-- Notes of the editors, and notes in a sentence: footnotes. -->
  <xsl:template match="note[@type = 'editorial' or @place = ('foot', 'bottom', 'end')]
                       | note[not(@place)][ancestor::p or ancestor::head or ancestor::item or ancestor::titlePart
                                           or ancestor::docDate or ancestor::signed or ancestor::quote]" priority="2">
    <xsl:variable name="markup" as="xs:string*">
      <xsl:apply-templates/>
    </xsl:variable>
    <xsl:value-of select="pr:footnote(string-join($markup, ''))"/>
  </xsl:template>

  <xsl:function name="pr:footnote" as="xs:string">
    <xsl:param name="markup" as="xs:string"/>
    <xsl:sequence select="'#footnote[' || $markup || ']'"/>
  </xsl:function>

  <!-- A page of the print source begins here (pb), or its printed number stands here (fw). -->
  <xsl:template match="pb[@n]">
    <xsl:value-of select="'#ed.pb(' || pr:content(pr:text(@n)) || ')'"/>
  </xsl:template>

  <xsl:template match="fw[@type = 'pageNum']">
    <xsl:value-of select="'#ed.pb(' || pr:content(pr:text(normalize-space(.))) || ')'"/>
  </xsl:template>

  <xsl:template match="pb | fw"/>

</xsl:stylesheet>
