<?xml version="1.0" encoding="UTF-8"?>
<!--
  The text of a document: blocks (paragraphs, lists, quotations, speeches,
  opener and closer, items of minutes) and the phrases inside them.  Each
  block becomes one call of the page design (ed.p, ed.closer, ...) on a line
  of its own; text always goes through pr:text.
-->
<xsl:stylesheet xmlns:xsl="http://www.w3.org/1999/XSL/Transform" version="3.0"
                xmlns:xs="http://www.w3.org/2001/XMLSchema"
                xmlns:e="urn:x-edition-toolkit:xslt"
                xmlns:pr="urn:x-edition-toolkit:print"
                xpath-default-namespace="http://www.tei-c.org/ns/1.0"
                exclude-result-prefixes="#all">

  <!-- ============================================================ text -->

  <xsl:template match="text()">
    <xsl:value-of select="pr:text(.)"/>
  </xsl:template>

  <!-- Whitespace between blocks is the layout of the XML file, not text. -->
  <xsl:template match="text()[not(normalize-space())][parent::body or parent::div or parent::back or parent::front
                       or parent::list or parent::sp or parent::lg or parent::listBibl or parent::msDesc
                       or parent::closer[signed | salute | dateline] or parent::opener[salute | dateline | signed]]"/>

  <!-- ============================================================ blocks -->

  <xsl:template match="body | back | div">
    <xsl:apply-templates/>
  </xsl:template>

  <xsl:template match="head">
    <xsl:value-of select="pr:block('head', .)"/>
  </xsl:template>

  <xsl:template match="p | ab">
    <xsl:value-of select="pr:block('p', .)"/>
  </xsl:template>

  <!-- Reference lines, datelines and salutations before the text; the closer and its
       signatures after it, set to the right. -->
  <xsl:template match="opener">
    <xsl:value-of select="pr:block('opener-block', .)"/>
  </xsl:template>

  <xsl:template match="closer">
    <xsl:value-of select="pr:block('closer', .)"/>
  </xsl:template>

  <xsl:template match="(opener | closer)/(dateline | salute | signed | byline | address | docDate | p | ab)
                       | dateline | salute | byline | docDate[not(parent::front)]">
    <xsl:value-of select="pr:block('line-block', .)"/>
  </xsl:template>

  <!-- A call of the page design with the element's content as its body. -->
  <xsl:function name="pr:block" as="xs:string">
    <xsl:param name="function" as="xs:string"/>
    <xsl:param name="element" as="element()"/>
    <xsl:variable name="markup" as="xs:string*">
      <xsl:apply-templates select="$element/node()"/>
    </xsl:variable>
    <xsl:sequence select="'#ed.' || $function || '[' || string-join($markup, '') || ']&#10;'"/>
  </xsl:function>

  <!-- A list: the labels as the source writes them, else numbers for an ordered list, else dashes. -->
  <xsl:template match="list">
    <xsl:text>#ed.item-list(</xsl:text>
    <xsl:for-each select="item">
      <xsl:variable name="label" select="preceding-sibling::*[1][self::label]"/>
      <xsl:text>(</xsl:text>
      <xsl:choose>
        <xsl:when test="$label">
          <xsl:text>[</xsl:text>
          <xsl:apply-templates select="$label/node()"/>
          <xsl:text>]</xsl:text>
        </xsl:when>
        <xsl:when test="@n">
          <xsl:value-of select="pr:content(pr:text(@n))"/>
        </xsl:when>
        <xsl:when test="../@type = ('ordered', 'numbered')">
          <xsl:value-of select="pr:content(pr:text(position() || '.'))"/>
        </xsl:when>
        <xsl:otherwise>[–]</xsl:otherwise>
      </xsl:choose>
      <xsl:text>, [</xsl:text>
      <xsl:apply-templates/>
      <xsl:text>]), </xsl:text>
    </xsl:for-each>
    <xsl:text>)&#10;</xsl:text>
  </xsl:template>

  <!-- A quotation standing as a block of its own; a quotation in a sentence stays in the line. -->
  <xsl:template match="quote[parent::div or parent::body or parent::sp] | cit[parent::div or parent::body]">
    <xsl:value-of select="pr:block('block-quote', .)"/>
  </xsl:template>

  <xsl:template match="lg">
    <xsl:text>#ed.block-quote[</xsl:text>
    <xsl:for-each select="l">
      <xsl:apply-templates/>
      <xsl:if test="position() ne last()">
        <xsl:text>#linebreak()</xsl:text>
      </xsl:if>
    </xsl:for-each>
    <xsl:text>]&#10;</xsl:text>
  </xsl:template>

  <!-- A speaker turn: the speaker's label leads into the first paragraph. -->
  <xsl:template match="sp">
    <xsl:text>#ed.speech([</xsl:text>
    <xsl:apply-templates select="speaker/node()"/>
    <xsl:text>], [</xsl:text>
    <xsl:for-each select="* except speaker">
      <xsl:choose>
        <xsl:when test="self::p or self::ab">
          <xsl:if test="position() gt 1">
            <xsl:text>#parbreak()</xsl:text>
          </xsl:if>
          <xsl:apply-templates/>
        </xsl:when>
        <xsl:otherwise>
          <xsl:apply-templates select="."/>
        </xsl:otherwise>
      </xsl:choose>
    </xsl:for-each>
    <xsl:text>])&#10;</xsl:text>
  </xsl:template>

  <!-- A note the source itself prints where it stands (transmission, endorsement). -->
  <xsl:template match="note[@place = 'inline'] | note[not(@type = 'editorial') and not(@place)]
                       [parent::div or parent::body or parent::sp]">
    <xsl:value-of select="pr:block('inline-note', .)"/>
  </xsl:template>

  <!-- An omission (or any other gap) standing between paragraphs is a paragraph of its own. -->
  <xsl:template match="gap[parent::div or parent::body or parent::sp]" priority="2">
    <xsl:variable name="markup" as="xs:string*">
      <xsl:next-match/>
    </xsl:variable>
    <xsl:value-of select="'#ed.p[' || string-join($markup, '') || ']&#10;'"/>
  </xsl:template>

  <xsl:template match="lb">
    <xsl:text>#linebreak()</xsl:text>
  </xsl:template>

  <!-- ============================================================ phrases -->

  <!-- A mention: markers for the indexes, then the words as written. -->
  <xsl:template match="persName[@ref] | placeName[@ref] | orgName[@ref] | name[@ref] | rs[@ref]">
    <xsl:for-each select="tokenize(@ref)[e:entry(.)/@kind = ('person', 'place', 'org')]">
      <xsl:value-of select="'#ed.ix(' || pr:key(e:fragment(.)) || ', ' || pr:key(e:entry(.)/@kind) || ')'"/>
    </xsl:for-each>
    <xsl:apply-templates/>
  </xsl:template>

  <xsl:template match="hi[tokenize(@rend) = 'italic'] | title[@level = ('m', 'j', 's')] | foreign | term">
    <xsl:value-of select="pr:inline('emph', .)"/>
  </xsl:template>

  <xsl:template match="hi[tokenize(@rend) = 'bold']">
    <xsl:value-of select="pr:inline('strong', .)"/>
  </xsl:template>

  <xsl:template match="hi[tokenize(@rend) = ('superscript', 'sup')]">
    <xsl:value-of select="pr:inline('super', .)"/>
  </xsl:template>

  <xsl:template match="hi[tokenize(@rend) = ('subscript', 'sub')]">
    <xsl:value-of select="pr:inline('sub', .)"/>
  </xsl:template>

  <xsl:template match="hi[tokenize(@rend) = ('smallcaps', 'small-caps')]">
    <xsl:value-of select="pr:inline('smallcaps', .)"/>
  </xsl:template>

  <xsl:template match="hi[tokenize(@rend) = ('underline', 'spaced', 'strikethrough', 'uppercase')]">
    <xsl:value-of select="pr:inline('ed.ed-emph(rend: ' || pr:key(tokenize(@rend)[. = ('underline', 'spaced',
                          'strikethrough', 'uppercase')][1]) || ')', .)"/>
  </xsl:template>

  <!-- A Typst function applied to the element's content, in the line. -->
  <xsl:function name="pr:inline" as="xs:string">
    <xsl:param name="function" as="xs:string"/>
    <xsl:param name="element" as="element()"/>
    <xsl:variable name="markup" as="xs:string*">
      <xsl:apply-templates select="$element/node()"/>
    </xsl:variable>
    <xsl:sequence select="'#' || $function || '[' || string-join($markup, '') || ']'"/>
  </xsl:function>

  <!-- A work cited by pointer: the bibliography entry, with the range cited. -->
  <xsl:template match="bibl[ptr[@target]]">
    <xsl:value-of select="pr:cited(.)"/>
  </xsl:template>

  <!-- A bibl: the work it points to with the range it cites, else its own words. -->
  <xsl:function name="pr:cited" as="xs:string">
    <xsl:param name="bibl" as="element()"/>
    <xsl:variable name="work" select="pr:work($bibl/ptr[1]/@target)"/>
    <xsl:sequence select="if ($work) then pr:citation-of($work)
                            || string-join($bibl/citedRange ! pr:text(', ' || e:label('range.' || (@unit, 'page')[1], normalize-space(.))))
                          else pr:citation-of($bibl)"/>
  </xsl:function>

  <!-- A pointer in running text: a work is cited, a document named by its number
       (its file name means nothing on paper); a reference keeps its own words. -->
  <xsl:template match="ptr[@target]">
    <xsl:variable name="work" select="pr:work(@target)"/>
    <xsl:variable name="document" select="pr:document-at(@target)"/>
    <xsl:value-of select="if ($work) then pr:citation-of($work)
                          else if ($document) then pr:text(e:label('doc.number', $document/@n)) else ''"/>
  </xsl:template>

  <xsl:template match="ref[@target][pr:document-at(@target)]">
    <xsl:value-of select="pr:text(e:label('doc.number', pr:document-at(@target)/@n))"/>
  </xsl:template>

  <!-- The document a pointer leads to (documents/d003.xml, d003.xml#p2), if any. -->
  <xsl:function name="pr:document-at" as="element()?">
    <xsl:param name="pointer" as="xs:string"/>
    <xsl:variable name="file" select="substring-before(e:first-token($pointer) || '#', '#')"/>
    <xsl:sequence select="if (ends-with($file, '.xml')) then e:document(replace($file, '^(.*/)?([^/]+)\.xml$', '$2')) else ()"/>
  </xsl:function>

  <!-- The bibliography entry a pointer leads to, from the corpus model. -->
  <xsl:function name="pr:work" as="element()?">
    <xsl:param name="pointer" as="xs:string?"/>
    <xsl:sequence select="e:entry($pointer)/(biblStruct | bibl)[1]"/>
  </xsl:function>

  <!-- A work as a citation names it: names, title, imprint; the entry's notes and links stay
       in the bibliography. -->
  <xsl:function name="pr:citation-of" as="xs:string">
    <xsl:param name="work" as="element()"/>
    <xsl:variable name="markup" as="xs:string*">
      <xsl:apply-templates select="if ($work/self::biblStruct) then e:bibl-struct($work)/node() else $work/node()"
                           mode="pr:citation"/>
    </xsl:variable>
    <xsl:sequence select="replace(normalize-space(string-join($markup, '')), '(\\[,;:.])$', '')"/>
  </xsl:function>

  <xsl:template match="note | relatedItem | ptr | idno | citedRange" mode="pr:citation"/>
  <xsl:template match="title" mode="pr:citation">
    <xsl:value-of select="'#emph[' || pr:text(normalize-space(.)) || ']'"/>
  </xsl:template>
  <xsl:template match="e:i" mode="pr:citation">
    <xsl:value-of select="'#emph[' || pr:neutral(.) || ']'"/>
  </xsl:template>
  <xsl:template match="*" mode="pr:citation">
    <xsl:apply-templates mode="pr:citation"/>
  </xsl:template>
  <xsl:template match="text()" mode="pr:citation">
    <xsl:value-of select="pr:text(.)"/>
  </xsl:template>

  <xsl:template match="title[not(@level = ('a', 'u'))][not(ancestor::teiHeader)]" priority="-0.5">
    <xsl:value-of select="pr:inline('emph', .)"/>
  </xsl:template>

  <!-- Set by their container: list labels by the list, speakers by the speech. -->
  <xsl:template match="list/label | sp/speaker"/>

</xsl:stylesheet>
