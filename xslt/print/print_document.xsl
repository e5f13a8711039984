<?xml version="1.0" encoding="UTF-8"?>
<!--
  One document as a Typst fragment: heading block, metadata block, text and
  source note inside ed.edition-document(...), so that its language,
  footnote numbering and running head are its own.  The same fragment goes
  into the volume and into the document's own PDF (where ed.single-head and
  ed.single-foot add the edition's title and how to cite the document).
-->
<xsl:stylesheet xmlns:xsl="http://www.w3.org/1999/XSL/Transform" version="3.0"
                xmlns:xs="http://www.w3.org/2001/XMLSchema"
                xmlns:e="urn:x-edition-toolkit:xslt"
                xmlns:f="urn:x-edition-toolkit:facts"
                xmlns:pr="urn:x-edition-toolkit:print"
                xpath-default-namespace="http://www.tei-c.org/ns/1.0"
                exclude-result-prefixes="#all">

  <xsl:template match="/TEI">
    <xsl:variable name="facts" select="e:document(@xml:id)"/>
    <xsl:if test="empty($facts)">
      <xsl:sequence select="error(xs:QName('pr:no-facts'), 'the corpus model has no document ' || @xml:id)"/>
    </xsl:if>
    <xsl:value-of select="'#ed.single-head(' || pr:content(pr:text(pr:edition-title())) || ', '
                          || pr:content(pr:text(e:label('doc.of', ($facts/@n, string(count(e:documents())))))) || ')&#10;'"/>
    <xsl:value-of select="'#ed.edition-document(id: ' || pr:key(@xml:id) || ', lang: '
                          || pr:key((text/@xml:lang, @xml:lang, $facts/@language, 'en')[normalize-space()][1])
                          || ', running: ' || pr:content(pr:running-head(.)) || ')[&#10;'"/>
    <xsl:apply-templates select="text/front" mode="heading">
      <xsl:with-param name="number" select="string($facts/@n)"/>
    </xsl:apply-templates>
    <xsl:call-template name="pr:metadata-block">
      <xsl:with-param name="document" select="$facts"/>
    </xsl:call-template>
    <xsl:apply-templates select="text/body, text/back"/>
    <xsl:call-template name="pr:source-note"/>
    <xsl:text>]&#10;</xsl:text>
    <xsl:value-of select="'#ed.single-foot(' || pr:content(pr:text(e:label('about.cite'))) || ', '
                          || pr:content(pr:text(pr:citation($facts))) || ')&#10;'"/>
  </xsl:template>

  <!-- The running head of recto pages: "No. 3 · Title", shortened at a word to fit one line. -->
  <xsl:function name="pr:running-head" as="xs:string">
    <xsl:param name="tei" as="element(TEI)"/>
    <xsl:variable name="title" select="pr:words(pr:main-title($tei/text/front))"/>
    <xsl:variable name="short" select="if (string-length($title) le $running-head-length) then $title
      else replace(substring($title, 1, $running-head-length), '[\s,;:.]+\S*$', '') || ' …'"/>
    <xsl:sequence select="pr:text(e:label('documents.no') || ' ' || e:document($tei/@xml:id)/@n || ' · ' || $short)"/>
  </xsl:function>

  <xsl:function name="pr:main-title" as="element()?">
    <xsl:param name="front" as="element(front)?"/>
    <xsl:sequence select="$front/docTitle/titlePart[@type = 'main' or not(@type)][1]"/>
  </xsl:function>

  <!-- ============================================================ heading block -->

  <xsl:template match="front" mode="heading">
    <xsl:param name="number" as="xs:string"/>
    <xsl:variable name="main" select="pr:main-title(.)"/>
    <xsl:value-of select="'#ed.doc-heading(number: ' || pr:content(pr:text(e:label('documents.no') || ' ' || $number))
                          || ', plain: ' || pr:content(pr:text($number || '. ' || pr:words($main)))"/>
    <xsl:text>, title: [</xsl:text>
    <xsl:apply-templates select="$main/node()"/>
    <xsl:text>]</xsl:text>
    <xsl:if test="docTitle/titlePart except $main">
      <xsl:text>, desc: [</xsl:text>
      <xsl:for-each select="docTitle/titlePart except $main">
        <xsl:if test="position() gt 1">
          <xsl:text> </xsl:text>
        </xsl:if>
        <xsl:apply-templates/>
      </xsl:for-each>
      <xsl:text>]</xsl:text>
    </xsl:if>
    <xsl:for-each select="docDate[1]">
      <xsl:text>, date: [</xsl:text>
      <xsl:apply-templates/>
      <xsl:text>]</xsl:text>
    </xsl:for-each>
    <xsl:text>)&#10;</xsl:text>
    <xsl:apply-templates select="* except (docTitle, docDate[1])"/>
  </xsl:template>

  <!-- The words of an element without notes and markers: for contents, bookmarks and running heads. -->
  <xsl:function name="pr:words" as="xs:string">
    <xsl:param name="element" as="element()?"/>
    <xsl:variable name="words" as="xs:string*">
      <xsl:apply-templates select="$element/node()" mode="pr:words"/>
    </xsl:variable>
    <xsl:sequence select="normalize-space(string-join($words, ''))"/>
  </xsl:function>

  <xsl:template match="text()" mode="pr:words">
    <xsl:value-of select="."/>
  </xsl:template>
  <xsl:template match="lb" mode="pr:words">
    <xsl:text> </xsl:text>
  </xsl:template>
  <xsl:template match="note | corr[parent::choice] | reg[parent::choice] | expan[parent::choice] | del | fw | pb"
                mode="pr:words"/>
  <xsl:template match="gap" mode="pr:words">[…]</xsl:template>

  <!-- ============================================================ metadata block -->

  <!-- Type, parties, date as given and normalised, place, reference numbers: from the corpus model,
       so that the block says what the HTML edition and the exports say. -->
  <xsl:template name="pr:metadata-block">
    <xsl:param name="document" as="element(f:document)"/>
    <xsl:variable name="date" select="$document/f:date"/>
    <xsl:variable name="rows" as="xs:string*" select="
      pr:row('doc.type', $document/@type[normalize-space()] ! e:value-label('type', .)),
      pr:row('doc.sender', string-join($document/f:sender ! e:party-as-written(.), '; ')),
      pr:row('doc.recipient', string-join($document/f:recipient ! e:party-as-written(.), '; ')),
      pr:row('doc.date', normalize-space($date) || (pr:normalised-date($date)[.] ! (' (' || . || ')'))),
      pr:row('doc.place', string-join($document/f:place ! normalize-space(.), '; ')),
      pr:row('doc.reference', string-join($document/f:reference ! normalize-space(.), '; '))"/>
    <xsl:if test="exists($rows)">
      <xsl:value-of select="'#ed.doc-meta(' || string-join($rows, ', ') || ')&#10;'"/>
    </xsl:if>
  </xsl:template>

  <!-- A row (label, value) of the metadata block; nothing when the value is empty. -->
  <xsl:function name="pr:row" as="xs:string?">
    <xsl:param name="label" as="xs:string"/>
    <xsl:param name="value" as="xs:string?"/>
    <xsl:if test="normalize-space($value)">
      <xsl:sequence select="'(' || pr:content(pr:text(e:label($label))) || ', ' || pr:content(pr:text($value)) || ')'"/>
    </xsl:if>
  </xsl:function>

  <!-- The normalised date in ISO 8601: "1848-03-18", "not before 1848-04-03". -->
  <xsl:function name="pr:normalised-date" as="xs:string?">
    <xsl:param name="date" as="element(f:date)?"/>
    <xsl:sequence select="
      if ($date/@when) then string($date/@when)
      else if ($date/@not-before and $date/@not-after)
        then e:label('date.between', ($date/@not-before, $date/@not-after))
      else if ($date/@not-before) then e:label('date.not-before', $date/@not-before)
      else if ($date/@not-after) then e:label('date.not-after', $date/@not-after)
      else ()"/>
  </xsl:function>

  <!-- ============================================================ source note -->

  <!-- Witnesses, then prior publications, each a sentence; notes of the editors on the
       source note as footnotes; the page number the print source prints there in the margin. -->
  <xsl:template name="pr:source-note">
    <xsl:variable name="source" select="teiHeader/fileDesc/sourceDesc"/>
    <xsl:variable name="notes" select="teiHeader/fileDesc/notesStmt"/>
    <xsl:variable name="sentences" as="xs:string*">
      <xsl:apply-templates select="$source/msDesc" mode="pr:witness"/>
      <xsl:for-each select="$source/(bibl | listBibl/bibl | biblStruct)">
        <xsl:variable name="lead" select="if (@type = 'publication') then e:label('doc.publications') || ':'
                                          else if (@type = 'collection') then e:label('doc.in', '') else ''"/>
        <xsl:sequence select="pr:text(normalize-space($lead) || ' ') || pr:cited(.) || '\.'"/>
      </xsl:for-each>
    </xsl:variable>
    <xsl:if test="exists($sentences)">
      <xsl:value-of select="'#ed.doc-source(' || pr:content(pr:text(e:label('print.source') || ':')) || ', ['
                            || string-join($sentences, ' ')"/>
      <xsl:apply-templates select="$notes/note[@type = 'editorial']"/>
      <xsl:text>])&#10;</xsl:text>
    </xsl:if>
    <xsl:for-each select="$notes/note[@type = 'source'][normalize-space()]">
      <xsl:variable name="markup" as="xs:string*">
        <xsl:apply-templates select="node()" mode="pr:as-printed"/>
      </xsl:variable>
      <xsl:value-of select="'#ed.doc-source(' || pr:content(pr:text(e:label('doc.source-note') || ':')) || ', ['
                            || normalize-space(string-join($markup, '')) || '])&#10;'"/>
    </xsl:for-each>
  </xsl:template>

  <!-- The source note as the print source gives it, with remarks such as "(Emphasis
       added by ...)" that the structured citation has no place for: its words as
       written, a correction in a footnote, the printed page number in the margin;
       names here are not index entries (the index counts the text's mentions). -->
  <xsl:template match="text()" mode="pr:as-printed">
    <xsl:value-of select="pr:text(.)"/>
  </xsl:template>
  <xsl:template match="choice | fw[@type = 'pageNum']" mode="pr:as-printed">
    <xsl:apply-templates select="."/>
  </xsl:template>
  <xsl:template match="*" mode="pr:as-printed">
    <xsl:apply-templates select="node()" mode="pr:as-printed"/>
  </xsl:template>

  <!-- "Repository, shelfmark. Type. Form." with the labels of the common layer; the
       repository and shelfmark keep their markup (a correction there gets its footnote). -->
  <xsl:template match="msDesc" mode="pr:witness">
    <xsl:variable name="identifier" select="msIdentifier"/>
    <xsl:variable name="prefix" select="if (e:has-label('witness.prefix.' || @type)) then e:label('witness.prefix.' || @type) else ()"/>
    <xsl:variable name="parts" as="xs:string*">
      <xsl:for-each select="$identifier/(settlement, institution, repository, collection, idno[1])[normalize-space()]">
        <xsl:variable name="markup" as="xs:string*">
          <xsl:apply-templates select="node()"/>
        </xsl:variable>
        <xsl:sequence select="normalize-space(string-join($markup, ''))"/>
      </xsl:for-each>
    </xsl:variable>
    <xsl:variable name="facts" select="(
      @type[e:has-label('witness.type.' || .)] ! e:label('witness.type.' || .),
      physDesc/objectDesc/@form ! e:value-label('witness.form', .))"/>
    <xsl:sequence select="string-join(($prefix ! pr:text(.), string-join($parts, ', ') || '\.',
                                       $facts ! pr:text(. || '.')), ' ')"/>
  </xsl:template>

  <!-- Neutral citation markup of the common layer (e:seq, e:i, e:link) as Typst. -->
  <xsl:function name="pr:neutral" as="xs:string">
    <xsl:param name="seq" as="element()"/>
    <xsl:variable name="markup" as="xs:string*">
      <xsl:apply-templates select="$seq/node()" mode="pr:neutral"/>
    </xsl:variable>
    <xsl:sequence select="string-join($markup, '')"/>
  </xsl:function>

  <xsl:template match="text()" mode="pr:neutral">
    <xsl:value-of select="pr:text(.)"/>
  </xsl:template>
  <xsl:template match="e:i" mode="pr:neutral">
    <xsl:value-of select="'#emph[' || pr:neutral(.) || ']'"/>
  </xsl:template>
  <xsl:template match="e:seq | e:link" mode="pr:neutral">
    <xsl:value-of select="pr:neutral(.)"/>
  </xsl:template>

</xsl:stylesheet>
